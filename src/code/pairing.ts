/**
 * Finds which function is the gradient of which, purely from the text: JSDoc tags, names,
 * derivative flags, object and class members, constructor arguments, built-in Math functions and
 * sibling files. Each pair says how it was found and what the gradient's parameters stand for, so
 * the checker can pick the right convention (input x, output y = f(x), upstream gradient dy).
 */
import { call, freeVariables, substitute, sym } from '../core/expr/tree.js';
import type { MathNode } from 'mathjs';
import { symbolName } from './values.js';
import type { FunctionSite, SiteGroup } from './discover.js';
import { tagWords } from './jsdoc.js';
import { valueParameters } from './params.js';
import {
  ATTACHED_GRADIENT_NAMES, BUILTIN_PRIMALS, FLAG_NAME, MEMBER_PAIRS, WEAK_MEMBER_PAIRS, gradientFileStem, gradientStems, isInputName,
  isOutputName, isUpstreamName, looseName,
} from './naming.js';
import { translateSource, type FileTranslation, type TranslateOptions } from './translate.js';
import { scriptGlobals } from './script-globals.js';
import { stateHolder } from './state-holder.js';
import type { GradientPair, Output, PairKind, ParamCorrespondence, ParamInfo, ReadCodeResult, TranslatedFunction } from './types.js';
import type * as T from 'typescript';
import { ts } from './ts.js';

/** Reads one file: its translated functions, the gradient pairs among them, and file-level problems. */
export function readCode(path: string, text: string, options: TranslateOptions = {}): ReadCodeResult {
  const t = translateSource(path, text, options);
  return { functions: t.functions, pairs: findPairs(t), diagnostics: t.diagnostics };
}

export interface FilesResult {
  files: { path: string; result: ReadCodeResult }[];
  /** Pairs within each file and across sibling files. */
  pairs: GradientPair[];
}

/** Reads several files and also pairs a function with its gradient in a sibling file (`relu.ts`, `relu-backward.ts`). */
export function pairFiles(files: readonly { path: string; text: string }[], options: TranslateOptions = {}): FilesResult {
  // Only the translated functions are kept past each file: its syntax tree (the bulk of the
  // memory, megabytes per file) is garbage as soon as its pairs are found.
  const globals = scriptGlobals(files);
  const read = files.map((f) => {
    const g = globals.get(f.path);
    const t = translateSource(f.path, f.text, g ? { ...options, globals: g } : options);
    return { path: f.path, t: { functions: t.functions }, result: { functions: t.functions, pairs: findPairs(t), diagnostics: t.diagnostics } };
  });
  const pairs = read.flatMap((r) => r.result.pairs);
  for (const g of read) {
    const { dir, base } = splitPath(g.path);
    // `sigmoid-backward.ts`, and `dsigmoid.js` / `derivative_sigmoid.js` when `sigmoid.js` is beside it.
    const stems = [gradientFileStem(base), ...gradientStems(base), /^(.+?)(?:[-_]b|B)$/.exec(base)?.[1]].filter((x): x is string => !!x);
    const found = stems.map((stem) => ({ stem, p: read.find((r) => r !== g && splitPath(r.path).dir === dir && looseName(splitPath(r.path).base) === looseName(stem)) })).find((x) => x.p);
    if (!found) continue;
    const { stem, p } = found as { stem: string; p: (typeof read)[number] };
    const primal = pickPrimal(p.t.functions, stem);
    const gradient = pickGradient(g.t.functions, stem, base);
    if (!primal || !gradient) continue;
    // The file beside it says what the gradient is of: it replaces a guess that it is Math's.
    for (let i = pairs.length - 1; i >= 0; i--) if (pairs[i]!.gradient === gradient && pairs[i]!.kind === 'builtin') pairs.splice(i, 1);
    pairs.push(makePair('sibling-file', primal, gradient, `${base} beside ${splitPath(p.path).base}`));
  }
  for (const p of pairs) throughOutputArgument(p);
  return { files: read.map((r) => ({ path: r.path, result: r.result })), pairs };
}

