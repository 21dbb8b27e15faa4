// The conventions the k6 scripts share with the rest of Perflens, imported from @perflens/conventions'
// TypeScript sources by relative path rather than by package name: k6 >= 0.57 runs src/<test>.ts itself
// and resolves only relative paths and URLs, never node_modules, so `from '@perflens/conventions'` would
// fail there (webpack and jest follow the same paths). k6 also needs every import to name its file with
// the extension, which conventions' own `./x` imports do not, so only modules that import nothing are
// taken; conventions.test.ts checks both.
export { parseDuration } from '../../../conventions/src/durations.ts';
export { selector } from '../../../conventions/src/promql.ts';
