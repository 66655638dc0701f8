/**
 * Splits a formula's tokens into lines (`\\`), relation chains (=, \approx, :=, <, \Rightarrow…)
 * and side conditions (`\text{if } z > 0`, `, \quad y \in \{0,1\}`), before any expression is
 * parsed. Everything here works on top-level tokens: bracket groups are jumped over with the
 * precomputed pairs, so relations inside `\mathbb{1}[x > 0]` or cases never split a line.
 */
import type { Brackets } from './brackets.js';
import { TRANSPARENT_ENVS } from './parser.js';
import type { Token } from './tokenizer.js';
import type { Relation } from './types.js';

export interface Span {
  from: number;
  to: number;
}

export interface LineDraft {
  members: Span[];
  relations: Relation[];
  continuesPrevious: boolean;
  conditions: Span[];
  from: number;
  to: number;
}

const RELATION_COMMANDS: Readonly<Record<string, Relation>> = {
  approx: 'approx', simeq: 'approx', approxeq: 'approx', thickapprox: 'approx',
  equiv: 'def', coloneqq: 'def', coloneq: 'def', triangleq: 'def', doteq: 'def', defeq: 'def', eqqcolon: 'def',
  le: 'le', leq: 'le', leqslant: 'le', lt: 'lt', ge: 'ge', geq: 'ge', geqslant: 'ge', gt: 'gt', ne: 'ne', neq: 'ne',
  Rightarrow: 'implies', implies: 'implies', Longrightarrow: 'implies', iff: 'implies', Leftrightarrow: 'implies',
  therefore: 'implies', Longleftrightarrow: 'implies',
};

/** Words that open a side condition when they start a \text{…}. */
const CONDITION_WORDS = /^\s*[,;]?\s*(if|for|when|whenever|where|otherwise|else|s\.t\.|such that|with|since|because|as|assuming|given|provided|and|i\.e\.|e\.g\.|by|using|at|then)\b/i;

const isChar = (t: Token | undefined, v: string): boolean => t !== undefined && t.kind === 'char' && t.value === v;

const isTransparent = (t: Token): boolean =>
  t.kind === 'space' || ((t.kind === 'begin' || t.kind === 'end') && TRANSPARENT_ENVS.has(t.value)) || (t.kind === 'text' && (t.arg ?? '').trim() === '');

export class Structure {
  constructor(
    private readonly toks: readonly Token[],
    private readonly br: Brackets,
  ) {}

  /** All lines of the formula, in order; lines with nothing to check are dropped. */
  lines(): LineDraft[] {
    const out: LineDraft[] = [];
    const top = this.topLevel(0, this.toks.length);
    // A sum that wraps (`… + \\ & \frac{12}{50} … = 0.352`) is one line, not two.
    const breaks = top.filter((i, k) => this.isLineBreak(this.toks[i]!) && !this.wraps(top, k));
    let start = 0;
    for (const b of [...breaks, this.toks.length]) {
      for (const d of this.analyzeLine(start, b)) {
        if (d.members.length > 0) out.push(d);
        else if (d.conditions.length > 0 && out.length > 0) out[out.length - 1]!.conditions.push(...d.conditions);
      }
      start = b + 1;
    }
    return out;
  }

  /** The line break at top[k] sits inside an expression: an operator ends the line or starts the next. */
  private wraps(top: number[], k: number): boolean {
    const meaningful = (t: Token | undefined) => t !== undefined && t.kind !== 'space' && !isChar(t, '&');
    let b = k - 1;
    while (b >= 0 && !meaningful(this.toks[top[b]!])) b--;
    let a = k + 1;
    while (a < top.length && !meaningful(this.toks[top[a]!])) a++;
    const isOp = (t: Token | undefined) => t !== undefined && ((t.kind === 'char' && (t.value === '+' || t.value === '-' || t.value === '*')) || (t.kind === 'cmd' && (t.value === 'cdot' || t.value === 'times')));
    const before = b >= 0 ? this.toks[top[b]!] : undefined;
    const after = a < top.length ? this.toks[top[a]!] : undefined;
    return before !== undefined && after !== undefined && (isOp(before) || isOp(after));
  }

  private isLineBreak(t: Token): boolean {
    return t.kind === 'cmd' && (t.value === '\\' || t.value === 'newline' || t.value === 'cr');
  }