/** All pairs in one translated file, strongest evidence first; one pair per (primal, gradient). */
export function findPairs(t: FileTranslation): GradientPair[] {
  const fns = t.functions.filter((f) => !f.synthetic);
  const fnOfSite = new Map<FunctionSite, TranslatedFunction>();
  for (const [f, s] of t.siteOf) fnOfSite.set(s, f);
  const pairs: GradientPair[] = [];
  const seen = new Set<string>();
  const gradients = new Set<TranslatedFunction>();
  const add = (kind: PairKind, primal: TranslatedFunction | undefined, gradient: TranslatedFunction | undefined, evidence: string) => {
    if (!primal || !gradient || primal === gradient) return;
    const key = `${primal.qualifiedName}\u0000${gradient.qualifiedName}`;
    if (seen.has(key)) return;
    seen.add(key);
    gradients.add(gradient);
    pairs.push(makePair(kind, primal, gradient, evidence));
  };
  // A tape node's closure: its one parameter is the upstream gradient, its writes name the inputs.
  const addTape = (primal: TranslatedFunction, gradient: TranslatedFunction, evidence: string, upstream: string, kind: PairKind = 'tape') => {
    const pair = makePair(kind, primal, gradient, evidence);
    pair.params = [{ gradientParam: upstream, role: 'upstream', primalParam: null, reason: 'the gradient field of the node the closure belongs to' }];
    pair.upstreamParam = upstream;
    pair.convention = 'input';
    pairs.push(pair);
  };
  const index = (key: (f: TranslatedFunction) => string) => {
    const m = new Map<string, TranslatedFunction[]>();
    for (const f of fns) m.set(key(f), [...(m.get(key(f)) ?? []), f]);
    return m;
  };
  const byQualified = index((f) => f.qualifiedName);
  const byName = index((f) => f.name);
  const byLower = index((f) => f.name.toLowerCase());
  const lookup = (name: string, near?: TranslatedFunction): TranslatedFunction | undefined => {
    const container = near ? t.siteOf.get(near)?.container ?? '' : '';
    const candidates = byQualified.get(name) ?? byName.get(name) ?? byLower.get(name.toLowerCase()) ?? [];
    return candidates.find((f) => f !== near && t.siteOf.get(f)?.container === container) ?? candidates.find((f) => f !== near);
  };
  // 1. JSDoc says so.
  for (const f of fns) {
    for (const w of tagWords(f.jsdoc, 'gradient')) add('jsdoc', f, lookup(w, f), `JSDoc @gradient ${w} on ${f.qualifiedName}`);
    for (const tag of ['gradientOf', 'gradientof', 'derivativeOf']) {
      for (const w of tagWords(f.jsdoc, tag)) add('jsdoc', lookup(w, f), f, `JSDoc @${tag} ${w} on ${f.qualifiedName}`);
    }
  }

  // 2. tf.customGrad: the value and gradFunc of one definition.
  for (const l of t.linked) {
    if (l.kind === 'tape') addTape(l.primal, l.gradient, l.evidence, l.upstream ?? '');
    else add('object', l.primal, l.gradient, l.evidence);
  }

  // 3. One function with a derivative flag: split it.
  for (const site of t.sites) {
    const flag = flagParam(site);
    const f = fnOfSite.get(site);
    if (!flag || !f) continue;
    const off = { ...t.retranslate(site, new Map([[flag, 0]]), `[${flag}=false]`), synthetic: 'flag-off' as const };
    const on = { ...t.retranslate(site, new Map([[flag, 1]]), `[${flag}=true]`), synthetic: 'flag-on' as const };
    // A boolean that is not named like a derivative (`is_sparse = false`, `training: boolean`)
    // is only taken for one when both halves read as math: otherwise the split is a guess, and
    // its "could not be verified" note would be noise on a function that has no derivative.
    // A function named as a gradient already (`relu_backward(r, a, grad = true)`) uses its
    // boolean for something else (tracking, accumulation): it is not split at all.
    if (gradientStems(f.name).length > 0) continue;
    const weak = !FLAG_NAME.test(flag);
    if (weak && (off.error !== null || on.error !== null)) continue;
    const before = pairs.length;
    add('flag', off, on, `${f.qualifiedName}(…, ${flag}) returns the derivative when ${flag} is true`);
    if (weak && pairs.length > before) pairs[pairs.length - 1]!.weakFlag = flag;
  }

  // 4–6. Members of one class, object or constructor call.
  const member = (g: SiteGroup, key: string) => {
    const m = g.members.find((x) => x.key.toLowerCase() === key.toLowerCase());
    if (!m) return undefined;
    return m.site ? fnOfSite.get(m.site) : m.refName ? lookup(m.refName) : undefined;
  };
  for (const g of t.groups) {
    if (g.kind === 'call') {
      // Only when both read as math: two callbacks of some other kind say nothing.
      const [f, df] = g.members.map((m) => (m.site ? fnOfSite.get(m.site) : undefined));
      if (f && df && !f.error && !df.error) add('call-args', f, df, `${g.label.replace(/@\d+$/, '')}(…) is handed a function and then its derivative`);
      continue;
    }
    if (g.kind === 'constructor') {
      const members = g.members.map((m) => (m.site ? fnOfSite.get(m.site) : m.refName ? lookup(m.refName) : undefined)).filter((x): x is TranslatedFunction => !!x);
      if (members.length >= 2) add('constructor', members[0], members[1], `new …(${g.members.map((m) => m.key).join(', ')}) for ${g.label}: primal then derivative`);
      continue;
    }
    const used = new Set<TranslatedFunction>();
    for (const [p, d] of MEMBER_PAIRS) {
      const primal = member(g, p);
      const gradient = member(g, d);
      if (!primal || !gradient || used.has(gradient)) continue;
      if (WEAK_MEMBER_PAIRS.has(`${p}|${d}`) && (primal.error || gradient.error)) continue;
      used.add(gradient);
      const kind: PairKind = g.kind === 'class' ? 'class' : 'object';
      // forward(V, A) filling A, backward(A, V) reading it: a gradient step through A.
      const ps = t.siteOf.get(primal), gs = t.siteOf.get(gradient);
      const through = kind === 'class' && primal.outputs.length === 0 && primal.writes.length > 0 && ps && gs ? t.writeThrough(gs, ps) : null;
      if (through) {
        addTape(through.primal, through.gradient, `class ${g.label} has ${p}, which fills its output argument, and ${d}`, through.upstream, 'class');
        continue;
      }
      const stateful = kind === 'class' ? withForwardState(t, primal, gradient) : gradient;
      add(kind, primal, stateful, `${g.kind === 'class' ? 'class' : 'object'} ${g.label} has ${p} and ${d}`);
    }
    // `sigmoid.derivative = …`: a gradient hung on the function itself.
    const owner = g.kind === 'object' ? byQualified.get(g.label)?.[0] : undefined;
    if (owner) {
      for (const m of g.members) {
        if (ATTACHED_GRADIENT_NAMES.has(m.key.toLowerCase())) add('object', owner, member(g, m.key), `${g.label}.${m.key} is attached to ${g.label}`);
      }
    }
  }

  // Parallel tables: `activations.sigmoid` beside `derivativeActivations.sigmoid` (or
  // `activationDerivatives.sigmoidDerivative`), two objects or classes whose names say one holds
  // the derivatives of the other, member by member.
  const last = (label: string) => label.slice(label.lastIndexOf('.') + 1);
  const tables = t.groups.filter((g) => (g.kind === 'object' || g.kind === 'class') && g.members.length > 0);
  for (const d of tables) {
    const own = last(d.label);
    const stems = [...gradientStems(own), ...(own.endsWith('s') ? gradientStems(own.slice(0, -1)) : [])].map(looseName);
    if (stems.length === 0) continue;
    for (const a of tables) {
      if (a === d || a.kind !== d.kind) continue;
      const name = looseName(last(a.label));
      if (!stems.some((s) => s === name || `${s}s` === name || s === `${name}s` || `${s}functions` === name || s === `${name}functions`)) continue;
      for (const m of d.members) {
        const key = a.members.find((x) => x.key === m.key) ?? a.members.find((x) => gradientStems(m.key).some((s) => looseName(s) === looseName(x.key)));
        if (!key) continue;
        add(d.kind === 'class' ? 'class' : 'object', member(a, key.key), member(d, m.key), `${d.label}.${m.key} beside ${a.label}.${key.key}: the table of derivatives of ${a.label}`);
      }
    }
  }

  // 7. Names: sigmoidPrime, dSigmoid, relu_grad, …
  for (const g of fns) {
    for (const stem of gradientStems(g.name)) {
      const primal = lookup(stem, g) ?? lookup(`${stem}Forward`, g) ?? lookup(`${stem}_forward`, g) ?? lookup(`forward${stem}`, g)
        // `derivative_sigmoid` beside `activation_sigmoid`.
        ?? lookup(`activation_${stem}`, g) ?? lookup(`activation${stem}`, g) ?? lookup(`activate_${stem}`, g) ?? lookup(`activate${stem}`, g);
      if (primal && primal !== g) {
        add('name', primal, g, `${g.name} is named as the gradient of ${primal.name}`);
        break;
      }
    }
  }

  // 8. tanhPrime and friends with no tanh in the file: the primal is Math's.
  for (const g of fns) {
    if (gradients.has(g)) continue;
    const stem = gradientStems(g.name).find((s) => BUILTIN_PRIMALS.has(s.toLowerCase()) && !lookup(s, g));
    if (stem) add('builtin', builtinPrimal(stem.toLowerCase(), g), g, `${g.name} is named as the gradient of Math.${stem.toLowerCase()}`);
  }
  // 9. Fused: one body returns a number and writes the gradient of it into an argument's
  // gradient field (`loss(pred, y) { …; pred.dw[i] = …; return L; }`): the two results pair.
  for (const f of fns) {
    if (f.error || gradients.has(f) || f.outputs.length !== 1 || f.outputs[0]!.key !== '' || f.writes.length === 0) continue;
    // `dw`, `d_x`, `grad`, `x_grad`; not a word that merely starts with d (`data`, `dims`).
    const gradientField = (key: string) => (key.match(/[A-Za-z_$][\w$]*/g) ?? []).slice(1).some((seg) => /^(d_?[A-Za-z]\w*|grad_?\w*|\w+_?grad)$/i.test(seg) && !D_WORDS.test(seg));
    if (!f.writes.every((w) => gradientField(w.key))) continue;
    const primal: TranslatedFunction = { ...f, writes: [] };
    const gradient: TranslatedFunction = { ...f, outputs: [] };
    pairs.push(makePair('fused', primal, gradient, `${f.qualifiedName} returns a value and writes its gradient into ${f.writes.map((w) => w.key).join(', ')}`));
    gradients.add(f);
  }
  // A boolean option with a default (`accumulate = false`, `enabled_logging = false`) that was
  // not split as a derivative flag is read at its default: it is a switch, never a variable of the
  // math (read as a number it would be checked as a factor or a point coordinate).
  const atDefaults = new Map<TranslatedFunction, TranslatedFunction>();
  const atDefault = (f: TranslatedFunction): TranslatedFunction => {
    const site = t.siteOf.get(f);
    if (!site || f.error) return f;
    let r = atDefaults.get(f);
    if (!r) {
      const fixed = new Map<string, number>();
      for (const q of valueParameters(site.node)) {
        const init = q.initializer;
        if (!ts.isIdentifier(q.name) || !init || !f.params.some((x) => x.name === (q.name as T.Identifier).text)) continue;
        if (init.kind === ts.SyntaxKind.TrueKeyword || init.kind === ts.SyntaxKind.FalseKeyword) fixed.set(q.name.text, init.kind === ts.SyntaxKind.TrueKeyword ? 1 : 0);
      }
      r = fixed.size === 0 ? f : t.retranslate(site, fixed, '');
      if (r.error) r = f;
      atDefaults.set(f, r);
    }
    return r;
  };
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    if (p.kind === 'flag' || p.kind === 'tape') continue;
    const primal = atDefault(p.primal), gradient = atDefault(p.gradient);
    if (primal !== p.primal || gradient !== p.gradient) pairs[i] = { ...makePair(p.kind, primal, gradient, p.evidence), ...(p.weakFlag ? { weakFlag: p.weakFlag } : {}) };
  }
  for (const p of pairs) instantiateClassIndex(t, p);
  for (const p of pairs) throughOutputArgument(p);
  return pairs;
}

