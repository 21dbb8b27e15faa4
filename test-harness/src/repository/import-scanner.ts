import ts from 'typescript';

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

/**
 * Finds the module specifiers a JavaScript or TypeScript file imports: static and dynamic imports,
 * `export … from`, `import x = require()`, `require()` and `require.resolve()`. It parses with TypeScript's
 * own parser (already the repository's compiler), so comments, strings, template literals and regular
 * expressions are never mistaken for imports, and type-only imports are told apart. Only literal
 * specifiers count: `require(\`./${name}\`)` names no fixed module.
 */
export function scanImports(source: string, fileName = 'module.ts'): ImportReference[] {
  const kind = /\.[jt]sx$/.test(fileName) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kind);
  const found: ImportReference[] = [];
  const add = (node: ts.Node | undefined, typeOnly: boolean, form: ImportReference['form']): void => {
    if (!node || !ts.isStringLiteralLike(node) || ts.isNoSubstitutionTemplateLiteral(node)) return;
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    found.push({ specifier: node.text, line, typeOnly, form });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(
        node.moduleSpecifier,
        node.importClause?.isTypeOnly ?? false,
        node.importClause ? 'from' : 'side-effect',
      );
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly, 'from');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly, 'require');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true, 'import()');
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const [argument] = node.arguments;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) add(argument, false, 'import()');
      else if (ts.isIdentifier(callee) && callee.text === 'require') add(argument, false, 'require');
      else if (isRequireResolve(callee)) add(argument, false, 'require.resolve');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function isRequireResolve(callee: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'require' &&
    callee.name.text === 'resolve'
  );
}
