/**
 * Checks one (primal, gradient) pair read from code. The primal's body is differentiated (its name
 * is never trusted) with the core's exact reference, output by output:
 *
 * - derivative w.r.t. the primal's first parameter unless `@wrt` names others, or the gradient's
 *   outputs name them (`[dw, db]`, `{ dp, dy }`, `{ w1: [...], b2 }`, writes into `V.dw[i]`);
 * - a backward function with an upstream gradient u is checked as backward(u) = ∂(Σ u_j f_j)/∂x,
 *   that is u · f′(x) for a scalar primal (the local factor is reported with u = 1);
 * - a gradient parameter that stands for the primal's OUTPUT (y * (1 - y) for σ) is replaced by the
 *   primal's output expression; the convention comes from evidence (parameter names, callers), and
 *   where the evidence is weak the other convention is tried too — the message says which one held.
 */
import { BoundedCache } from '../core/cache.js';
import {
  checkDerivative, diagnoseSlip, freeVariables, substitute, symbolicDerivative,
  type CheckReport, type MathNode, type Slip,
} from '../core/index.js';
import { abbreviate, add, mul, num, sym, treeKey } from '../core/expr/tree.js';
import { constValue } from '../code/builder.js';
import type { GradientPair, Output, ParamInfo, ParamRole } from '../code/types.js';
import { symbolName } from '../code/values.js';
import { baseFinding, type Finding } from '../documents/findings.js';
import { catalogDerivativeText, disagreementAt, fmtValue, pointText, readableNames, recognizeQuietly, toTextQuietly, wrongSentence } from '../documents/verdictText.js';
import { resolveKey, type ResolvedKey } from './components.js';
import { callerEvidence } from './callers.js';

export interface CheckSettings {
  rtol?: number;
  atol?: number;
  samples?: number;
  /** Date.now() after which checks are skipped. */
  deadline: number;
}

/** One output of the gradient matched with the derivative it should be. */
interface Component {
  key: string;
  /** How the output is named in messages: 'dw[1]', 'V.dw[0]', or '' for the single result. */
  label: string;
  claim: MathNode;
  /** The primal variable differentiated. */
  wrt: string;
  /** The function whose derivative w.r.t. `wrt` the claim must equal (u · f, Σ u_j f_j, f_k, or f). */
  reference: MathNode;
  /** The primal itself (for slips and the right derivative, with the upstream gradient set to 1). */
  local: MathNode;
  /** A Jacobian entry's row: the output it is a partial of. */
  row?: number;
}

interface ComponentResult {
  c: Component;
  report: CheckReport | null;
  error: string | null;
}

type RoleChoice = Map<string, ParamRole>;

const MAX_TREE_CHARS = 40_000;

export function checkPair(pair: GradientPair, text: string, settings: CheckSettings): Finding {
  if (pair.instances && pair.instances.length > 0) return checkInstances(pair, text, settings);
  const g = pair.gradient, p = pair.primal;
  const gname = g.qualifiedName;
  const unverified = (reason: string): Finding => {
    const f = baseFinding('derivative', g.nameRange, `${gname} could not be verified: ${reason}`, 'unverified');
    return decorate(f, pair);
  };
  if (p.error) return unverified(`its primal ${p.qualifiedName} cannot be read as math (${p.error})`);
  if (g.error) return unverified(g.error);
  if (Date.now() > settings.deadline) return unverified('not checked: the file took longer than the time budget');
  const claims: Output[] = [...g.outputs, ...g.writes];
  if (claims.length === 0) return unverified('it returns no number and writes none into its arguments');
  if (p.outputs.length === 0) return unverified(`its primal ${p.qualifiedName} returns no number`);
  try {
    return checkResolved(pair, text, settings, claims) ?? unverified('its outputs could not be matched with the primal\'s parameters');
  } catch (e) {
    return unverified(`the check failed: ${(e as Error).message}`);
  }
}

/**
 * A pair indexed by a class parameter, checked for every class value: right when every instance
 * is, wrong at the first value where one is (named in the message), else unverified.
 */
