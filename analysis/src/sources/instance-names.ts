import { type Matcher, regexLiteral } from '@perflens/conventions';

/** The host part of an `instance` label: `db-1:9100` → `db-1`, `[::1]:9100` → `[::1]`. */
export function hostOf(instance: string): string {
  return instance.replace(/:\d+$/, '');
}

/** The `instance` matcher of instances or host names, each with or without a port; an empty list matches none. */
export function instanceMatcher(names: readonly string[]): Matcher {
  if (names.length === 0) return { regex: '' };
  return { regex: `(?:${names.map((h) => regexLiteral(hostOf(h))).join('|')})(?::[0-9]+)?` };
}
