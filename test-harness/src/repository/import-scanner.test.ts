import { scanImports } from './import-scanner';

describe('scanImports', () => {
  it.each([
    ['a default and named import', `import x, { y } from 'pkg';`, 'pkg', 1, false, 'from'],
    ['a type-only import', `import type { Request } from 'express';`, 'express', 1, true, 'from'],
    [
      'an inline type specifier, which keeps the import',
      `import { type A, b } from 'm';`,
      'm',
      1,
      false,
      'from',
    ],
    ['a side-effect import', `import './setup';`, './setup', 1, false, 'side-effect'],
    ['a namespace import over two lines', `import * as fs\n  from "node:fs";`, 'node:fs', 2, false, 'from'],
    ['export star from', `export * from './a';`, './a', 1, false, 'from'],
    ['export type from', `export type { T } from './types';`, './types', 1, true, 'from'],
    ['a dynamic import', `const m = await import('lazy');`, 'lazy', 1, false, 'import()'],
    ['a type query on import()', `type M = typeof import('typed');`, 'typed', 1, true, 'import()'],
    ['require', `const pg = require('pg');`, 'pg', 1, false, 'require'],
    [
      'require.resolve',
      `require.resolve('pkg/package.json');`,
      'pkg/package.json',
      1,
      false,
      'require.resolve',
    ],
    ['import equals require', `import fs = require('fs');`, 'fs', 1, false, 'require'],
    [
      'a require inside a template expression',
      'const a = `${require("inner")}`;',
      'inner',
      1,
      false,
      'require',
    ],
    [
      'a multi-line import at its specifier',
      `import {\n  a,\n  b,\n} from 'multi';`,
      'multi',
      4,
      false,
      'from',
    ],
  ])('finds %s', (_title, source, specifier, line, typeOnly, form) => {
    expect(scanImports(source)).toEqual([{ specifier, line, typeOnly, form }]);
  });

  it.each([
    ['a line comment', `// import x from 'commented';`],
    ['a block comment', `/* require('commented') */`],
    ['a string holding source code', `const code = "import x from 'in-string'";`],
    ['a template literal holding source code', 'const code = `require("in-template")\nimport y from "z"`;'],
    ['a method named require', `loader.require('not-a-module');`],
    ['Array.from', `Array.from('abc');`],
    ['an object key named from', `const range = { from: 'monday' };`],
    ['a regular expression with quotes', `const quoted = /'(import x from 'y')'/g;`],
    ['a template-literal argument, which names no fixed module', 'require(`./${name}`);'],
  ])('ignores %s', (_title, source) => {
    expect(scanImports(source)).toEqual([]);
  });

  it('keeps reading after a regular expression, a division and a JSX apostrophe', () => {
    const source = [
      `const ratio = a / b / c;`,
      `const pattern = /\\/dist\\//;`,
      `const view = <p>Don't panic</p>;`,
      `import later from 'after';`,
    ].join('\n');
    expect(scanImports(source, 'view.tsx')).toEqual([
      { specifier: 'after', line: 4, typeOnly: false, form: 'from' },
    ]);
  });

  it('counts lines through comments and template literals', () => {
    const source = '/*\n\n*/\nconst t = `\n${x}\n`;\nimport a from "a";';
    expect(scanImports(source)).toEqual([{ specifier: 'a', line: 7, typeOnly: false, form: 'from' }]);
  });
});