function checkInstances(pair: GradientPair, text: string, settings: CheckSettings): Finding {
  const list = pair.instances!;
  const results = list.map((i) => ({ i, f: checkPair(i.pair, text, settings) }));
  const { param } = list[0]!;
  const values = `${param} = 0 … ${list.length - 1}`;
  const wrong = results.find((r) => r.f.verdict === 'mismatch');
  const pick = wrong ?? results.find((r) => r.f.verdict === 'unverified') ?? results[0]!;
  const f = { ...pick.f };
  const name = pair.gradient.qualifiedName;
  const rest = f.message.startsWith(name) ? f.message.slice(name.length) : ` ${f.message}`;
  if (wrong) f.message = `${name}, with the class ${param} = ${wrong.i.value},${rest}`;
  else if (f.verdict === 'ok') f.message = `${name}, read for every class value ${values} (${param} indexes its input),${rest}`;
  else f.message = `${name}, with the class ${param} = ${pick.i.value},${rest}`;
  f.message = f.message.replace(/\[\w+ = \d+\]/g, '').replace(/\s+/g, ' ');
  if (f.verdict === 'ok') f.maxRelError = Math.max(...results.map((r) => r.f.maxRelError ?? 0));
  return f;
}

function decorate(f: Finding, pair: GradientPair): Finding {
  const rec = recognizeQuietly(pair.primal.outputs.length === 1 ? pair.primal.outputs[0]!.node : null);
  if (rec) { f.category = rec.entry.category; f.name = rec.entry.id; }
  return f;
}

// ---- matching outputs with parameters -----------------------------------------------------------

interface Plan {
  wrtParams: ParamInfo[];
  resolved: { out: Output; key: ResolvedKey }[];
  unmatched: Output[];
}

/**
 * A Jacobian written as nested arrays: the primal returns n numbers from a vector parameter of m
 * elements and the gradient returns n rows of m entries, `G[i][j] = ∂f_i/∂x_j`. Each entry is
 * matched with its own output and input (not the element-wise diagonal).
 */
function jacobianPlan(pair: GradientPair, claims: Output[]): Plan | null {
  const outs = pair.primal.outputs;
  if (outs.length < 2 || !outs.every((o, i) => o.key === String(i))) return null;
  const entries = claims.map((c) => /^(\d+)\[(\d+)\]$/.exec(c.key));
  if (entries.some((m) => !m)) return null;
  const named = pair.wrt.length === 1 ? pair.primal.params.find((q) => q.name === pair.wrt[0]) : undefined;
  const vectors = pair.primal.params.filter((q) => q.kind === 'vector');
  const param = named ?? (vectors.length === 1 ? vectors[0] : undefined);
  if (!param) return null;
  const m = param.symbols.length;
  const rows = new Set(entries.map((e) => Number(e![1])));
  if (rows.size !== outs.length || [...rows].some((i) => i >= outs.length) || entries.some((e) => Number(e![2]) >= m)) return null;
  return {
    wrtParams: [param],
    resolved: claims.map((out, k) => {
      const [i, j] = [Number(entries[k]![1]), Number(entries[k]![2])];
      return { out, key: { param, symbol: param.symbols[j]!, element: j, row: i } };
    }),
    unmatched: [],
  };
}

function plan(pair: GradientPair, claims: Output[]): Plan | string {
  const jacobian = jacobianPlan(pair, claims);
  if (jacobian) return jacobian;
  const prim = pair.primal.params;
  const gradToPrimal = new Map<string, string>();
  for (const c of pair.params) if (c.role === 'input' && c.primalParam) gradToPrimal.set(c.gradientParam, c.primalParam);
  const attempt = (candidates: ParamInfo[], single: boolean): Plan => {
    const resolved: Plan['resolved'] = [];
    const unmatched: Output[] = [];
    for (const out of claims) {
      const key = resolveKey(out.key, candidates, single, gradToPrimal, prim);
      if (key) resolved.push({ out, key });
      else unmatched.push(out);
    }
    const used = [...new Set(resolved.map((r) => r.key.param))];
    return { wrtParams: single ? candidates.slice(0, 1) : candidates.filter((c) => used.includes(c)), resolved, unmatched };
  };
  if (pair.wrt.length > 0) {
    const named = pair.wrt.map((w) => prim.find((q) => q.name === w));
    const missing = pair.wrt.filter((_, i) => !named[i]);
    if (missing.length) return `@wrt names ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not a parameter of ${pair.primal.qualifiedName}`;
    const list = named as ParamInfo[];
    const a = attempt(list, list.length === 1);
    if (a.resolved.length === 0 && list.length === 1) return attempt(list, false);
    return { ...a, wrtParams: list };
  }
  if (prim.length === 0) return `${pair.primal.qualifiedName} has no parameters`;
  // An object argument the primal reads no number from (a static layer's state holder,
  // `forward(layer, x)`) is not what a gradient is taken with respect to.
  const first = predictionAfterTarget(prim) ?? prim.find((q) => !(q.kind === 'object' && q.symbols.length === 0)) ?? prim[0]!;
  const single = attempt([first], true);
  if (single.unmatched.length === 0) return single;
  const multi = attempt(prim, false);
  return multi.resolved.length > single.resolved.length ? multi : single;
}

