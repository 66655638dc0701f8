/**
 * Decides what each parameter is — a number, an array of numbers, an object — from its type
 * annotation, its JSDoc type, or (in plain JavaScript) from how the body uses it. Arrays get a
 * fixed length so they can be expanded into one variable per element.
 */
import type * as T from 'typescript';
import { ts } from './ts.js';
import { jsDocParamType } from './jsdoc.js';
import type { JsDocInfo, ParamKind } from './types.js';

export const DEFAULT_DIMS = 3;
const MAX_DIMS = 64;

const VECTOR_TYPE = /^(readonly\s+)?(number\s*\[\s*\]|(Readonly)?Array\s*<\s*number\s*>|Float(32|64)Array|Vector|number\s*\[\s*\]\s*\|\s*Float64Array)$/;
const SCALAR_TYPE = /^(number|boolean|bigint)$/;
const ARRAY_MEMBERS = new Set(['length', 'map', 'reduce', 'forEach', 'slice', 'fill', 'concat', 'every', 'some', 'filter', 'indexOf', 'push']);

export function kindOfType(text: string): ParamKind {
  const t = text.replace(/\s+/g, ' ').trim();
  if (SCALAR_TYPE.test(t)) return 'scalar';
  if (VECTOR_TYPE.test(t)) return 'vector';
  return 'object';
}

export function classifyParam(p: T.ParameterDeclaration, fn: T.SignatureDeclaration, doc: JsDocInfo, sf: T.SourceFile): ParamKind {
  if (!ts.isIdentifier(p.name) || p.dotDotDotToken) return 'unknown';
  const name = p.name.text;
  if (p.type) return kindOfType(p.type.getText(sf));
  const docType = jsDocParamType(doc, name);
  if (docType) return kindOfType(docType);
  if (p.initializer && (ts.isNumericLiteral(p.initializer) || p.initializer.kind === ts.SyntaxKind.TrueKeyword || p.initializer.kind === ts.SyntaxKind.FalseKeyword)) return 'scalar';
  return usageKind(name, fn, sf, 0);
}

/**
 * A function declared at the top of the file, by name (`function softmax2(z)` or `const f = (z) => …`),
 * so a parameter handed on whole to it (`softmax2(z)`) takes the kind that function gives it.
 */
function topLevelFunction(sf: T.SourceFile, name: string): T.SignatureDeclaration | null {
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name?.text === name && st.body) return st;
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) return d.initializer;
      }
    }
  }
  return null;
}

/** How the body uses a parameter: indexing or array methods make it an array, other properties an object. */
function usageKind(name: string, fn: T.SignatureDeclaration, sf: T.SourceFile, depth: number): ParamKind {
  const body = (fn as T.FunctionLikeDeclaration).body;
  if (!body) return 'scalar';
  let kind: ParamKind = 'scalar';
  const stack: T.Node[] = [body];
  let visited = 0;
  while (stack.length > 0 && visited++ < 50_000) {
    const n = stack.pop()!;
    if (ts.isIdentifier(n) && n.text === name) {
      const parent = n.parent;
      if (ts.isElementAccessExpression(parent) && parent.expression === n) return 'vector';
      if ((ts.isForOfStatement(parent) && parent.expression === n) || ts.isSpreadElement(parent)) return 'vector';
      if (ts.isPropertyAccessExpression(parent) && parent.expression === n) {
        if (ARRAY_MEMBERS.has(parent.name.text)) return 'vector';
        kind = 'object';
      }
      // Handed on whole to a function of this file (`const p = softmax2(z)` in a Jacobian that
      // never indexes z itself): an array there is an array here (issue 14, nested-array Jacobians).
      if (depth < 2 && kind === 'scalar' && ts.isCallExpression(parent) && ts.isIdentifier(parent.expression)) {
        const j = parent.arguments.indexOf(n as T.Expression);
        const callee = j >= 0 ? topLevelFunction(sf, parent.expression.text) : null;
        const q = callee && callee !== fn ? callee.parameters[j] : undefined;
        if (q && ts.isIdentifier(q.name) && !q.type && !q.dotDotDotToken && usageKind(q.name.text, callee!, sf, depth + 1) === 'vector') return 'vector';
      }
    }
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  return kind;
}

export function numericDefault(p: T.ParameterDeclaration): number | null {
  let e = p.initializer;
  let sign = 1;
  if (e && ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) {
    sign = -1;
    e = e.operand;
  }
  if (e && ts.isNumericLiteral(e)) return sign * Number(e.text.replace(/_/g, ''));
  return null;
}

/** `@dims 4` for every array parameter, `@dims x 4` or `@dims x=4` for one. */
export function readDims(doc: JsDocInfo): { all: number; perParam: Map<string, number> } {
  let all = DEFAULT_DIMS;
  const perParam = new Map<string, number>();
  const clamp = (n: number) => Math.max(1, Math.min(MAX_DIMS, Math.trunc(n)));
  for (const entry of doc.tags['dims'] ?? []) {
    const single = /^(\d+)\b/.exec(entry);
    if (single) {
      all = clamp(Number(single[1]));
      continue;
    }
    for (const m of entry.matchAll(/([A-Za-z_$][\w$]*)\s*[=:]?\s*(\d+)/g)) perParam.set(m[1]!, clamp(Number(m[2])));
  }
  return { all, perParam };
}

/**
 * The parameters a caller passes: TypeScript's `this: T` (typed `this` of a kernel or a
 * callback) is a type annotation, not a parameter, so it takes no argument and is no variable.
 */
export function valueParameters(decl: T.SignatureDeclaration): readonly T.ParameterDeclaration[] {
  return decl.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
}