  /** Indices of top-level, meaningful tokens in [a, b): groups count as their opening token. */
  private topLevel(a: number, b: number): number[] {
    const out: number[] = [];
    for (let i = a; i < b; i++) {
      const t = this.toks[i]!;
      if (!isTransparent(t) || t.kind === 'space') out.push(i);
      const m = this.br.match[i]!;
      if (m > i && m < b && !((t.kind === 'begin') && TRANSPARENT_ENVS.has(t.value))) i = m;
    }
    return out;
  }

  /** End (exclusive) of the top-level item starting at i: the whole group for an opener. */
  private itemEnd(i: number): number {
    const m = this.br.match[i]!;
    return m > i ? m + 1 : i + 1;
  }

  /** The relation at top-level index position k of `idx`, with how many items it spans. */
  private relationAt(idx: number[], k: number): { rel: Relation; span: number } | null {
    const t = this.toks[idx[k]!]!;
    const next = this.toks[idx[k + 1] ?? -1];
    // `a^1 = a^{1/2} a^{1/2} {\rm ~so~} a^{1/2} = \sqrt a`, `\text{ hence }`: a connective word written
    // inside the math ends one equation and starts the next, like \Rightarrow (issue 13, markup in the wild).
    if (this.isConnective(idx[k]!)) return { rel: 'implies', span: 1 };
    if (t.kind === 'char') {
      switch (t.value) {
        case '=': return { rel: 'eq', span: 1 };
        case ':': return isChar(next, '=') ? { rel: 'def', span: 2 } : null;
        case '<': return isChar(next, '=') ? { rel: 'le', span: 2 } : { rel: 'lt', span: 1 };
        case '>': return isChar(next, '=') ? { rel: 'ge', span: 2 } : { rel: 'gt', span: 1 };
        case '!': return isChar(next, '=') ? { rel: 'ne', span: 2 } : null;
        default: return null;
      }
    }
    if (t.kind !== 'cmd') return null;
    if (t.value === 'stackrel' || t.value === 'overset') {
      // \stackrel{def}{=}: definition; \overset{!}{=} and friends: equality.
      const above = idx[k + 1];
      const below = idx[k + 2];
      if (above === undefined || below === undefined) return null;
      const belowText = this.rawBetween(below);
      if (belowText !== '=') return null;
      return { rel: /def|triangle|:|\\Delta/.test(this.rawBetween(above)) ? 'def' : 'eq', span: 3 };
    }
    const r = RELATION_COMMANDS[t.value];
    return r ? { rel: r, span: 1 } : null;
  }

  /** A word such as "so", "hence", "thus", "therefore", "which gives" written as text inside the math. */
  private isConnective(i: number): boolean {
    const t = this.toks[i]!;
    let words: string;
    if (t.kind === 'text' && /^text|^mbox|^mathrm|^rm/.test(t.value)) words = t.arg ?? '';
    else if (isChar(t, '{') && this.br.match[i]! > i && this.toks[i + 1]?.kind === 'cmd' && /^(rm|textrm|mathrm|text)$/.test(this.toks[i + 1]!.value)) words = this.toks.slice(i + 2, this.br.match[i]!).map((x) => (x.kind === 'cmd' ? ' ' : x.kind === 'text' ? x.arg ?? '' : x.value)).join('');
    else return false;
    return /^[\s~,.]*(so|hence|thus|therefore|which gives|this gives|giving|and so)[\s~,.:]*$/i.test(words.replace(/~/g, ' '));
  }

  /** Token values inside a braced group at i (or the token itself), concatenated. */
  private rawBetween(i: number): string {
    const t = this.toks[i]!;
    const m = this.br.match[i]!;
    const list = isChar(t, '{') && m > i ? this.toks.slice(i + 1, m) : [t];
    return list.map((x) => (x.kind === 'cmd' ? `\\${x.value}` : x.kind === 'text' ? x.arg ?? '' : x.value)).join('');
  }

  /** Whether a top-level token starts a side condition. */
  private startsCondition(i: number): boolean {
    const t = this.toks[i]!;
    if (t.kind === 'cmd' && (t.value === 'forall' || t.value === 'text')) return true;
    if (t.kind !== 'text' || !/^text|^mbox|^hbox/.test(t.value)) return false;
    const arg = t.arg ?? '';
    return CONDITION_WORDS.test(arg) || (/^text|^mbox/.test(t.value) && !/^\s*[A-Za-z][A-Za-z0-9]*\s*$/.test(arg));
  }