/**
 * A forward that returns nothing and fills an output argument (`product.weights[i] = tanh(left.weights[i])`)
 * with a backward that reads that argument's values and gradient and writes the inputs' gradient
 * (`left.deltas[i] = (1 − product.weights[i]²) · product.deltas[i]`), as recurrent matrix code
 * does across files: the pair is re-read with the forward's writes as its outputs, the output
 * argument's other field as the upstream gradient, and each write into an input's gradient field
 * as the derivative with respect to that input's value in the same field the forward reads.
 */
function throughOutputArgument(pair: GradientPair): void {
  const { primal, gradient } = pair;
  if (primal.error || gradient.error || primal.outputs.length > 0 || primal.writes.length === 0 || gradient.writes.length === 0) return;
  const seg = (key: string) => key.match(/[A-Za-z_$][\w$]*|\d+/g) ?? [];
  const pw = primal.writes.map((w) => ({ w, s: seg(w.key) }));
  const root = pw[0]!.s[0]!, field = pw[0]!.s[1]!;
  if (!pw.every(({ s }) => s.length === 3 && s[0] === root && s[1] === field && /^\d+$/.test(s[2]!))) return;
  if (!gradient.params.some((q) => q.name === root)) return;
  const sorted = [...pw].sort((a, b) => Number(a.s[2]) - Number(b.s[2]));
  if (sorted.some(({ s }, i) => Number(s[2]) !== i)) return;
  const outputs: Output[] = sorted.map(({ w }, i) => ({ key: String(i), node: w.node }));
  const ownValues = new Map(sorted.map(({ w }, i) => [symbolName([root, field, i]), w.node] as const));
  const gw = gradient.writes.map((w) => ({ w, s: seg(w.key) }));
  if (gw.every(({ s }) => s.length === 3 && s[0] === root && s[1] === field && /^\d+$/.test(s[2]!))) {
    overwritingBackward(pair, root, field, outputs, gw.map(({ w, s }) => ({ node: w.node, i: Number(s[2]) })));
    return;
  }
  if (!gw.every(({ s }) => s.length === 3 && s[0] !== root && /^\d+$/.test(s[2]!))) return;
  const inputsUsed = new Set(outputs.flatMap((o) => freeVariables(o.node)));
  const writes: Output[] = [];
  const upstream = new Set<string>();
  for (const { w, s } of gw) {
    const input = symbolName([s[0]!, field, Number(s[2])]);
    if (!inputsUsed.has(input)) return;
    const claim = substitute(w.node, ownValues);
    for (const v of freeVariables(claim)) if (v.startsWith(`${symbolName([root])}_`)) upstream.add(v);
    writes.push({ key: input, node: claim });
  }
  const ups = [...upstream].sort();
  const upField = ups.length > 0 ? /^(.+)_\d+$/.exec(ups[0]!.slice(symbolName([root]).length + 1))?.[1] : undefined;
  if (!upField || ups.length > outputs.length || ups.some((u) => !/_\d+$/.test(u))) return;
  const upName = symbolName([root, upField]);
  const scalar = (name: string): ParamInfo => ({ name, kind: 'scalar', dims: null, symbols: [name], defaultValue: null });
  const inputs = [...inputsUsed].filter((v) => !v.startsWith(`${symbolName([root])}_`)).sort();
  pair.primal = { ...primal, params: inputs.map(scalar), outputs, writes: [] };
  pair.gradient = {
    ...gradient, outputs: [], writes, synthetic: 'tape',
    params: [{ name: upName, kind: 'vector', dims: outputs.length, symbols: outputs.map((_, i) => symbolName([root, upField, i])), defaultValue: null }],
    notes: [...gradient.notes, `reads the values ${primal.qualifiedName} leaves in ${root}.${field}; ${root}.${upField} is the upstream gradient`],
  };
  pair.params = [{ gradientParam: upName, role: 'upstream', primalParam: null, reason: `the gradient field of ${primal.qualifiedName}'s output argument` }];
  pair.upstreamParam = upName;
  pair.convention = 'input';
  pair.writes = writes.map((w) => w.key);
}

