/**
 * The document's own macros: `\newcommand{\elu}{\operatorname{ELU}}`, `\DeclareMathOperator{\sign}{sign}`,
 * `\def\R{\mathbb{R}}`. Math that uses them is expanded token by token before parsing; every token
 * of an expansion keeps the source span of the macro call, so findings still point at what the
 * author wrote.
 */
import { tokenize, type Token } from './tokenizer.js';

export interface Macro {
  params: number;
  body: string;
}

export type Macros = ReadonlyMap<string, Macro>;

/** Reads a balanced {…} group starting at text[i] === '{'; returns its content and the index after it. */
function braced(text: string, i: number): { content: string; next: number } | null {
  if (text[i] !== '{') return null;
  let depth = 0;
  for (let j = i; j < text.length && j < i + 10_000; j++) {
    const c = text[j];
    if (c === '\\') { j++; continue; }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return { content: text.slice(i + 1, j), next: j + 1 };
  }
  return null;
}

const skipSpaces = (text: string, i: number) => { while (i < text.length && /\s/.test(text[i]!)) i++; return i; };

/** Collects macro definitions from a whole document (they live in the preamble, outside math). */
export function collectMacros(source: string): Map<string, Macro> {
  const macros = new Map<string, Macro>();
  const re = /\\(newcommand|renewcommand|providecommand|DeclareMathOperator\*?|def)\b\s*/g;
  let m: RegExpExecArray | null;
  let count = 0;
  while ((m = re.exec(source)) && count < 500) {
    let i = m.index + m[0].length;
    let name: string | null = null;
    if (source[i] === '{') {
      const g = braced(source, i);
      if (!g) continue;
      name = g.content.trim().replace(/^\\/, '');
      i = g.next;
    } else {
      const n = /^\\([A-Za-z]+)/.exec(source.slice(i, i + 100));
      if (!n) continue;
      name = n[1]!;
      i += n[0].length;
    }
    if (!name || !/^[A-Za-z]+$/.test(name)) continue;
    i = skipSpaces(source, i);
    let params = 0;
    const p = /^\[(\d)\]/.exec(source.slice(i, i + 5));
    if (p && m[1] !== 'def') { params = Number(p[1]); i = skipSpaces(source, i + p[0].length); }
    if (m[1] === 'def') { const hashes = /^(#\d)+/.exec(source.slice(i, i + 20)); if (hashes) { params = hashes[0].length / 2; i += hashes[0].length; } }
    const body = braced(source, i);
    if (!body) continue;
    const text = m[1]!.startsWith('DeclareMathOperator') ? `\\operatorname{${body.content.trim()}}` : body.content;
    macros.set(name, { params, body: text });
    count++;
  }
  return macros;
}

/** Expands macro calls in a token stream (nested up to a fixed depth, so a recursive macro cannot hang). */
export function expandMacros(text: string, toks: Token[], macros: Macros, depth = 0): Token[] {
  if (macros.size === 0 || depth > 8) return toks;
  const out: Token[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    const macro = t.kind === 'cmd' ? macros.get(t.value) : undefined;
    if (!macro) { out.push(t); continue; }
    let body = macro.body;
    let end = t.end;
    let pos = t.end;
    for (let a = 1; a <= macro.params; a++) {
      pos = skipSpaces(text, pos);
      const g = braced(text, pos);
      const arg = g ? g.content : text[pos] ?? '';
      body = body.split(`#${a}`).join(`{${arg}}`);
      pos = g ? g.next : pos + 1;
      end = pos;
    }
    // Skip the argument tokens already consumed.
    while (k + 1 < toks.length && toks[k + 1]!.start < end) k++;
    const inner = expandMacros(body, tokenize(body), macros, depth + 1).map((x, i) => ({ ...x, start: t.start, end, spaceBefore: i === 0 ? t.spaceBefore : x.spaceBefore }));
    out.push(...inner);
  }
  return out;
}
