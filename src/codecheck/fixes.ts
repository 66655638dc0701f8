/**
 * Quick fixes for numerically fragile TypeScript/JavaScript: the stable rewrite of an instability
 * warning, as text edits. Findings say which function is fragile (its name's range) and what the
 * stable form is, but not where in the source the fragile expression sits, so the source is parsed
 * here (never run) and the edit built from its syntax:
 *
 * - when the function returns one expression and the finding's stable form is an expression in
 *   the function's own parameters that computes the same values (checked numerically on the
 *   finding's expression, so a `2 * softplus` is never replaced by a bare softplus), the returned
 *   expression is replaced by it: `Math.log(1 + Math.exp(x))` → `Math.max(x, 0) + Math.log1p(…)`;
 * - otherwise each fragile pattern in the body is rewritten in place: log(1 + exp(u)) and
 *   log1p(exp(u)) → softplus(u) written stably, log σ(u) → −softplus(−u), log(1 − σ(u)) → −softplus(u).
 *
 * Warnings whose remedy is advice rather than a rewrite (clamp a probability, subtract the maximum
 * before a softmax) get no fix. The language server's worker builds them ahead of a code-action
 * request, and `--format sarif` attaches them as SARIF fixes.
 *
 * Still a second reading of the source: the translated trees that patterns.ts scans carry no source
 * ranges, so the fragile call's position is found again here. Giving translated nodes their ranges
 * (src/code/translate.ts) would let patterns.ts hand each pattern's range to this module.
 */
import type * as T from 'typescript';
import { compile, freeVariables, parseExpression } from '../core/index.js';
import type { Finding } from '../documents/findings.js';
import { ts } from '../code/ts.js';
import type { SourceRange } from '../latex/types.js';

export interface CodeFix {
  title: string;
  edits: { range: SourceRange; newText: string }[];
}

type Fn = T.FunctionLikeDeclaration & { body?: T.ConciseBody };

const SOFTPLUS = (u: string) => `Math.max(${u}, 0) + Math.log1p(Math.exp(-Math.abs(${u})))`;

function strip(n: T.Expression): T.Expression {
  while (ts.isParenthesizedExpression(n)) n = n.expression;
  return n;
}

function mathCall(n: T.Expression, ...names: string[]): T.Expression | null {
  n = strip(n);
  if (!ts.isCallExpression(n) || n.arguments.length !== 1) return null;
  const callee = n.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Math') return null;
  return names.includes(callee.name.text) ? n.arguments[0]! : null;
}

function isNumber(n: T.Expression, v: number): boolean {
  n = strip(n);
  return ts.isNumericLiteral(n) && Number(n.text) === v;
}

function terms(n: T.Expression): T.Expression[] {
  n = strip(n);
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...terms(n.left), ...terms(n.right)];
  return [n];
}

/** 1 + Math.exp(a) (either order): a. */
function onePlusExp(n: T.Expression): T.Expression | null {
  const t = terms(n);
  if (t.length !== 2) return null;
  const e = isNumber(t[0]!, 1) ? t[1]! : isNumber(t[1]!, 1) ? t[0]! : null;
  return e ? mathCall(e, 'exp') : null;
}

function negated(n: T.Expression): T.Expression | null {
  n = strip(n);
  return ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken ? n.operand : null;
}

/** 1 / (1 + Math.exp(-a)): a. */
function sigmoidOf(n: T.Expression): T.Expression | null {
  n = strip(n);
  if (!ts.isBinaryExpression(n) || n.operatorToken.kind !== ts.SyntaxKind.SlashToken || !isNumber(n.left, 1)) return null;
  const inner = onePlusExp(n.right);
  return inner ? negated(inner) : null;
}

function oneMinusSigmoidOf(n: T.Expression): T.Expression | null {
  n = strip(n);
  if (!ts.isBinaryExpression(n) || n.operatorToken.kind !== ts.SyntaxKind.MinusToken || !isNumber(n.left, 1)) return null;
  return sigmoidOf(n.right);
}

/** −|u| and the like are never positive: exp of them cannot overflow (the stable softplus is written so). */
function nonPositive(n: T.Expression): boolean {
  const inner = negated(n);
  return inner !== null && mathCall(inner, 'abs') !== null;
}

/** The stable text for a fragile expression, or null when it is not one. */
function rewrite(n: T.Expression, text: (n: T.Node) => string): string | null {
  const simple = (a: T.Expression) => {
    const s = strip(a);
    const t = text(s);
    return ts.isIdentifier(s) || ts.isPropertyAccessExpression(s) || ts.isElementAccessExpression(s) || ts.isNumericLiteral(s) || ts.isCallExpression(s) ? t : `(${t})`;
  };
  const log1pArg = mathCall(n, 'log1p');
  if (log1pArg) {
    const a = mathCall(log1pArg, 'exp');
    return a && !nonPositive(a) ? SOFTPLUS(text(strip(a))) : null;
  }
  const logArg = mathCall(n, 'log');
  if (!logArg) return null;
  const a = onePlusExp(logArg);
  if (a) return SOFTPLUS(text(strip(a)));
  const s = sigmoidOf(logArg);
  // log σ(u) = −softplus(−u) = −(max(−u, 0) + log1p(exp(−|u|)))
  if (s) return `-(Math.max(-${simple(s)}, 0) + Math.log1p(Math.exp(-Math.abs(${text(strip(s))}))))`;
  const o = oneMinusSigmoidOf(logArg);
  if (o) return `-(${SOFTPLUS(text(strip(o)))})`;
  return null;
}