/**
 * Element-wise ops written with an output argument both ways: `relu(result, a)` fills
 * `result.data[i] = f(a.data[i])`, and `relu_backward(result, a, grad)` fills the same buffer with
 * the input's gradient, `result.data[i] = grad.data[i] · f′(a.data[i])`. Entry i of the backward's
 * buffer is the derivative with respect to the forward's one input entry i (`a.data[i]`); `grad`
 * (the upstream parameter) holds dL/dresult in the same field. Only for one input argument: with
 * two, which input a buffer holds the gradient of is not in the text.
 */
function overwritingBackward(pair: GradientPair, root: string, field: string, outputs: Output[], gw: { node: MathNode; i: number }[]): void {
  const { primal, gradient } = pair;
  const up = pair.params.find((c) => c.role === 'upstream')?.gradientParam;
  if (!up || gw.length !== outputs.length) return;
  const inputsUsed = [...new Set(outputs.flatMap((o) => freeVariables(o.node)))];
  const prefixes = new Set(inputsUsed.map((v) => /^(.+)_\d+$/.exec(v)?.[1] ?? v));
  if (prefixes.size !== 1) return;
  const inputField = [...prefixes][0]!;
  if (inputField.startsWith(`${symbolName([root])}_`)) return;
  const writes: Output[] = [];
  const upSymbols = outputs.map((_, i) => symbolName([up, field, i]));
  for (const { node, i } of gw) {
    const input = `${inputField}_${i}`;
    if (!inputsUsed.includes(input)) return;
    if (freeVariables(node).some((v) => v.startsWith(`${symbolName([root])}_`))) return;
    writes.push({ key: input, node });
  }
  const scalar = (name: string): ParamInfo => ({ name, kind: 'scalar', dims: null, symbols: [name], defaultValue: null });
  const upName = symbolName([up, field]);
  pair.primal = { ...primal, params: [...inputsUsed].sort().map(scalar), outputs, writes: [] };
  pair.gradient = {
    ...gradient, outputs: [], writes, synthetic: 'tape',
    params: [{ name: upName, kind: 'vector', dims: outputs.length, symbols: upSymbols, defaultValue: null }],
    notes: [...gradient.notes, `${gradient.qualifiedName} fills ${root}.${field} with the gradient of the input ${primal.qualifiedName} reads; ${up}.${field} is the upstream gradient`],
  };
  pair.params = [{ gradientParam: upName, role: 'upstream', primalParam: null, reason: `the upstream argument of ${gradient.qualifiedName}` }];
  pair.upstreamParam = upName;
  pair.convention = 'input';
  pair.writes = writes.map((w) => w.key);
}

