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
  return usageKind(name, fn);
}

/** How the body uses a parameter: indexing or array methods make it an array, other properties an object. */
function usageKind(name: string, fn: T.SignatureDeclaration): ParamKind {
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