/** Whether an expression put where `n` is needs parentheses to keep its meaning. */
function needsParens(n: T.Node): boolean {
  const p = n.parent;
  if (!p) return false;
  if (ts.isParenthesizedExpression(p) || ts.isReturnStatement(p) || ts.isVariableDeclaration(p) || ts.isExpressionStatement(p)
    || ts.isArrayLiteralExpression(p) || ts.isPropertyAssignment(p) || ts.isTemplateSpan(p) || ts.isArrowFunction(p)) return false;
  if (ts.isCallExpression(p)) return p.expression === n;
  if (ts.isConditionalExpression(p)) return p.condition === n;
  if (ts.isBinaryExpression(p)) return p.operatorToken.kind !== ts.SyntaxKind.EqualsToken || p.left === n;
  return true;
}

function functionAt(sf: T.SourceFile, offset: number): Fn | null {
  let found: Fn | null = null;
  const isFn = (n: T.Node | undefined): n is Fn => !!n && (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n));
  const visit = (n: T.Node): void => {
    if (found) return;
    const name = (n as { name?: T.Node }).name;
    if (name && name.getStart(sf) === offset) {
      if (isFn(n)) { found = n; return; }
      const init = (n as { initializer?: T.Expression }).initializer;
      const fn = init ? strip(init) : undefined;
      if ((ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) || ts.isPropertyDeclaration(n)) && isFn(fn)) { found = fn; return; }
    }
    if (n.pos <= offset && offset < n.end) ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** The one expression a function returns, when its body is just that. */
function returnedExpression(fn: Fn): T.Expression | null {
  const body = fn.body;
  if (!body) return null;
  if (!ts.isBlock(body)) return body;
  const statements = body.statements;
  return statements.length === 1 && ts.isReturnStatement(statements[0]!) && statements[0]!.expression ? statements[0]!.expression : null;
}

/** Whether two formulas (mathjs text) agree at a handful of moderate points. */
function sameValues(a: string, b: string): boolean {
  try {
    const na = parseExpression(a), nb = parseExpression(b);
    const vars = [...new Set([...freeVariables(na), ...freeVariables(nb)])];
    const fa = compile(na, vars), fb = compile(nb, vars);
    const grid = [-3.1, -0.7, 0.45, 1.9, 5.3, -12.2, 0.05, 0.83];
    let compared = 0;
    for (let k = 0; k < grid.length; k++) {
      const args = vars.map((_, i) => grid[(k + 3 * i) % grid.length]!);
      const x = fa(...args), y = fb(...args);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) return false;
      compared++;
    }
    return compared >= 4;
  } catch {
    return false;
  }
}

/** A stable form that is an expression in the function's parameters (not advice, not statements). */
function expressionSuggestion(s: string, params: Set<string>): boolean {
  if (!/^[\w\s.+\-*/(),]+$/.test(s)) return false;
  const names = s.replace(/\bMath\.\w+/g, '').match(/[A-Za-z_$][\w$]*/g) ?? [];
  return names.every((n) => params.has(n));
}

function fixFor(sf: T.SourceFile, text: string, f: Finding): CodeFix | null {
  const offset = sf.getPositionOfLineAndCharacter(f.range.start.line, f.range.start.character);
  const fn = functionAt(sf, offset);
  if (!fn?.body) return null;
  const src = (n: T.Node) => text.slice(n.getStart(sf), n.end);
  const range = (n: T.Node): SourceRange => {
    const s = sf.getLineAndCharacterOfPosition(n.getStart(sf)), e = sf.getLineAndCharacterOfPosition(n.end);
    return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
  };

  const params = new Set(fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : '')).filter(Boolean));
  const returned = returnedExpression(fn);
  if (returned && f.expression) {
    for (const s of new Set((f.instability ?? []).map((i) => i.suggestion).filter((x): x is string => !!x))) {
      if (!expressionSuggestion(s, params) || !sameValues(f.expression, s.replace(/\bMath\./g, ''))) continue;
      return { title: `Use the stable form: ${s}`, edits: [{ range: range(returned), newText: s }] };
    }
  }

  const edits: CodeFix['edits'] = [];
  const visit = (n: T.Node): void => {
    if (ts.isCallExpression(n)) {
      const r = rewrite(n, src);
      if (r !== null) {
        edits.push({ range: range(n), newText: needsParens(n) ? `(${r})` : r });
        return;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
  if (edits.length === 0) return null;
  return { title: edits.length === 1 ? `Rewrite in stable form: ${edits[0]!.newText}` : `Rewrite ${edits.length} fragile expressions in stable form`, edits };
}

/** For each finding, its quick fix (instability warnings on code definitions), or null. */
export function codeFixes(path: string, text: string, findings: readonly Finding[]): (CodeFix | null)[] {
  const wanted = findings.some((f) => f.kind === 'definition' && f.instability?.length);
  if (!wanted) return findings.map(() => null);
  let sf: T.SourceFile;
  try {
    const kind = /\.(tsx|jsx)$/i.test(path) ? ts.ScriptKind.TSX : /\.(js|mjs|cjs)$/i.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  } catch {
    return findings.map(() => null);
  }
  return findings.map((f) => {
    if (f.kind !== 'definition' || !f.instability?.length) return null;
    try { return fixFor(sf, text, f); } catch { return null; }
  });
}