const DATA_INDEX = /index into .* depends on data/;

/**
 * `-Math.log(p[target])` with an integer class parameter: the index depends on data, so the
 * pair is read once for each class value 0 … n−1 (n the length of the vector parameter), the
 * parameter fixed in both functions. Nothing changes when some value cannot be read.
 */
function instantiateClassIndex(t: FileTranslation, pair: GradientPair): void {
  const { primal, gradient } = pair;
  if (!DATA_INDEX.test(primal.error ?? '') && !DATA_INDEX.test(gradient.error ?? '')) return;
  const ps = t.siteOf.get(primal), gs = t.siteOf.get(gradient);
  if (!ps || !gs) return;
  const names = (s: FunctionSite) => valueParameters(s.node).map((q) => (ts.isIdentifier(q.name) ? q.name.text : ''));
  const shared = names(ps).filter((n) => n && names(gs).includes(n));
  const vector = primal.params.find((q) => q.kind === 'vector');
  const n = vector?.dims ?? 3;
  for (const param of shared) {
    if (primal.params.find((q) => q.name === param)?.kind === 'vector') continue;
    const instances: NonNullable<GradientPair['instances']> = [];
    for (let v = 0; v < n; v++) {
      const fixed = new Map([[param, v]]);
      const pv = { ...t.retranslate(ps, fixed, ` [${param} = ${v}]`), synthetic: primal.synthetic };
      const gv = { ...t.retranslate(gs, fixed, ''), synthetic: gradient.synthetic };
      if (pv.error || gv.error) break;
      instances.push({ param, value: v, pair: makePair(pair.kind, pv, gv, pair.evidence) });
    }
    if (instances.length === n) {
      pair.instances = instances;
      return;
    }
  }
  // The class index held in state (`-Math.log(input[this.idx])` in a layer's forward, set by a
  // `setValue(idx)` neither function calls): instantiated the same way, the field fixed on this in
  // both functions. Only fields used as an index and never written by the primal itself.
  if (ps.owner.kind !== 'class' && ps.owner.kind !== 'prototype') return;
  const text = ps.node.getText(ps.node.getSourceFile());
  const fields = new Set([...text.matchAll(/\[\s*this\.([A-Za-z_$][\w$]*)\s*\]/g)].map((m) => m[1]!));
  const stateful = sharesState(ps, gs);
  for (const field of fields) {
    if (new RegExp(`\\bthis\\.${field}\\s*(=[^=]|\\+\\+|--|[-+*/]=)`).test(text)) continue;
    const key = `this.${field}`;
    const instances: NonNullable<GradientPair['instances']> = [];
    for (let v = 0; v < n; v++) {
      const fixed = new Map([[key, v]]);
      const pv = { ...t.retranslate(ps, fixed, ` [${key} = ${v}]`), synthetic: primal.synthetic };
      const gv = { ...(stateful ? t.withState(gs, ps, fixed) : t.retranslate(gs, fixed, '')), synthetic: gradient.synthetic };
      if (pv.error || gv.error) break;
      instances.push({ param: key, value: v, pair: makePair(pair.kind, pv, gv, pair.evidence) });
    }
    if (instances.length === n) {
      pair.instances = instances;
      return;
    }
  }
}