/** Names a loss's target argument goes by (`loss(y, y_pred)`, `(y_true, y_pred)`, `(target, output)`). */
const TARGET_NAME = /^(y|t|targets?|labels?|ytrue|truth|expected|actual|ytarget|gt)$/;
/** Names a loss's prediction argument goes by. */
const PREDICTION_NAME = /^(ypred|yhat|preds?|predictions?|predicted|outputs?|out|p|probs?|probabilities|yp|logits?|a|activations?|scores?)$/;

/**
 * Losses are written `loss(target, prediction)` as often as the other way round (Keras'
 * `(y_true, y_pred)`, `(y, y_hat)`, `(target, output)`), and their gradient is taken with respect
 * to the prediction, never the target: with the first parameter named as a target and exactly one
 * other named as a prediction, the prediction is the default variable. Without such names the
 * first parameter stays the default (a `@wrt` tag overrides both).
 */
function predictionAfterTarget(prim: readonly ParamInfo[]): ParamInfo | null {
  const norm = (q: ParamInfo): string => q.name.replace(/_/g, '').toLowerCase();
  if (prim.length < 2 || !TARGET_NAME.test(norm(prim[0]!))) return null;
  const predictions = prim.slice(1).filter((q) => PREDICTION_NAME.test(norm(q)));
  return predictions.length === 1 ? predictions[0]! : null;
}

// ---- conventions ---------------------------------------------------------------------------------

interface Variant {
  roles: RoleChoice;
  /** What the message says about the convention, or '' when nothing needs saying. */
  note: string;
}

function variants(pair: GradientPair, evidence: Map<string, 'input' | 'output'>): { primary: Variant; alternative: Variant | null; hintIfOutput: string | null } {
  const base: RoleChoice = new Map(pair.params.map((c) => [c.gradientParam, c.role]));
  const flexible: string[] = [];
  const fromCallers: string[] = [];
  for (const c of pair.params) {
    const ev = evidence.get(c.gradientParam);
    if (ev && (c.role === 'input' || c.role === 'output') && ev !== c.role) {
      base.set(c.gradientParam, ev);
      fromCallers.push(c.gradientParam);
      continue;
    }
    if (ev) continue; // callers confirm the names
    if (c.role === 'output' || (c.role === 'input' && c.reason === 'position')) flexible.push(c.gradientParam);
  }
  const describe = (roles: RoleChoice, why: (name: string) => string): string => {
    const outs = [...roles].filter(([, r]) => r === 'output').map(([n]) => n);
    if (outs.length === 0) return '';
    const x = pair.primal.params[0]?.name ?? 'x';
    return `assuming the argument ${outs.join(', ')} is the output y = ${PRIMAL}(${x})${why(outs[0]!)}`;
  };
  const primary: Variant = {
    roles: base,
    note: describe(base, (n) => (fromCallers.includes(n) ? ', as its callers pass it' : '')),
  };
  let alternative: Variant | null = null;
  if (flexible.length > 0) {
    const roles: RoleChoice = new Map(base);
    for (const n of flexible) roles.set(n, base.get(n) === 'output' ? 'input' : 'output');
    const outs = [...roles].filter(([, r]) => r === 'output').map(([n]) => n);
    const ins = flexible.filter((n) => roles.get(n) === 'input');
    alternative = {
      roles,
      note: outs.length > 0
        ? describe(roles, () => '')
        : `reading ${ins.join(', ')} as the input ${ins.map((n) => pair.params.find((c) => c.gradientParam === n)?.primalParam ?? n).join(', ')} (the name suggests the output, but the formula is the derivative in terms of the input)`,
    };
  }
  // A parameter firmly the input (same name): say so when the output form would have fitted.
  let hintIfOutput: string | null = null;
  const firm = pair.params.filter((c) => c.role === 'input' && !flexible.includes(c.gradientParam) && c.primalParam && pair.primal.params.length === 1);
  // Vector activations too (issue 14, shape 6): an elementwise or nested-array derivative of a
  // vector function; bindings() reads the parameter as the output only when its elements match the
  // outputs one by one, else that reading is refused and the verdict stands.
  if (!alternative && firm.length === 1 && pair.primal.outputs.length >= 1) hintIfOutput = firm[0]!.gradientParam;
  return { primary, alternative, hintIfOutput };
}

