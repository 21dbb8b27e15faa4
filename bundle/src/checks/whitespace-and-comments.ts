/**
 * Bytes a minifier removes without renaming anything: indentation, line breaks, and comments (license
 * comments, `/*!`, kept, as minifiers keep them). A lower bound on what minification saves; renaming and
 * dead-code removal save more.
 */
export function removableBytes(text: string): number {
  let removable = 0;
  const withoutComments = text.replace(/\/\*(?!!)[\s\S]*?\*\/|^[ \t]*\/\/[^\n]*$/gm, (comment) => {
    removable += Buffer.byteLength(comment);
    return '';
  });
  for (const line of withoutComments.split('\n')) {
    const indentation = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    removable += indentation + 1;
  }
  return removable - 1;
}

/** Below this share of removable bytes a file counts as minified (minified output keeps a few line breaks). */
export const MINIFIED_MAX_REMOVABLE_SHARE = 0.05;

/** Whether a built file looks minified: almost nothing a minifier would remove is left. */
export function looksMinified(text: string): boolean {
  return text.length === 0 || removableBytes(text) / Buffer.byteLength(text) < MINIFIED_MAX_REMOVABLE_SHARE;
}