/** Field names that begin with d but are no gradient field (`result.data`, `t.dims`). */
const D_WORDS = /^(data|datum|dims?|dimensions?|depth|decay|dropout|device|dtype|default|done|dir|display|dataset|distance|dist|dot|den|denom|denominator)$/i;

/** A flag parameter (`deriv`, `derivate`, `= false`, `: boolean`) after the first one. */
function flagParam(site: FunctionSite): string | null {
  for (const p of valueParameters(site.node).slice(1)) {
    if (!ts.isIdentifier(p.name)) continue;
    const boolDefault = p.initializer && (p.initializer.kind === ts.SyntaxKind.FalseKeyword || p.initializer.kind === ts.SyntaxKind.TrueKeyword);
    const boolType = p.type?.kind === ts.SyntaxKind.BooleanKeyword;
    if (FLAG_NAME.test(p.name.text) || boolDefault || boolType) return p.name.text;
  }
  return null;
}

/** A backward method that reads `this.*` state set by forward is re-read on that state. */
function withForwardState(t: FileTranslation, primal: TranslatedFunction, gradient: TranslatedFunction): TranslatedFunction {
  const ps = t.siteOf.get(primal);
  const gs = t.siteOf.get(gradient);
  if (!ps || !gs || !sharesState(ps, gs)) return gradient;
  const stateful = t.withState(gs, ps);
  return stateful.error === null ? stateful : gradient;
}

