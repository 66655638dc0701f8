/**
 * Public entry points of the LaTeX math reader: parseMath turns a region's text into lines of
 * relation chains with parsed members; collectFunctionNames finds the functions a document defines
 * so the caller can build the ParseContext first. Neither throws.
 */
import type { MathNode } from 'mathjs';
import { MAX_EXPRESSION_LENGTH } from '../core/expr/tree.js';
import { pairBrackets, type Brackets } from './brackets.js';
import { GREEK, renderName, vocabularyFunction } from './names.js';
import { LatexError, Parser } from './parser.js';
import { Structure, type Span } from './structure.js';
import { expandMacros } from './macros.js';
import { readInfixFractions } from './infixFractions.js';
import { tokenize, type Token } from './tokenizer.js';
import type { Condition, Member, ParseContext, ParsedLine, ParsedMath } from './types.js';

export { LatexError } from './parser.js';

/** Longest member we try to parse; longer ones are reported, not read. */
export const MAX_MEMBER_LENGTH = MAX_EXPRESSION_LENGTH;

export function parseMath(text: string, ctx: ParseContext): ParsedMath {
  if (typeof text !== 'string' || text.trim() === '') return { lines: [] };
  try {
    const toks = readInfixFractions(expandMacros(text, tokenize(text), ctx.macros ?? new Map()));
    const br = pairBrackets(toks);
    const drafts = new Structure(toks, br).lines();
    const lines: ParsedLine[] = [];
    for (const d of drafts) {
      const members = d.members.map((s) => parseMember(toks, br, ctx, s));
      if (d.continuesPrevious) {
        const prev = lines[lines.length - 1];
        const left = prev?.members[0];
        // The left side lives on the previous line, or before this region when there is none.
        members[0] = left
          ? { ...left, node: left.node ? left.node.cloneDeep() : null }
          : { node: null, error: null, start: d.from, end: d.from };
      }
      lines.push({
        members,
        relations: d.relations,
        continuesPrevious: d.continuesPrevious,
        conditions: d.conditions.map((s) => parseConditionSpan(text, toks, br, ctx, s)),
        start: d.from,
        end: d.to,
      });
    }
    return { lines };
  } catch (e) {
    // Only a bug can get here (parsers throw LatexError, caught per member); stay usable anyway.
    const message = e instanceof RangeError ? 'formula is too deeply nested' : `internal error while reading the formula: ${(e as Error)?.message ?? e}`;
    return { lines: [{ members: [{ node: null, error: message, start: 0, end: text.length }], relations: [], continuesPrevious: false, conditions: [], start: 0, end: text.length }] };
  }
}

function offsets(toks: readonly Token[], s: Span): { start: number; end: number } {
  if (s.from >= s.to) {
    const at = toks[s.from]?.start ?? toks[toks.length - 1]?.end ?? 0;
    return { start: at, end: at };
  }
  return { start: toks[s.from]!.start, end: toks[s.to - 1]!.end };
}

function parseMember(toks: readonly Token[], br: Brackets, ctx: ParseContext, s: Span): Member {
  const { start, end } = offsets(toks, s);
  if (s.from >= s.to) return { node: null, error: 'missing expression', start, end };
  if (end - start > MAX_MEMBER_LENGTH) {
    return { node: null, error: `formula is ${end - start} characters long; the limit is ${MAX_MEMBER_LENGTH}`, start, end };
  }
  try {
    const p = Parser.create(toks, br, ctx, s.from, s.to);
    const node = p.parseExpression();
    const rest = p.peek();
    if (rest) p.unexpected(rest);
    return { node, error: null, start, end };
  } catch (e) {
    return { node: null, error: describeError(e), start, end };
  }
}

function describeError(e: unknown): string {
  if (e instanceof LatexError) return e.message;
  if (e instanceof RangeError) return 'formula is too deeply nested';
  return `internal error while reading the formula: ${(e as Error)?.message ?? String(e)}`;
}

function parseConditionSpan(text: string, toks: readonly Token[], br: Brackets, ctx: ParseContext, s: Span): Condition {
  const { start, end } = offsets(toks, s);
  // The text shown to the user starts after a lead-in such as \text{if } or \text{where }.
  let from = s.from;
  while (from < s.to && (toks[from]!.kind === 'space' || isLeadIn(toks[from]!))) from++;
  const shownStart = from < s.to ? toks[from]!.start : end;
  let node: MathNode | null = null;
  if (end - start <= MAX_MEMBER_LENGTH) {
    try {
      node = Parser.create(toks, br, ctx, s.from, s.to).parseCondition(s.from, s.to);
    } catch {
      node = null;
    }
  }
  return { text: text.slice(shownStart, end).trim(), node, start: shownStart, end };
}

