/** The label value for every URL that matches no configured page. */
export const OTHER_PAGE = 'other';

export interface PagePattern {
  /** The label value; defaults to the pattern itself. */
  name?: string;
  /** A path template: literal segments, `:param` for one segment, a final `*` for any rest. */
  pattern: string;
}

/**
 * Maps a page URL to one of the configured page templates. Real URLs carry ids, search terms and
 * tracking parameters; labelling by them would give every visitor a series of their own, so the page
 * label is always a configured template or "other" (the cardinality advice in the OTel HTTP semantic
 * conventions for http.route applies to pages just as well).
 */
export class PageMatcher {
  private readonly compiled: { name: string; regex: RegExp }[];

  constructor(patterns: readonly PagePattern[]) {
    this.compiled = patterns.map((p) => ({ name: p.name ?? p.pattern, regex: compilePattern(p.pattern) }));
  }

  /** The page label for a URL (absolute or a path); anything unparseable or unknown is "other". */
  match(url: string): string {
    let pathname: string;
    try {
      pathname = new URL(url, 'http://page.invalid').pathname;
    } catch {
      return OTHER_PAGE;
    }
    if (pathname.length > 1 && pathname.endsWith('/')) pathname = pathname.slice(0, -1);
    for (const { name, regex } of this.compiled) if (regex.test(pathname)) return name;
    return OTHER_PAGE;
  }
}

/** Compiles a path template; throws with the offending template when it cannot be one. */
export function compilePattern(pattern: string): RegExp {
  if (!pattern.startsWith('/')) throw new Error(`page pattern "${pattern}" must start with "/"`);
  const segments = pattern === '/' ? [] : pattern.replace(/\/$/, '').slice(1).split('/');
  const parts = segments.map((segment, i) => {
    if (segment === '*') {
      if (i !== segments.length - 1)
        throw new Error(`page pattern "${pattern}" may use "*" only as its last segment`);
      return '(?:/.*)?';
    }
    if (segment.startsWith(':')) return '/[^/]+';
    if (segment === '') throw new Error(`page pattern "${pattern}" has an empty segment`);
    return '/' + escapeRegex(encodeURI(segment));
  });
  return new RegExp(`^${parts.join('') || '/'}$`);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