/** Whether the backward site reads state (on this, or on a shared holder argument) that the forward site writes. */
function sharesState(ps: FunctionSite, gs: FunctionSite): boolean {
  const written = thisProperties(ps.node, true);
  const holder = stateHolder(ps, gs);
  return [...thisProperties(gs.node, false)].some((p) => written.has(p))
    || (holder !== null && [...thisProperties(gs.node, false, holder)].some((p) => thisProperties(ps.node, true, holder).has(p)));
}

/** Names P in `this.P = …` (written) or in reads of `this.P` (not written), found syntactically; `root` another holder than `this`. */
function thisProperties(fn: T.Node, written: boolean, root: string | null = null): Set<string> {
  const out = new Set<string>();
  const stack: T.Node[] = [fn];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (ts.isPropertyAccessExpression(n) && (root === null ? n.expression.kind === ts.SyntaxKind.ThisKeyword : ts.isIdentifier(n.expression) && n.expression.text === root)) {
      const p = n.parent;
      const isTarget = ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      if (isTarget === written) out.add(n.name.text);
    }
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  return out;
}

function builtinPrimal(name: string, gradient: TranslatedFunction): TranslatedFunction {
  return {
    name, qualifiedName: `Math.${name}`, file: gradient.file, range: gradient.range, nameRange: gradient.nameRange,
    params: [{ name: 'x', kind: 'scalar', dims: null, symbols: ['x'], defaultValue: null }],
    outputs: [{ key: '', node: call(name, sym('x')) }], writes: [], jsdoc: { tags: {}, text: '' }, error: null, notes: [],
    synthetic: 'builtin',
  };
}

