/**
 * Names a function reads from outside itself: module constants, other functions, classes,
 * imports, and parameters of enclosing functions (as in a UMD/IIFE wrapper). Found by walking
 * the syntax tree upward from the function, so a helper inside `(function (global) { … })()` sees
 * its siblings exactly as JavaScript would.
 */
import type * as T from 'typescript';
import { ts } from './ts.js';
import type { FunctionLike } from './values.js';

export type OuterDecl =
  | { kind: 'function'; node: FunctionLike }
  | { kind: 'var'; decl: T.VariableDeclaration; isConst: boolean }
  | { kind: 'class'; node: T.ClassLikeDeclaration }
  | { kind: 'import'; from: string }
  | { kind: 'param'; owner: string; node?: T.ParameterDeclaration };

export class OuterScopes {
  private readonly cache = new Map<T.Node, Map<string, OuterDecl>>();
  private mutated: Set<string> | null = null;

  constructor(readonly sf: T.SourceFile) {}

  /** The declaration `name` refers to when read at `anchor` (looking only outside `anchor`). */
  resolve(name: string, anchor: T.Node): OuterDecl | null {
    for (let n: T.Node | undefined = anchor.parent; n; n = n.parent) {
      if (isContainer(n)) {
        const d = this.declarationsIn(n).get(name);
        if (d) return d;
      } else if (isFunctionLikeNode(n)) {
        const param = n.parameters.find((p) => bindsName(p.name, name));
        if (param) return { kind: 'param', owner: functionLabel(n), node: param };
        if ((ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n)) && n.name?.text === name) return { kind: 'function', node: n };
      } else if (ts.isClassLike(n) && n.name?.text === name) {
        return { kind: 'class', node: n };
      }
    }
    return null;
  }

  /** Whether some code in the file assigns to a variable of this name (so a module `let` is not a constant). */
  isReassigned(name: string): boolean {
    this.mutated ??= collectAssignedNames(this.sf);
    return this.mutated.has(name);
  }

  private declarationsIn(container: T.Node): Map<string, OuterDecl> {
    let map = this.cache.get(container);
    if (map) return map;
    map = new Map();
    const statements = (container as T.Block).statements ?? [];
    for (const s of statements) {
      if (ts.isFunctionDeclaration(s) && s.name && s.body) map.set(s.name.text, { kind: 'function', node: s });
      else if (ts.isClassDeclaration(s) && s.name) map.set(s.name.text, { kind: 'class', node: s });
      else if (ts.isVariableStatement(s)) {
        const isConst = (s.declarationList.flags & ts.NodeFlags.Const) !== 0;
        for (const d of s.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) map.set(d.name.text, { kind: 'var', decl: d, isConst });
        }
      } else if (ts.isImportDeclaration(s) && s.importClause) {
        const from = ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : '?';
        const c = s.importClause;
        if (c.name) map.set(c.name.text, { kind: 'import', from });
        const nb = c.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) map.set(nb.name.text, { kind: 'import', from });
        if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) map.set(el.name.text, { kind: 'import', from });
      } else if (ts.isImportEqualsDeclaration(s)) {
        map.set(s.name.text, { kind: 'import', from: '?' });
      }
    }
    this.cache.set(container, map);
    return map;
  }
}

function isContainer(n: T.Node): boolean {
  return ts.isSourceFile(n) || ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n);
}

export function isFunctionLikeNode(n: T.Node): n is FunctionLike {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n);
}

function bindsName(name: T.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  return name.elements.some((e) => !ts.isOmittedExpression(e) && bindsName(e.name, wanted));
}

function functionLabel(n: FunctionLike): string {
  return n.name && ts.isIdentifier(n.name) ? n.name.text : 'an enclosing function';
}

/** Iterative walk: files can be deep enough to overflow a recursive one. */
function collectAssignedNames(sf: T.SourceFile): Set<string> {
  const names = new Set<string>();
  const stack: T.Node[] = [sf];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (ts.isBinaryExpression(n) && isAssignmentOperator(n.operatorToken.kind) && ts.isIdentifier(n.left)) names.add(n.left.text);
    if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n))
      && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)
      && ts.isIdentifier(n.operand)) names.add(n.operand.text);
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  return names;
}

export function isAssignmentOperator(kind: T.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