/** Substitutions turning the gradient's parameters into primal variables under one convention. */
function bindings(pair: GradientPair, roles: RoleChoice): Map<string, MathNode> | string {
  const out = new Map<string, MathNode>();
  const primalOutputs = pair.primal.outputs;
  for (const c of pair.params) {
    const gp = pair.gradient.params.find((q) => q.name === c.gradientParam);
    if (!gp) continue;
    const gs = gp.symbols.length > 0 ? gp.symbols : [symbolName([gp.name])];
    const role = roles.get(c.gradientParam) ?? c.role;
    if (role === 'input' && c.primalParam) {
      const pp = pair.primal.params.find((q) => q.name === c.primalParam);
      if (!pp) continue;
      const ps = pp.symbols.length > 0 ? pp.symbols : [symbolName([pp.name])];
      if (ps.length !== gs.length) {
        // A derivative handed both the input and the output that reads only the output
        // (`(z, a) => a.map(…)`, a Jacobian in output form): the unread input was read as one
        // number for want of any use, and its shape says nothing about the primal's.
        if (!readsAny(pair.gradient, gs)) continue;
        return `${gp.name} has ${gs.length} element${gs.length === 1 ? '' : 's'} but ${pp.name} has ${ps.length}`;
      }
      gs.forEach((s, i) => { if (s !== ps[i]) out.set(s, sym(ps[i]!)); });
    } else if (role === 'output') {
      if (gs.length === 1 && primalOutputs.length === 1) out.set(gs[0]!, primalOutputs[0]!.node);
      else if (gs.length === primalOutputs.length && primalOutputs.every((o, i) => o.key === String(i))) gs.forEach((s, i) => out.set(s, primalOutputs[i]!.node));
      else return `${gp.name} stands for the output of ${pair.primal.qualifiedName}, but their shapes differ`;
    }
  }
  return out;
}

/** Whether any output or write of the function reads one of these symbols. */
function readsAny(f: GradientPair['gradient'], symbols: readonly string[]): boolean {
  const used = new Set([...f.outputs, ...f.writes].flatMap((o) => freeVariables(o.node)));
  return symbols.some((s) => used.has(s));
}

function upstreamSymbols(pair: GradientPair, roles: RoleChoice): string[] {
  const out: string[] = [];
  for (const c of pair.params) {
    if ((roles.get(c.gradientParam) ?? c.role) !== 'upstream') continue;
    const gp = pair.gradient.params.find((q) => q.name === c.gradientParam);
    if (gp) out.push(...(gp.symbols.length > 0 ? gp.symbols : [symbolName([gp.name])]));
  }
  return out;
}