export function makePair(kind: PairKind, primal: TranslatedFunction, gradient: TranslatedFunction, evidence: string): GradientPair {
  const params = correspond(kind, primal, gradient);
  const upstreamParam = params.find((p) => p.role === 'upstream')?.gradientParam ?? null;
  const roles = new Set(params.filter((p) => p.role === 'input' || p.role === 'output').map((p) => p.role));
  const convention = roles.size === 2 ? 'mixed' : roles.has('output') ? 'output' : roles.has('input') ? 'input' : 'unknown';
  const wrt = tagWords(gradient.jsdoc, 'wrt');
  return {
    kind, primal, gradient, evidence, upstreamParam, params, convention,
    wrt: wrt.length > 0 ? wrt : tagWords(primal.jsdoc, 'wrt'),
    writes: gradient.writes.map((w) => w.key),
  };
}

function correspond(kind: PairKind, primal: TranslatedFunction, gradient: TranslatedFunction): ParamCorrespondence[] {
  const primalNames = primal.params.map((p) => p.name);
  const out: ParamCorrespondence[] = [];
  let upstreamSeen = false;
  // What the gradient never reads: `(_, a) => a * (1 - a)` is handed the input and ignores it.
  const used = new Set([...gradient.outputs, ...gradient.writes].flatMap((o) => freeVariables(o.node)));
  gradient.params.forEach((p, j) => {
    const name = p.name;
    const positional = primalNames[j] ?? null;
    if (/^_+\d*$/.test(name) && (p.symbols.length === 0 ? !used.has(name) : p.symbols.every((s) => !used.has(s)))) {
      out.push({ gradientParam: name, role: 'other', primalParam: null, reason: 'a placeholder the gradient never reads' });
    } else if (kind !== 'flag' && isUpstreamName(name) && !primalNames.includes(name)) {
      upstreamSeen = true;
      out.push({ gradientParam: name, role: 'upstream', primalParam: null, reason: 'name of an upstream gradient' });
    } else if (primalNames.includes(name)) {
      out.push({ gradientParam: name, role: 'input', primalParam: name, reason: 'same name' });
    } else if (isOutputName(name)) {
      out.push({ gradientParam: name, role: 'output', primalParam: positional ?? primalNames[0] ?? null, reason: 'name suggests the primal output' });
    } else if (isInputName(name)) {
      out.push({ gradientParam: name, role: 'input', primalParam: positional ?? primalNames[0] ?? null, reason: 'name suggests the primal input' });
    } else if (positional) {
      out.push({ gradientParam: name, role: 'input', primalParam: positional, reason: 'position' });
    } else if (!upstreamSeen && p.kind !== 'object') {
      upstreamSeen = true;
      out.push({ gradientParam: name, role: 'upstream', primalParam: null, reason: 'extra parameter beyond the primal' });
    } else {
      out.push({ gradientParam: name, role: 'other', primalParam: null, reason: 'no match' });
    }
  });
  return out;
}

function pickPrimal(fns: TranslatedFunction[], stem: string): TranslatedFunction | undefined {
  const real = fns.filter((f) => !f.synthetic);
  return real.find((f) => looseName(f.name) === looseName(stem)) ?? real.find((f) => f.name === 'default') ?? (real.length === 1 ? real[0] : undefined);
}

function pickGradient(fns: TranslatedFunction[], stem: string, base: string): TranslatedFunction | undefined {
  const real = fns.filter((f) => !f.synthetic);
  return real.find((f) => gradientStems(f.name).some((s) => looseName(s) === looseName(stem)))
    ?? real.find((f) => looseName(f.name) === looseName(base))
    ?? real.find((f) => ['default', 'backward', 'grad', 'gradient', 'derivative'].includes(f.name))
    ?? (real.length === 1 ? real[0] : undefined);
}

function splitPath(path: string): { dir: string; base: string } {
  const norm = path.replace(/\\/g, '/');
  const slash = norm.lastIndexOf('/');
  const file = norm.slice(slash + 1);
  return { dir: slash >= 0 ? norm.slice(0, slash) : '', base: file.replace(/\.(d\.)?[cm]?[jt]sx?$/i, '') };
}