  /** `(1)`, `(2.3)`, `\text{(Same as 1.1)}`: an equation tag or remark to drop. */
  private isTag(idx: number[], k: number): boolean {
    const t = this.toks[idx[k]!]!;
    if (k !== idx.length - 1) return false;
    if (t.kind === 'text') return /^\s*\(.*\)\s*$/.test(t.arg ?? '');
    if (!isChar(t, '(')) return false;
    const m = this.br.match[idx[k]!]!;
    if (m < 0) return false;
    const inside = this.toks.slice(idx[k]! + 1, m);
    return inside.length > 0 && inside.every((x) => x.kind === 'num' || x.kind === 'letter' || x.kind === 'text' || isChar(x, '.'));
  }

  /**
   * One source line (between `\\`) → one or more drafts: `a = b \quad c = d` holds two
   * independent equations.
   */
  private analyzeLine(a: number, b: number): LineDraft[] {
    let idx = this.topLevel(a, b).filter((i) => !isChar(this.toks[i], '&'));
    const drafts: LineDraft[] = [];
    const leadConditions: Span[] = [];
    for (;;) {
      idx = this.stripLead(idx, leadConditions);
      if (idx.length === 0) break;
      const members: Span[] = [];
      const relations: Relation[] = [];
      const conditions: Span[] = [...leadConditions.splice(0)];
      let memberStart = 0;
      let rest: number[] = [];
      let k = 0;
      let cut = idx.length;
      for (; k < idx.length; k++) {
        const i = idx[k]!;
        const t = this.toks[i]!;
        const rel = this.relationAt(idx, k);
        if (rel) {
          members.push(this.span(idx, memberStart, k));
          relations.push(rel.rel);
          k += rel.span - 1;
          memberStart = k + 1;
          continue;
        }
        const isSep = isChar(t, ',') || isChar(t, ';') || t.kind === 'space';
        if (isSep || this.startsCondition(i)) {
          let r = isSep ? k + 1 : k;
          while (r < idx.length && this.toks[idx[r]!]!.kind === 'space') r++;
          if (r >= idx.length) {
            cut = k;
            break;
          }
          if (this.isTag(idx, r)) {
            cut = k;
            break;
          }
          // `i = 1, \dots, K`, `n = 1, 2, \ldots, N`: an index range, never an equation or a definition.
          if (isChar(t, ',') && relations.length === 1 && this.isRangeTail(idx.slice(r))) {
            members.length = 0;
            relations.length = 0;
            cut = k;
            break;
          }
          if (!this.startsCondition(idx[r]!) && relations.length > 0 && this.opensEquation(idx.slice(r))) {
            cut = k;
            rest = idx.slice(r);
            break;
          }
          if (!isSep || isChar(t, ',') || isChar(t, ';') || this.startsCondition(idx[r]!) || relations.length > 0 || this.hasRelation(idx.slice(r))) {
            cut = k;
            conditions.push(this.conditionSpan(idx.slice(r)));
            break;
          }
          // A \quad between two parts of one expression: spacing only.
          continue;
        }
      }
      members.push(this.span(idx, memberStart, cut));
      drafts.push(this.finish(members, relations, conditions, idx, cut));
      idx = rest;
    }
    if (drafts.length === 0 && leadConditions.length > 0) {
      drafts.push({ members: [], relations: [], continuesPrevious: false, conditions: leadConditions, from: this.toks[a]?.start ?? 0, to: this.toks[a]?.start ?? 0 });
    }
    return drafts;
  }

  /** After `i = 1,`: the rest of a range (`\dots, K`, `2, \ldots, N`) up to the next relation. */
  private isRangeTail(idx: number[]): boolean {
    const DOTS = new Set(['dots', 'ldots', 'cdots', 'dotsc', 'dotsb']);
    for (let k = 0; k < idx.length && k < 12; k++) {
      const t = this.toks[idx[k]!]!;
      if (t.kind === 'cmd' && DOTS.has(t.value)) return true;
      if (isChar(t, '.') && isChar(this.toks[idx[k + 1] ?? -1], '.')) return true;
      if (t.value === '…') return true;
      if (this.relationAt(idx, k)) return false;
    }
    return false;
  }