/** The components of a pair under one convention, or why they cannot be formed. */
function components(pair: GradientPair, pl: Plan, roles: RoleChoice): { list: Component[]; upstream: string[] } | string {
  const b = bindings(pair, roles);
  if (typeof b === 'string') return b;
  const outs = pair.primal.outputs;
  // Nested arrays (`out[0][0][y][x]`) are read flat, in index order; one entry of them is one number.
  const nestedKey = (k: string) => /^\d+(\[\d+\])+$/.test(k);
  const scalar = outs.length === 1 && (outs[0]!.key === '' || /^0(\[0\])+$/.test(outs[0]!.key));
  const vector = outs.length > 1 && (outs.every((o, i) => o.key === String(i)) || outs.every((o) => nestedKey(o.key)));
  if (!scalar && !vector) return `${pair.primal.qualifiedName} returns ${outs.map((o) => o.key).join(', ')}; only functions returning one number or one array are checked`;
  const upstream = upstreamSymbols(pair, roles);
  // Nested outputs pair with the upstream entry of the same multi-index, never by position alone.
  if (vector && nestedKey(outs[0]!.key) && upstream.length === outs.length) {
    const idx = (k: string) => (k.match(/\d+/g) ?? []).join('_');
    if (outs.some((o, i) => !upstream[i]!.endsWith(`_${idx(o.key)}`))) return `the upstream gradient's entries do not have the shape of what ${pair.primal.qualifiedName} returns`;
  }
  let total: MathNode | null = null;
  if (upstream.length > 0) {
    if (scalar && upstream.length === 1) total = mul(sym(upstream[0]!), outs[0]!.node);
    else if (vector && upstream.length === outs.length) total = outs.map((o, i) => mul(sym(upstream[i]!), o.node)).reduce((a, t) => add(a, t));
    else return `the upstream gradient has ${upstream.length} element${upstream.length === 1 ? '' : 's'} but ${pair.primal.qualifiedName} returns ${outs.length}`;
  }
  const list: Component[] = [];
  for (const { out, key } of pl.resolved) {
    const claim = b.size > 0 ? substitute(out.node, b) : out.node;
    let reference: MathNode, local: MathNode;
    if (total) {
      reference = total;
      local = scalar ? outs[0]!.node : total;
    } else if (scalar) {
      reference = local = outs[0]!.node;
    } else if (key.row !== undefined) {
      // A Jacobian entry [i][j]: the partial of output i.
      reference = local = outs[key.row]!.node;
    } else {
      // Element-wise: output k of the gradient is ∂f_k/∂x_k.
      const fk = outs[key.element];
      if (!fk || pl.wrtParams.length !== 1 || key.param.symbols.length !== outs.length) {
        return `${pair.primal.qualifiedName} returns an array; without an upstream gradient only element-wise gradients (one output per element) are checked`;
      }
      reference = local = fk.node;
    }
    if (key.row !== undefined) list.push({ key: out.key, label: `[${key.row}][${key.element}]`, claim, wrt: key.symbol, reference, local, row: key.row });
    else list.push({ key: out.key, label: out.key, claim, wrt: key.symbol, reference, local });
  }
  return { list, upstream };
}

// ---- running the checks --------------------------------------------------------------------------

const reportCache = new BoundedCache<string, CheckReport>('code check reports', 5000);

function runCheck(c: Component, known: Set<string>, settings: CheckSettings): ComponentResult {
  const strangers = freeVariables(c.claim).filter((v) => !known.has(v));
  if (strangers.length > 0) {
    return { c, report: null, error: `it uses ${strangers.join(', ')}, which the primal does not have (a parameter or state the primal never reads)` };
  }
  const refText = treeKey(c.reference), claimText = treeKey(c.claim);
  if (refText.length > MAX_TREE_CHARS || claimText.length > MAX_TREE_CHARS) return { c, report: null, error: 'the expressions are too large to check' };
  const key = `${refText}|${c.wrt}|${claimText}|${settings.rtol}|${settings.atol}|${settings.samples}`;
  let report = reportCache.get(key);
  if (!report) {
    try {
      report = checkDerivative({
        f: c.reference, wrt: c.wrt, claim: c.claim, subject: c.label || 'the gradient',
        // Executed code: a NaN where the derivative is finite is what the gradient returns (0/0 at a zero factor).
        undefinedIsEvidence: true,
        tolerance: { ...(settings.rtol !== undefined ? { rtol: settings.rtol } : {}), ...(settings.atol !== undefined ? { atol: settings.atol } : {}) },
        ...(settings.samples !== undefined ? { samples: settings.samples } : {}),
      });
    } catch (e) {
      return { c, report: null, error: `the check could not evaluate it (${(e as Error).message})` };
    }
    reportCache.set(key, report);
  }
  return { c, report, error: null };
}

interface Outcome {
  results: ComponentResult[];
  verdict: 'ok' | 'mismatch' | 'unverified';
  upstream: string[];
  /** Filled in once by describeOutcome, so a cached outcome is described cheaply. */
  described?: { slip: Slip | null; right: string | null; hintFits: boolean; claimText: string | null };
}

interface Resolved {
  pl: Plan;
  outcome: Outcome | string;
  variant: Variant;
  hintIfOutput: string | null;
}

/** Whole-pair results by structure: the same formulas under other names (in another file) are checked once. */
const pairCache = new BoundedCache<string, Resolved>('code pair results', 5000);
/** Stands for the primal's name in cached notes (the same formulas recur under other names). */
const PRIMAL = '\u0000primal\u0000';