function isLeadIn(t: Token): boolean {
  if (t.kind === 'char' && (t.value === ',' || t.value === ';')) return true;
  return t.kind === 'text' && /^\s*[,;]?\s*(if|for|when|whenever|where|with|since|given|assuming|provided|such that|s\.t\.)?[\s,:]*$/i.test(t.arg ?? '');
}

/**
 * Names a formula defines as functions: `f(x) = …`, `\sigma(z) := …`, `\operatorname{sig}[z] = …`,
 * `L(\mathbf{x}, \mathbf{W}) = …`. The arguments must be plain names; vocabulary functions are left out.
 */
export function collectFunctionNames(text: string): string[] {
  if (typeof text !== 'string' || text === '') return [];
  const found: string[] = [];
  try {
    const toks = readInfixFractions(tokenize(text));
    const br = pairBrackets(toks);
    const p = Parser.create(toks, br, { isFunction: () => false }, 0, toks.length);
    for (let i = 0; i < toks.length; i++) {
      const name = definedAt(p, toks, br, i);
      if (name && !found.includes(name) && vocabularyFunction(name) === null) found.push(name);
    }
  } catch {
    // A scan that cannot finish still returns what it found.
  }
  return found;
}

const DEFINING = new Set(['coloneqq', 'coloneq', 'equiv', 'triangleq', 'doteq', 'defeq']);

/** The function name defined by a definition starting at token i, or null. */
function definedAt(p: Parser, toks: readonly Token[], br: Brackets, i: number): string | null {
  const t = toks[i]!;
  let name: string;
  let next: number;
  if (t.kind === 'letter') {
    const prev = toks[i - 1];
    if (prev && prev.kind === 'letter' && !t.spaceBefore) return null; // inside a word
    let j = i + 1;
    while (j < toks.length && toks[j]!.kind === 'letter' && !toks[j]!.spaceBefore) j++;
    if (j - i > 1) {
      name = toks.slice(i, j).map((x) => x.value).join('');
      next = j;
    } else {
      const r = safeRead(p, i);
      if (!r || r.primes > 0) return null;
      name = renderName(r.parts);
      next = r.next;
    }
  } else if ((t.kind === 'cmd' && GREEK[t.value] !== undefined) || t.kind === 'text' || (t.kind === 'cmd' && /^(mathbf|boldsymbol|bm|mathcal|mathit|hat|tilde|bar)$/.test(t.value))) {
    const r = safeRead(p, i);
    if (!r || r.primes > 0) return null;
    name = renderName(r.parts);
    next = r.next;
  } else {
    return null;
  }
  while (next < toks.length && toks[next]!.kind === 'space') next++;
  const open = toks[next];
  if (!open) return null;
  const isOpen = (open.kind === 'char' && (open.value === '(' || open.value === '[')) || (open.kind === 'left' && (open.value === '(' || open.value === '['));
  if (!isOpen) return null;
  const close = br.match[next]!;
  if (close < next) return null;
  // Arguments: plain names separated by commas or semicolons.
  let k = next + 1;
  let expectName = true;
  while (k < close) {
    const a = toks[k]!;
    if (a.kind === 'space') {
      k++;
      continue;
    }
    if (expectName) {
      const r = safeRead(p, k);
      if (!r || r.next > close) return null;
      k = r.next;
      expectName = false;
    } else {
      if (!(a.kind === 'char' && (a.value === ',' || a.value === ';'))) return null;
      k++;
      expectName = true;
    }
  }
  if (expectName) return null;
  let after = close + 1;
  // `g(x) &= e^x` in an aligned block: the alignment mark sits between the head and its `=`.
  while (after < toks.length && (toks[after]!.kind === 'space' || (toks[after]!.kind === 'char' && toks[after]!.value === '&'))) after++;
  const rel = toks[after];
  const rel2 = toks[after + 1];
  if (!rel) return null;
  const defines =
    (rel.kind === 'char' && rel.value === '=') ||
    (rel.kind === 'char' && rel.value === ':' && rel2?.kind === 'char' && rel2.value === '=') ||
    (rel.kind === 'cmd' && (DEFINING.has(rel.value) || rel.value === 'stackrel' || rel.value === 'overset'));
  return defines && /^[A-Za-z][A-Za-z0-9_]*$/.test(name) ? name : null;
}

function safeRead(p: Parser, i: number): ReturnType<Parser['readName']> {
  try {
    return p.readName(i);
  } catch {
    return null;
  }
}
