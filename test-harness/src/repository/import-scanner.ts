/** One module reference found in a source file. */
export interface ImportReference {
  specifier: string;
  /** 1-based line of the specifier. */
  line: number;
  /** `import type`, `export type` or a `typeof import('…')` type query: gone at run time, kept in the .d.ts. */
  typeOnly: boolean;
  /** `from` covers `import … from` and `export … from`; `require.resolve` names a file without loading it. */
  form: 'from' | 'side-effect' | 'import()' | 'require' | 'require.resolve';
}

/** `literal` is a template literal or a regular expression: a value whose text never names a module. */
interface Token {
  kind: 'word' | 'string' | 'literal' | 'punctuation';
  text: string;
  line: number;
}

// After these words a `/` starts a regular expression, not a division (ECMA-262 §12: the lexical grammar
// has two goal symbols; the previous token decides which one applies).
const wordsBeforeExpression = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'instanceof',
  'yield',
  'await',
]);

const wordCharacter = /[\w$]/;

/**
 * Finds the module specifiers a JavaScript or TypeScript file imports, as a lexer sees them: static and
 * dynamic imports, `export … from`, `require()` and `require.resolve()`. Text inside comments, strings and
 * template literals is never read as an import, so a test that writes source code into a string does not
 * import what that string mentions. No parser and no dependency: the scanner ships in the harness's dist.
 */
export function scanImports(source: string): ImportReference[] {
  return findImports(tokenize(source));
}

function findImports(tokens: Token[]): ImportReference[] {
  const found: ImportReference[] = [];
  const textAt = (index: number): string | undefined => tokens[index]?.text;
  const stringAt = (index: number): Token | undefined =>
    tokens[index]?.kind === 'string' ? tokens[index] : undefined;
  let statementIsTypeOnly = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.kind !== 'word' || textAt(index - 1) === '.') {
      if (token.text === ';') statementIsTypeOnly = false;
      continue;
    }
    if ((token.text === 'import' || token.text === 'export') && textAt(index + 1) !== '(') {
      statementIsTypeOnly = textAt(index + 1) === 'type' && stringAt(index + 2) === undefined;
      const sideEffect = token.text === 'import' ? stringAt(index + 1) : undefined;
      if (sideEffect) {
        found.push({
          specifier: sideEffect.text,
          line: sideEffect.line,
          typeOnly: false,
          form: 'side-effect',
        });
      }
      continue;
    }
    const afterFrom = token.text === 'from' ? stringAt(index + 1) : undefined;
    if (afterFrom) {
      found.push({
        specifier: afterFrom.text,
        line: afterFrom.line,
        typeOnly: statementIsTypeOnly,
        form: 'from',
      });
      statementIsTypeOnly = false;
      continue;
    }
    const call = callArgument(tokens, index);
    if (call) found.push({ ...call, typeOnly: token.text === 'import' && textAt(index - 1) === 'typeof' });
  }
  return found;
}

/** `import('x')`, `require('x')` and `require.resolve('x')`: the string argument of the call at `index`. */
function callArgument(tokens: Token[], index: number): Omit<ImportReference, 'typeOnly'> | undefined {
  const name = tokens[index]!.text;
  let open = index + 1;
  let form: ImportReference['form'] = name === 'import' ? 'import()' : 'require';
  if (name === 'require' && tokens[open]?.text === '.' && tokens[open + 1]?.text === 'resolve') {
    open += 2;
    form = 'require.resolve';
  } else if (name !== 'require' && name !== 'import') return undefined;
  const argument = tokens[open + 1];
  if (tokens[open]?.text !== '(' || argument?.kind !== 'string') return undefined;
  return { specifier: argument.text, line: argument.line, form };
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // One entry per open `{`: true when that brace is a template literal's `${`, so its `}` resumes the text.
  const braces: boolean[] = [];
  let line = 1;
  let position = 0;

  // Template text up to the closing backtick (then the literal is one token) or up to a `${`, whose
  // expression is code and is lexed as such.
  const skipTemplateText = (): void => {
    while (position < source.length) {
      const character = source[position]!;
      if (character === '\\') {
        if (source[position + 1] === '\n') line++;
        position += 2;
        continue;
      }
      if (character === '\n') line++;
      position++;
      if (character === '`') break;
      if (character === '$' && source[position] === '{') {
        position++;
        braces.push(true);
        return;
      }
    }
    tokens.push({ kind: 'literal', text: '', line });
  };

  while (position < source.length) {
    const character = source[position]!;
    const next = source[position + 1];
    if (character === '\n') {
      line++;
      position++;
    } else if (/\s/.test(character)) {
      position++;
    } else if (character === '/' && next === '/') {
      while (position < source.length && source[position] !== '\n') position++;
    } else if (character === '/' && next === '*') {
      const end = source.indexOf('*/', position + 2);
      const stop = end === -1 ? source.length : end + 2;
      line += countNewlines(source, position, stop);
      position = stop;
    } else if (character === '"' || character === "'") {
      const literal = readQuoted(source, position);
      if (literal.closed) tokens.push({ kind: 'string', text: literal.value, line });
      position = literal.end;
    } else if (character === '`') {
      position++;
      skipTemplateText();
    } else if (character === '/' && startsRegularExpression(tokens.at(-1))) {
      position = skipRegularExpression(source, position);
      tokens.push({ kind: 'literal', text: '', line });
    } else if (wordCharacter.test(character)) {
      const start = position;
      while (position < source.length && wordCharacter.test(source[position]!)) position++;
      tokens.push({ kind: 'word', text: source.slice(start, position), line });
    } else {
      position++;
      if (character === '{') braces.push(false);
      if (character === '}' && braces.pop() === true) {
        skipTemplateText();
        continue;
      }
      tokens.push({ kind: 'punctuation', text: character, line });
    }
  }
  return tokens;
}

/**
 * A quoted string, which JavaScript ends at the line's end at the latest. Stopping there also keeps an
 * apostrophe in JSX text ("Don't") from swallowing more than its own line.
 */
function readQuoted(source: string, start: number): { value: string; end: number; closed: boolean } {
  const quote = source[start];
  let value = '';
  let position = start + 1;
  while (position < source.length) {
    const character = source[position]!;
    if (character === '\n') return { value, end: position, closed: false };
    if (character === quote) return { value, end: position + 1, closed: true };
    if (character === '\\') {
      value += source[position + 1] ?? '';
      position += 2;
      continue;
    }
    value += character;
    position++;
  }
  return { value, end: position, closed: false };
}

function startsRegularExpression(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === 'string' || previous.kind === 'literal') return false;
  if (previous.kind === 'word') return wordsBeforeExpression.has(previous.text);
  return !')]}'.includes(previous.text);
}

function skipRegularExpression(source: string, start: number): number {
  let inClass = false;
  let position = start + 1;
  while (position < source.length) {
    const character = source[position]!;
    if (character === '\n') return position;
    if (character === '\\') {
      position += 2;
      continue;
    }
    position++;
    if (character === '[') inClass = true;
    else if (character === ']') inClass = false;
    else if (character === '/' && !inClass) break;
  }
  while (position < source.length && wordCharacter.test(source[position]!)) position++;
  return position;
}

function countNewlines(text: string, start: number, end: number): number {
  let count = 0;
  for (let index = start; index < end; index++) if (text[index] === '\n') count++;
  return count;
}