function signature(pair: GradientPair, claims: Output[], evidence: Map<string, 'input' | 'output'>): string {
  const params = (ps: ParamInfo[]) => ps.map((q) => `${q.name}:${q.kind}:${q.symbols.join(',')}`).join(';');
  return [
    pair.kind, pair.wrt.join(','),
    pair.params.map((c) => `${c.gradientParam}/${c.role}/${c.primalParam}/${c.reason}`).join(';'),
    params(pair.primal.params), params(pair.gradient.params),
    pair.primal.outputs.map((o) => `${o.key}=${treeKey(o.node)}`).join(';'),
    claims.map((o) => `${o.key}=${treeKey(o.node)}`).join(';'),
    [...evidence].join(';'),
  ].join('|');
}

function runVariant(pair: GradientPair, pl: Plan, v: Variant, settings: CheckSettings): Outcome | string {
  const made = components(pair, pl, v.roles);
  if (typeof made === 'string') return made;
  const known = new Set<string>([...made.upstream]);
  for (const q of pair.primal.params) for (const s of q.symbols.length ? q.symbols : [symbolName([q.name])]) known.add(s);
  for (const o of pair.primal.outputs) for (const s of freeVariables(o.node)) known.add(s);
  const results: ComponentResult[] = [];
  for (const c of made.list) {
    if (Date.now() > settings.deadline) { results.push({ c, report: null, error: 'not checked: the file took longer than the time budget' }); continue; }
    results.push(runCheck(c, known, settings));
  }
  // An output that is 0 as written where the derivative is 0 at every point (∂/∂p_1 of −log p_0)
  // carries no evidence on its own, but it agrees: it counts as right beside outputs that do.
  const zeroAgrees = (r: ComponentResult) => r.report?.verdict === 'unverified' && constValue(r.c.claim) === 0 && /negligibly small/.test(r.report.reason ?? '');
  const informative = results.some((r) => r.report?.verdict === 'ok');
  const verdicts = results.map((r) => (informative && zeroAgrees(r) ? 'ok' : r.report?.verdict ?? 'unverified'));
  const verdict = verdicts.includes('mismatch') ? 'mismatch' : verdicts.includes('unverified') ? 'unverified' : 'ok';
  return { results, verdict, upstream: made.upstream };
}

function checkResolved(pair: GradientPair, text: string, settings: CheckSettings, claims: Output[]): Finding | null {
  const g = pair.gradient;
  const fail = (reason: string) => decorate(baseFinding('derivative', g.nameRange, `${g.qualifiedName} could not be verified: ${reason}`, 'unverified'), pair);
  const evidence = pair.kind === 'flag' ? new Map<string, 'input' | 'output'>() : callerEvidence(text, pair);
  const key = `${signature(pair, claims, evidence)}|${settings.rtol}|${settings.atol}|${settings.samples}`;
  let resolved = key.length < 200_000 ? pairCache.get(key) : undefined;
  if (!resolved) {
    const pl = plan(pair, claims);
    if (typeof pl === 'string') return fail(pl);
    if (pl.resolved.length === 0) {
      return fail(`its output${claims.length === 1 ? '' : 's'} ${claims.map((o) => o.key || '(the return value)').join(', ')} cannot be matched with the parameters of ${pair.primal.qualifiedName}`);
    }
    const { primary, alternative, hintIfOutput } = variants(pair, evidence);
    const first = runVariant(pair, pl, primary, settings);
    let chosen: Outcome | string = first;
    let chosenVariant = primary;
    if (alternative && (typeof first === 'string' || first.verdict !== 'ok')) {
      const second = runVariant(pair, pl, alternative, settings);
      if (typeof second !== 'string' && second.verdict === 'ok') { chosen = second; chosenVariant = alternative; }
      else if (typeof first !== 'string' && first.verdict === 'mismatch') {
        const names = pair.params.filter((c) => primary.roles.get(c.gradientParam) !== alternative.roles.get(c.gradientParam)).map((c) => c.gradientParam);
        chosenVariant = { ...primary, note: `${primary.note ? `${primary.note}; ` : ''}it is wrong whether ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} read as the input or as the output of ${PRIMAL}` };
      }
    }
    // Output-form derivatives (`x * (1 - x)` for the logistic) with no caller in view: many
    // libraries pass the activation's output. Right under that convention, and said so; wrong
    // only when a caller in view passes the input (then `evidence` has the parameter).
    if (hintIfOutput && !evidence.has(hintIfOutput) && typeof chosen !== 'string' && chosen.verdict === 'mismatch') {
      const asOutput: Variant = { roles: new Map([...primary.roles, [hintIfOutput, 'output']]), note: `assuming the argument ${hintIfOutput} is the output y = ${PRIMAL}(${pair.primal.params[0]?.name ?? 'x'}), the convention of libraries that pass it (no caller in view says which)` };
      const third = runVariant(pair, pl, asOutput, settings);
      if (typeof third !== 'string' && third.verdict === 'ok') { chosen = third; chosenVariant = asOutput; }
    }
    resolved = { pl, outcome: chosen, variant: chosenVariant, hintIfOutput };
    const timedOut = typeof chosen !== 'string' && chosen.results.some((r) => r.error?.includes('time budget'));
    if (!timedOut && typeof chosen !== 'string' && key.length < 200_000) {
      pairCache.set(key, resolved);
    }
  }
  if (typeof resolved.outcome === 'string') return fail(resolved.outcome);
  return describeOutcome(pair, resolved.pl, resolved.outcome, resolved.variant, resolved.hintIfOutput, settings);
}