  /** Drops prose and enumerators that open a line (`\text{Answer: }`, `1)`, `\therefore`). */
  private stripLead(idx: number[], conditions: Span[]): number[] {
    let k = 0;
    for (;;) {
      const i = idx[k];
      if (i === undefined) return [];
      const t = this.toks[i]!;
      const next = this.toks[idx[k + 1] ?? -1];
      if (t.kind === 'space' || (t.kind === 'cmd' && ['therefore', 'because', 'Rightarrow', 'implies', 'Longrightarrow', 'hence'].includes(t.value))) {
        k++;
        continue;
      }
      if ((t.kind === 'num' || t.kind === 'letter') && isChar(next, ')') && this.br.match[idx[k + 1]!]! < 0) {
        k += 2;
        continue;
      }
      const isText = t.kind === 'text' && /^text|^mbox|^hbox/.test(t.value);
      if (isText && /^\s*(if|for|when|whenever)\b/i.test(t.arg ?? '')) {
        {
          // \text{if } i \neq k, \text{ then } … : the part up to "then" is a condition.
          const then = idx.findIndex((j, n) => n > k && this.toks[j]!.kind === 'text' && /\bthen\b/i.test(this.toks[j]!.arg ?? ''));
          if (then < 0) {
            conditions.push(this.conditionSpan(idx.slice(k)));
            return [];
          }
          conditions.push(this.conditionSpan(idx.slice(k, then)));
          k = then + 1;
          continue;
        }
      }
      if (isText && !/^\s*[A-Za-z][A-Za-z0-9]*\s*$/.test(t.arg ?? '')) {
        k++;
        continue;
      }
      return idx.slice(k);
    }
  }

  /** Whether the items start an equation of their own: their first relation is =, ≈ or :=. */
  private opensEquation(items: number[]): boolean {
    for (let k = 0; k < items.length; k++) {
      const r = this.relationAt(items, k);
      if (r) return r.rel === 'eq' || r.rel === 'approx' || r.rel === 'def';
      if (this.startsCondition(items[k]!)) return false;
    }
    return false;
  }

  private hasRelation(items: number[]): boolean {
    return items.some((_, k) => this.relationAt(items, k) !== null);
  }

  /** Token span of items [k0, k1), without trailing `.`/`,` and quads. */
  private span(idx: number[], k0: number, k1: number): Span {
    let e = k1;
    while (e > k0 && (isChar(this.toks[idx[e - 1]!], '.') || isChar(this.toks[idx[e - 1]!], ',') || this.toks[idx[e - 1]!]!.kind === 'space')) e--;
    let s = k0;
    while (s < e && this.toks[idx[s]!]!.kind === 'space') s++;
    if (s >= e) {
      const at = idx[k0] ?? idx[k0 - 1];
      return { from: at ?? 0, to: at ?? 0 };
    }
    return { from: idx[s]!, to: this.itemEnd(idx[e - 1]!) };
  }

  private conditionSpan(items: number[]): Span {
    let e = items.length;
    while (e > 0 && (isChar(this.toks[items[e - 1]!], '.') || this.toks[items[e - 1]!]!.kind === 'space')) e--;
    if (e === 0) return { from: items[0] ?? 0, to: items[0] ?? 0 };
    return { from: items[0]!, to: this.itemEnd(items[e - 1]!) };
  }

  private finish(members: Span[], relations: Relation[], conditions: Span[], idx: number[], cut: number): LineDraft {
    const empty = (s: Span) => s.from >= s.to;
    let continuesPrevious = false;
    if (members.length > 1 && empty(members[0]!)) {
      if (relations[0] === 'implies') {
        members.shift();
        relations.shift();
      } else {
        continuesPrevious = true;
      }
    }
    // `p =` at the end of an inline formula continues in the next one: nothing to check here.
    while (members.length > 1 && empty(members[members.length - 1]!)) {
      members.pop();
      relations.pop();
    }
    if (members.length === 1 && empty(members[0]!)) members.pop();
    const first = idx[0];
    const lastItem = cut > 0 ? idx[cut - 1] : undefined;
    const from = first === undefined ? 0 : this.toks[first]!.start;
    const to = lastItem === undefined ? from : this.toks[this.itemEnd(lastItem) - 1]!.end;
    return { members, relations, continuesPrevious, conditions, from, to };
  }
}
