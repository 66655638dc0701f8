/**
 * Names a function reads that its file declares nowhere, and the declared name they are likely a
 * typo of. Class of writing: a slip in the author's own code (`return ezpZ.map(…)` two lines
 * after `const expZ = …`). Such a function throws a ReferenceError when it runs (unless the name
 * is a global of some other script), so nothing can be checked against it; the reader is told so,
 * and which name was probably meant, instead of a bare "unknown variable". GradLens never reads
 * the function as if the typo were fixed: the author may have meant something else.
 */
import type * as T from 'typescript';
import { ts } from './ts.js';

const declaredCache = new WeakMap<T.SourceFile, Set<string>>();

/** Every name a declaration in the file binds (variables, parameters, functions, classes, imports, catch clauses). */
function declaredNames(sf: T.SourceFile): Set<string> {
  let names = declaredCache.get(sf);
  if (names) return names;
  names = new Set<string>();
  const bind = (n: T.BindingName | T.Identifier | undefined) => {
    if (!n) return;
    if (ts.isIdentifier(n)) names!.add(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  const stack: T.Node[] = [sf];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) bind(n.name);
    else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassExpression(n)) && n.name) bind(n.name);
    else if (ts.isImportClause(n) && n.name) bind(n.name);
    else if (ts.isImportSpecifier(n) || ts.isNamespaceImport(n)) bind(n.name);
    n.forEachChild((c) => { stack.push(c); });
  }
  declaredCache.set(sf, names);
  return names;
}

/** One substitution, one adjacent transposition, one insertion or one deletion apart. */
function oneSlipApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  for (let i = 0; i <= s.length; i++) if (s.slice(0, i) === l.slice(0, i) && s.slice(i) === l.slice(i + 1)) return true;
  return false;
}

/**
 * When `name` is declared nowhere in the file and exactly one declared name of at least three
 * characters is one slip away from it: the sentence that says so; otherwise null (the caller keeps
 * its plain "unknown variable": a global of the page, of a sibling script or of the runtime).
 */
export function undeclaredTypo(sf: T.SourceFile, name: string): string | null {
  if (name.length < 3) return null;
  const declared = declaredNames(sf);
  if (declared.has(name)) return null;
  const near = [...declared].filter((d) => d.length >= 3 && oneSlipApart(d, name));
  if (near.length !== 1) return null;
  return `${name} is declared nowhere in this file (a typo of ${near[0]}?): as written the function throws a ReferenceError when it runs, so there is nothing to check against`;
}