// ---- messages ------------------------------------------------------------------------------------

function describeOutcome(pair: GradientPair, pl: Plan, o: Outcome, v: Variant, hintIfOutput: string | null, settings: CheckSettings): Finding {
  const g = pair.gradient, p = pair.primal;
  const gname = g.qualifiedName;
  const multi = o.results.length > 1 || o.results[0]!.c.label !== '';
  const wrtText = pl.wrtParams.map((q) => q.name).join(', ');
  const of = `the derivative of ${p.qualifiedName}${p.synthetic === 'builtin' ? '' : ''} with respect to ${wrtText || 'its input'}`;
  const upstreamNote = o.upstream.length > 0
    ? `checked as ${o.upstream.length === 1 ? `${o.upstream[0]} · f′` : `the vector-Jacobian product Σ ${displayUpstream(pair)}_j ∂f_j`}`
    : '';
  const notes = [v.note.split(PRIMAL).join(p.name), upstreamNote].filter(Boolean);
  const unmatchedNote = pl.unmatched.length > 0 ? ` Not checked: ${pl.unmatched.map((u) => u.key).join(', ')} (no parameter of ${p.qualifiedName} by that name).` : '';
  const covered = new Set(o.results.map((r) => r.c.wrt));
  const uncovered = pair.wrt.length > 0 ? pl.wrtParams.filter((q) => !(q.symbols.length ? q.symbols : [q.name]).some((s) => covered.has(s))).map((q) => q.name) : [];
  const missingNote = uncovered.length > 0 ? ` It returns nothing for ${uncovered.join(', ')}.` : '';

  if (o.verdict === 'ok') {
    const checked = o.results.reduce((n, r) => n + (r.report?.checked ?? 0), 0);
    const maxRel = Math.max(...o.results.map((r) => r.report?.maxRelError ?? 0));
    const cond = o.results.map((r) => r.report?.condition).find(Boolean);
    const outputsText = multi ? `all ${o.results.length} outputs (${abbreviate(o.results.map((r) => r.c.label).join(', '), 60)}) agree with ${of}` : `it is ${of}`;
    const f = baseFinding('derivative', g.nameRange, `${gname} is right${cond ? ` for ${cond}` : ''}: ${outputsText} (${checked} points, max rel. error ${fmtValue(maxRel)})${notes.length ? `; ${notes.join('; ')}` : ''}.${unmatchedNote}${missingNote}`, 'ok');
    f.expression = expressionText(o.results);
    f.maxRelError = maxRel;
    f.condition = cond ?? null;
    return decorate(f, pair);
  }
  if (o.verdict === 'unverified') {
    const r = o.results.find((x) => (x.report?.verdict ?? 'unverified') === 'unverified')!;
    const reason = r.error ?? r.report?.reason ?? 'the check was inconclusive';
    const f = baseFinding('derivative', g.nameRange, `${gname} could not be verified${multi ? ` (output ${r.c.label})` : ''}: ${reason}${notes.length ? `; ${notes.join('; ')}` : ''}`, 'unverified');
    f.expression = expressionText(o.results);
    return decorate(f, pair);
  }
  const wrong = o.results.filter((r) => r.report?.verdict === 'mismatch');
  const r = wrong[0]!;
  const w = r.report!.worst;
  const scalarUp = o.upstream.length === 1 ? o.upstream[0]! : null;
  if (!o.described) {
    const localClaim = scalarUp ? substitute(r.c.claim, new Map([[scalarUp, num(1)]])) : r.c.claim;
    // A claim that is NaN where the derivative is finite (0/0 at a zero factor) has no slip to name.
    const slip = w && !Number.isFinite(w.actual) ? null : slipQuietly(r.c.local, r.c.wrt, localClaim);
    let hintFits = false;
    if (hintIfOutput && slip?.kind !== 'output-form') {
      const alt = runVariant(pair, pl, { roles: new Map([[hintIfOutput, 'output']]), note: '' }, settings);
      hintFits = typeof alt !== 'string' && alt.verdict === 'ok';
    }
    o.described = { slip, right: rightDerivative(r.c.local, r.c.wrt), hintFits, claimText: toTextQuietly(r.c.claim) };
  }
  const { slip, right } = o.described;

  const outName = !multi ? '' : r.c.row !== undefined
    ? ` in entry ${r.c.label} (the partial of output ${r.c.row} with respect to ${r.c.wrt})`
    : ` in output ${r.c.label} (the derivative with respect to ${r.c.wrt})`;
  const others = wrong.length > 1 ? ` Also wrong: ${abbreviate(wrong.slice(1).map((x) => x.c.label).join(', '), 80)}.` : '';
  const hint = o.described.hintFits && hintIfOutput ? ` It would be right if ${hintIfOutput} were the output y = ${p.name}(${p.params[0]?.name ?? 'x'}), but ${hintIfOutput} is the input here.` : '';
  const rightText = right ? ` The right ${scalarUp ? `local derivative (with ${scalarUp} = 1)` : 'derivative'} is ${right}.` : '';
  const evidence = w ? `${disagreementAt(w, pointText(w.point), 'derivative', 'NaN')}.` : '';
  const message = wrongSentence({ subject: gname, qualifier: outName, slip: slip?.text ?? null, evidence: `${evidence}${rightText}${hint}${others}${notes.length ? ` (${capitalize(notes.join('; '))}.)` : ''}${unmatchedNote}${missingNote}` });
  const f = baseFinding('derivative', g.nameRange, message.replace(/\s+/g, ' ').trim(), 'mismatch');
  f.expression = o.described.claimText;
  f.maxRelError = r.report!.maxRelError;
  f.worstPoint = w ? w.point : null;
  f.slip = slip?.text ?? null;
  f.slipKind = slip?.kind ?? null;
  if (right) f.derivative = right;
  return decorate(f, pair);
}

