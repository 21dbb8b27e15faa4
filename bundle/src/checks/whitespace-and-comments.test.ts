import { looksMinified, removableBytes } from './whitespace-and-comments';

describe('removableBytes', () => {
  it.each([
    ['indentation and line breaks', 'a {\n  b: 1;\n}', 2 + 2],
    ['a block comment, keeping license comments', '/* x */a/*! keep */', 7],
    ['a line comment on its own line', 'a;\n// note\nb;', 7 + 2],
    ['nothing in minified code', 'function a(b){return b+1}', 0],
  ])('counts %s', (_title, text, bytes) => {
    expect(removableBytes(text)).toBe(bytes);
  });

  it('tells minified from indented code', () => {
    expect(looksMinified('function a(b){return b+1}'.repeat(40))).toBe(true);
    expect(looksMinified('function a(b) {\n    return b + 1;\n}\n'.repeat(40))).toBe(false);
  });
});