function displayUpstream(pair: GradientPair): string {
  return pair.upstreamParam ?? 'u';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function expressionText(results: ComponentResult[]): string | null {
  if (results.length !== 1) return null;
  return toTextQuietly(results[0]!.c.claim);
}

const slipCache = new BoundedCache<string, Slip | null>('code slips', 2000);
function slipQuietly(f: MathNode, wrt: string, claim: MathNode): Slip | null {
  const key = `${treeKey(f)}|${wrt}|${treeKey(claim)}`;
  if (key.length > 6000) return null;
  if (slipCache.has(key)) return slipCache.get(key)!;
  let s: Slip | null = null;
  try { s = diagnoseSlip({ f, wrt, claim }); } catch { s = null; }
  slipCache.set(key, s);
  return s;
}

/** The right derivative as a reader wants it: the catalog's form when f is a catalog entry, else the symbolic one. */
const rightCache = new BoundedCache<string, string | null>('code right derivatives', 2000);
function rightDerivative(f: MathNode, wrt: string): string | null {
  const key = `${treeKey(f)}|${wrt}`;
  if (rightCache.has(key)) return rightCache.get(key)!;
  const text = computeRightDerivative(f, wrt);
  rightCache.set(key, text);
  return text;
}

function computeRightDerivative(f: MathNode, wrt: string): string | null {
  try {
    if (treeKey(f).length > 600) return null;
    const text = catalogDerivativeText(f, wrt) ?? symbolicDerivative(f, wrt).text;
    return text.length > 200 ? null : readableNames(text);
  } catch {
    return null;
  }
}
