/**
 * Translates the numeric functions of a TS/JS file into vocabulary trees. Each function is read by
 * symbolic execution (interpreter.ts) with its parameters as variables; the result is a
 * TranslatedFunction whose outputs are validated trees, or an error saying why it is unverified.
 * Translation never throws and never runs the code.
 */
import type * as T from 'typescript';
import { ts } from './ts.js';
import type * as math from 'mathjs';
import type { MathNode } from 'mathjs';
import { ExpressionError, freeVariables, substitute, validate } from '../core/expr/tree.js';
import { Builder, DEFAULT_LIMITS, TranslationError, constValue, type BuilderLimits } from './builder.js';
import { discover, type Discovery, type FunctionSite, type SiteGroup } from './discover.js';
import { stateHolder } from './state-holder.js';
import { isUpstreamName } from './naming.js';
import { Interpreter, skipOuter } from './interpreter.js';
import { buildStep, mayHoldTape, readTapeSteps, type TapeStep } from './tape.js';
import type { ScriptGlobal } from './script-globals.js';
import { readJsDoc } from './jsdoc.js';
import { OuterScopes, isFunctionLikeNode } from './outer-scope.js';
import { classifyParam, numericDefault, readDims, valueParameters } from './params.js';
import { parseSource, rangeOf } from './source.js';
import type { CodeDiagnostic, JsDocInfo, Output, ParamInfo, TranslatedFunction } from './types.js';
import { UNDEF, pathText, symbolName, type Path, type Value } from './values.js';
import { flattenValue, type Flattening } from './outputs.js';

export interface TranslateOptions {
  limits?: BuilderLimits;
  /** Time one function may take. */
  functionTimeMs?: number;
  /** Time the whole file may take; later functions are reported as skipped. */
  fileTimeMs?: number;
  /** Top-level functions of sibling script files this file may call (script-globals.ts). */
  globals?: ReadonlyMap<string, ScriptGlobal>;
}

/** Everything known about one file after translation; pairing reads the sites and groups too. */
export interface FileTranslation {
  path: string;
  functions: TranslatedFunction[];
  diagnostics: CodeDiagnostic[];
  sites: FunctionSite[];
  groups: SiteGroup[];
  /** The site each (non-synthetic) function came from. */
  siteOf: Map<TranslatedFunction, FunctionSite>;
  /** Pairs implied by translation itself: a tf.customGrad's value and gradFunc, a tape node's value and backward closure. */
  linked: { primal: TranslatedFunction; gradient: TranslatedFunction; evidence: string; kind?: 'tape'; upstream?: string }[];
  /** Re-translates a site with some parameters fixed (a derivative flag set to true or false). */
  retranslate(site: FunctionSite, fixed: ReadonlyMap<string, number>, suffix: string): TranslatedFunction;
  /** Re-translates a backward method on the instance state its forward method leaves. */
  withState(gradient: FunctionSite, primal: FunctionSite, fixed?: ReadonlyMap<string, number>): TranslatedFunction;
  /** Reads backward(A, V) on the output argument forward(V, A) fills; null when it is no such pair. */
  writeThrough(gradient: FunctionSite, primal: FunctionSite): { primal: TranslatedFunction; gradient: TranslatedFunction; upstream: string } | null;
}

export function translateSource(path: string, text: string, options: TranslateOptions = {}): FileTranslation {
  const empty: FileTranslation = {
    path, functions: [], diagnostics: [], sites: [], groups: [], siteOf: new Map(), linked: [],
    retranslate: () => {
      throw new Error('no sites');
    },
    withState: () => {
      throw new Error('no sites');
    },
    writeThrough: () => null,
  };
  let parsed;
  try {
    parsed = parseSource(path, typeof text === 'string' ? text : String(text));
  } catch (e) {
    return { ...empty, diagnostics: [{ message: `cannot read file: ${(e as Error).message}`, range: zeroRange() }] };
  }
  const sf = parsed.sf;
  if (!sf) return { ...empty, diagnostics: parsed.diagnostics };
  let found: Discovery;
  try {
    found = discover(sf);
  } catch (e) {
    return { ...empty, diagnostics: [...parsed.diagnostics, { message: `cannot list functions: ${(e as Error).message}`, range: zeroRange() }] };
  }
  const syntaxErrors = ((sf as unknown as { parseDiagnostics?: readonly { start?: number }[] }).parseDiagnostics ?? []).map((d) => d.start ?? 0);
  const ctx: FileContext = { path, sf, outer: new OuterScopes(sf), found, options, syntaxErrors };
  const fileDeadline = Date.now() + (options.fileTimeMs ?? 20_000);
  const functions: TranslatedFunction[] = [];
  const siteOf = new Map<TranslatedFunction, FunctionSite>();
  const linked: FileTranslation['linked'] = [];
  for (const site of found.sites) {
    const made = Date.now() > fileDeadline
      ? [failed(ctx, site, 'skipped: the file took too long to translate')]
      : translateSite(ctx, site, new Map());
    for (const f of made) {
      functions.push(f);
      if (!f.synthetic) siteOf.set(f, site);
    }
    if (made.length === 2) linked.push({ primal: made[0]!, gradient: made[1]!, evidence: 'tf.customGrad returns { value, gradFunc }' });
    if (Date.now() <= fileDeadline && mayHoldTape(site.node, sf)) {
      for (const step of translateTape(ctx, site)) {
        functions.push(step.primal, step.gradient);
        linked.push(step);
      }
    }
  }
  return {
    path, functions, diagnostics: parsed.diagnostics, sites: found.sites, groups: found.groups, siteOf, linked,
    retranslate: (site, fixed, suffix) => {
      const f = translateSite(ctx, site, fixed)[0]!;
      return { ...f, qualifiedName: `${f.qualifiedName}${suffix}`, params: f.params.filter((p) => !fixed.has(p.name)) };
    },
    withState: (gradient, primal, fixed) => translateSite(ctx, gradient, fixed ?? new Map(), primal)[0]!,
    writeThrough: (gradient, primal) => translateWriteThrough(ctx, gradient, primal),
  };
}

interface FileContext {
  path: string;
  sf: T.SourceFile;
  outer: OuterScopes;
  found: Discovery;
  options: TranslateOptions;
  /** Offsets of syntax errors: a function containing one is not translated. */
  syntaxErrors: number[];
}

function paramsOf(ctx: FileContext, site: FunctionSite, jsdoc: JsDocInfo): ParamInfo[] {
  const dims = readDims(jsdoc);
  return valueParameters(site.node).map((p, i) => {
    const name = ts.isIdentifier(p.name) ? p.name.text : `param${i}`;
    let kind = classifyParam(p, site.node, jsdoc, ctx.sf);
    // tf.customGrad inputs are tensors read element-wise.
    if (site.owner.kind === 'custom-grad' && kind === 'object') kind = 'scalar';
    // A GPU kernel's array inputs are read at its own element (`inputs[this.thread.x]`): one number each.
    const arrayTyped = kind === 'vector' || /\[\s*\]\s*$/.test(p.type?.getText(ctx.sf) ?? '');
    if (arrayTyped && readsKernelThread(site.node, ctx.sf)) kind = 'scalar';
    return { name, kind, dims: kind === 'vector' ? dims.perParam.get(name) ?? dims.all : null, symbols: [], defaultValue: numericDefault(p) };
  });
}

/** A plain function (not a method) whose body reads `this.thread.*`: a gpu.js-style kernel. */
const kernelCache = new WeakMap<T.Node, boolean>();
function readsKernelThread(node: FunctionSite['node'], sf: T.SourceFile): boolean {
  let v = kernelCache.get(node);
  if (v === undefined) kernelCache.set(node, (v = !ts.isMethodDeclaration(node) && /\bthis\s*\.\s*thread\s*\./.test(node.getText(sf))));
  return v;
}

/**
 * One site gives one function, or two for tf.customGrad (the value and its gradFunc). With
 * `stateFrom`, the site is a backward method run on the instance state its forward method leaves
 * (`this.y = …` in forward, read in backward), so its result is expressed in forward's inputs.
 */
function translateSite(ctx: FileContext, site: FunctionSite, fixed: ReadonlyMap<string, number>, stateFrom?: FunctionSite): TranslatedFunction[] {
  const { sf } = ctx;
  const jsdoc = safeJsDoc(sf, site.host);
  const dims = readDims(jsdoc);
  const decl = site.node;
  const isCustomGrad = site.owner.kind === 'custom-grad';
  const params = paramsOf(ctx, site, jsdoc);
  // tf.customGrad's last parameter is `save`, not an input.
  const saveParam = isCustomGrad && params.length >= 2 ? params.pop()!.name : null;
  const stateParams = stateFrom ? paramsOf(ctx, stateFrom, safeJsDoc(sf, stateFrom.host)) : [];
  const extraParams = stateParams.filter((p) => !params.some((q) => q.name === p.name));
  const base = (): TranslatedFunction => ({
    name: site.name, qualifiedName: site.qualifiedName, file: ctx.path,
    range: rangeOf(sf, site.host), nameRange: rangeOf(sf, site.nameNode),
    params: params.map((p) => ({ ...p, symbols: symbolsOf(p, new Set()) })), outputs: [], writes: [], jsdoc, error: null, notes: [],
  });
  const paramDims = new Map([...stateParams, ...params].filter((p) => p.dims !== null).map((p) => [p.name, p.dims!] as const));
  const paramShapes = new Map<string, number[]>();
  const interp = new Interpreter(
    { sf, outer: ctx.outer, dims: dims.all, paramDims, paramShapes, deadline: Date.now() + (ctx.options.functionTimeMs ?? 2_000), globals: ctx.options.globals, outerParamsShared: site.owner.kind === 'call-arg' },
    new Builder(ctx.options.limits ?? DEFAULT_LIMITS),
  );
  try {
    const broken = ctx.syntaxErrors.find((at) => at >= decl.pos && at < decl.end);
    if (broken !== undefined) throw new TranslationError('contains a syntax error');
    const unknown = [...params, ...stateParams].find((p) => p.kind === 'unknown');
    if (unknown) throw new TranslationError(`parameter ${unknown.name} is destructured or a rest parameter`);
    let saved: Value = UNDEF;
    const refs = (ps: ParamInfo[]): Value[] => ps.map((p) => (fixed.has(p.name) ? { k: 'num', node: interp.b.num(fixed.get(p.name)!) } : { k: 'ref', path: [p.name] }));
    const args = refs(params);
    if (saveParam) args.push({ k: 'native', name: saveParam, call: (a) => ((saved = a[0] ?? UNDEF), UNDEF) });
    // Fixed fields of this (`this.idx = 2`, keyed 'this.idx'): a class index held in state, set by
    // a setter the checked functions never call (issue 14, data-dependent indices).
    const fixFields = (v: Value | undefined): Value | undefined => {
      const own = [...fixed].filter(([k]) => k.startsWith('this.'));
      if (!v || v.k !== 'obj' || own.length === 0) return v;
      return { ...v, props: new Map([...v.props, ...own.map(([k, n]) => [k.slice(5), { k: 'num', node: interp.b.num(n) }] as [string, Value])]) };
    };
    let thisValue = fixFields(thisFor(ctx, site, interp));
    const notes: string[] = [];
    if (stateFrom) {
      const forwardResult = interp.callFunction(stateFrom.node, refs(stateParams), fixFields(thisFor(ctx, stateFrom, interp)), null, stateFrom.qualifiedName);
      // The upstream gradient a layer's backward receives has the shape of what its forward returns
      // (`return [[[this.s]]]` → layerDerivative[0][0][0].length is n, layerDerivative[0].length is 1).
      const shape = rectangularShape(forwardResult);
      const upstream = params.filter((p) => isUpstreamName(p.name) && !stateParams.some((q) => q.name === p.name));
      if (shape && shape.length > 1 && upstream.length === 1) paramShapes.set(upstream[0]!.name, shape);
      thisValue = fixFields(interp.lastThis ?? thisValue);
      // Static layer methods keep the state on their shared first argument (`layer.x = x`).
      const holder = stateHolder(stateFrom, site);
      const held = holder ? stateObject(interp.writes(), holder) : null;
      interp.clearWrites();
      if (holder && held) {
        const at = params.findIndex((p) => p.name === holder);
        if (at >= 0) args[at] = held;
        notes.push(`reads the state ${stateFrom.qualifiedName} leaves on its argument ${holder}, expressed in its inputs`);
      } else {
        notes.push(`reads the state ${stateFrom.qualifiedName} leaves on this, expressed in its inputs`);
      }
    }
    const result = interp.callFunction(decl, args, thisValue, null, site.qualifiedName);
    if (isCustomGrad) {
      if (result.k !== 'obj') throw new TranslationError('tf.customGrad function does not return { value, gradFunc }');
      const primal = finish(base(), interp, interp.member(result, 'value'), params, []);
      const gradFn = interp.member(result, 'gradFunc');
      const gradResult = interp.callValue(gradFn, [{ k: 'ref', path: ['dy'] }, saved], undefined, 'gradFunc');
      const gradParams: ParamInfo[] = [{ name: 'dy', kind: 'scalar', dims: null, symbols: ['dy'], defaultValue: null }, ...params.map((p) => ({ ...p }))];
      const gradient = finish({ ...base(), name: 'gradFunc', qualifiedName: `${site.qualifiedName}.gradFunc`, params: gradParams, synthetic: 'custom-grad' }, interp, gradResult, gradParams, []);
      return [primal, gradient];
    }
    const f = finish(base(), interp, result, [...params, ...extraParams], interp.writes());
    f.notes.unshift(...notes);
    return [f];
  } catch (e) {
    const f = base();
    f.error = errorMessage(e);
    return [f];
  }
}

/**
 * The object a forward left in its argument `root` (`layer.x = x; layer.y = …`), from the writes
 * it made there: each field holds what was written; fields it did not write read as variables.
 * Null when a write goes deeper than one field (the state is then not rebuilt).
 */
function stateObject(writes: { path: Path; value: Value }[], root: string): Value | null {
  const props = new Map<string, Value>();
  for (const w of writes) {
    if (w.path[0] !== root) continue;
    if (w.path.length !== 2 || typeof w.path[1] !== 'string') return null;
    props.set(w.path[1], w.value);
  }
  return props.size > 0 ? { k: 'obj', name: root, props, missing: { refRoot: [root] } } : null;
}

/**
 * A site read as a tape operation (tape.ts): one (primal, gradient) pair per backward closure it
 * stores, both synthetic: the primal is the node's value as a function of the inputs' values, the
 * gradient what the closure adds into the inputs' gradients. Nothing when the site is no such
 * operation or cannot be read (the site's own translation still stands).
 */
function translateTape(ctx: FileContext, site: FunctionSite): { primal: TranslatedFunction; gradient: TranslatedFunction; evidence: string; kind: 'tape'; upstream: string }[] {
  const { sf } = ctx;
  const jsdoc = safeJsDoc(sf, site.host);
  const dims = readDims(jsdoc);
  const params = paramsOf(ctx, site, jsdoc);
  if (params.some((p) => p.kind === 'unknown' && !site.node.parameters.some((q) => q.dotDotDotToken && ts.isIdentifier(q.name) && q.name.text === p.name))) return [];
  const paramDims = new Map(params.filter((p) => p.dims !== null).map((p) => [p.name, p.dims!] as const));
  const interp = new Interpreter(
    { sf, outer: ctx.outer, dims: dims.all, paramDims, deadline: Date.now() + (ctx.options.functionTimeMs ?? 2_000), globals: ctx.options.globals },
    new Builder(ctx.options.limits ?? DEFAULT_LIMITS),
  );
  interp.tape = { closures: [] };
  let steps: ReturnType<typeof readTapeSteps>;
  try {
    if (ctx.syntaxErrors.some((at) => at >= site.node.pos && at < site.node.end)) return [];
    const args: Value[] = params.map((p) => ({ k: 'ref', path: [p.name] }));
    const result = interp.callFunction(site.node, args, thisFor(ctx, site, interp), null, site.qualifiedName);
    steps = readTapeSteps(interp, result);
  } catch (e) {
    if (process.env.GRADLENS_DEBUG_TAPE) console.error(site.qualifiedName, (e as Error).message);
    return [];
  }
  if (typeof steps === 'string') {
    if (process.env.GRADLENS_DEBUG_TAPE) console.error(site.qualifiedName, steps);
    return [];
  }
  const out = [];
  for (const step of steps) {
    const made = stepFunctions(ctx, site, step, interp.notes, `${site.qualifiedName}.${step.field}`, step.field, rangeOf(sf, step.anchor));
    if (made) out.push({ ...made, evidence: `${site.qualifiedName} stores ${step.field} with the node it returns`, kind: 'tape' as const, upstream: step.upstream.name });
  }
  return out;
}

/** The synthetic (primal, gradient) of one gradient step; null when a result is outside the vocabulary. */
function stepFunctions(ctx: FileContext, site: FunctionSite, step: TapeStep, notes: string[], gradientQualified: string, gradientName: string, gradientRange: TranslatedFunction['range']): { primal: TranslatedFunction; gradient: TranslatedFunction } | null {
  const { sf } = ctx;
  try {
    const scalar = (name: string): ParamInfo => ({ name, kind: 'scalar', dims: null, symbols: [name], defaultValue: null });
    const upstream = new Set(step.upstream.symbols);
    const forward = step.forward.map((o) => ({ key: o.key, node: checked(o.node) }));
    const gradient = step.gradient.map((o) => ({ key: o.key, node: checked(o.node) }));
    const inputs = [...new Set(step.inputs)];
    const extra = [...new Set(forward.flatMap((o) => freeVariables(o.node)))].filter((v) => !inputs.includes(v) && !upstream.has(v)).sort();
    const primal: TranslatedFunction = {
      name: site.name, qualifiedName: site.qualifiedName, file: ctx.path, range: rangeOf(sf, site.host), nameRange: rangeOf(sf, site.nameNode),
      params: [...inputs, ...extra].map(scalar), outputs: forward, writes: [], jsdoc: safeJsDoc(sf, site.host), error: null, notes: [...notes], synthetic: 'tape',
    };
    const up: ParamInfo = step.upstream.symbols.length === 1 && forward.length === 1 && forward[0]!.key === ''
      ? scalar(step.upstream.name)
      : { name: step.upstream.name, kind: 'vector', dims: step.upstream.symbols.length, symbols: step.upstream.symbols, defaultValue: null };
    const g: TranslatedFunction = {
      name: gradientName, qualifiedName: gradientQualified, file: ctx.path, range: gradientRange, nameRange: gradientRange,
      params: [up], outputs: [], writes: gradient, jsdoc: { tags: {}, text: '' }, error: null, notes: [...step.notes, ...notes], synthetic: 'tape',
    };
    return { primal, gradient: g };
  } catch {
    return null;
  }
}

/**
 * A layer whose forward(V, A) returns nothing and fills an output argument A, and whose
 * backward(A, V) reads A's values and gradient and writes V's gradient (`V.dw[i] = A.w[i] · (1 −
 * A.w[i]) · A.dw[i]`): backward runs on the values forward left in A, and is read as the
 * gradient step of A's value field with A's gradient field upstream (as a tape node's closure).
 */
function translateWriteThrough(ctx: FileContext, gradient: FunctionSite, primal: FunctionSite): { primal: TranslatedFunction; gradient: TranslatedFunction; upstream: string } | null {
  const { sf } = ctx;
  const pj = safeJsDoc(sf, primal.host);
  const pParams = paramsOf(ctx, primal, pj);
  const gParams = paramsOf(ctx, gradient, safeJsDoc(sf, gradient.host));
  if ([...pParams, ...gParams].some((p) => p.kind === 'unknown')) return null;
  const dims = readDims(pj);
  const interp = new Interpreter(
    { sf, outer: ctx.outer, dims: dims.all, paramDims: new Map(), deadline: Date.now() + (ctx.options.functionTimeMs ?? 2_000), globals: ctx.options.globals },
    new Builder(ctx.options.limits ?? DEFAULT_LIMITS),
  );
  try {
    const ref = (ps: ParamInfo[]): Value[] => ps.map((p) => ({ k: 'ref', path: [p.name] }));
    const result = interp.callFunction(primal.node, ref(pParams), thisFor(ctx, primal, interp), null, primal.qualifiedName);
    if (result.k !== 'undef') return null;
    const forwardWrites = interp.writes();
    const roots = new Set(forwardWrites.map((w) => String(w.path[0])));
    if (roots.size !== 1) return null;
    const root = [...roots][0]!;
    if (!gParams.some((p) => p.name === root)) return null;
    interp.callFunction(gradient.node, ref(gParams), interp.lastThis ?? thisFor(ctx, gradient, interp), null, gradient.qualifiedName);
    const step = buildStep(interp, null, [root], forwardWrites, interp.writes(), gradient.nameNode, gradient.name);
    if (typeof step === 'string') return null;
    step.notes = [`runs on the values ${primal.qualifiedName} leaves in its output argument ${root}; ${step.upstream.name.replace(/_\d+$/, '')} is the upstream gradient`];
    const made = stepFunctions(ctx, primal, step, interp.notes, gradient.qualifiedName, gradient.name, rangeOf(sf, gradient.host));
    if (!made) return null;
    made.gradient.nameRange = rangeOf(sf, gradient.nameNode);
    return { ...made, upstream: step.upstream.name };
  } catch {
    return null;
  }
}

function finish(fn: TranslatedFunction, interp: Interpreter, result: Value, params: ParamInfo[], writes: { path: Path; value: Value }[]): TranslatedFunction {
  const vectorParams = new Set(params.filter((p) => p.kind === 'vector').map((p) => p.name));
  const outputs: Output[] = [];
  // A whole vector parameter returned or written as it is stands for its entries.
  const how: Flattening = {
    toNode: (v, what) => interp.toNode(v, what),
    expand: (v) => (v.k === 'ref' && v.path.length === 1 && vectorParams.has(String(v.path[0])) ? { k: 'vec', items: interp.toVector(v, 'the result') } : v),
  };
  const flatten = (v: Value, key: string, into: Output[]): void => flattenValue(v, key, into, how);
  const writeOutputs: Output[] = [];
  for (const w of writes) flatten(w.value, pathText(w.path), writeOutputs);
  // `return result` after filling the output argument `result` (`result.data[i] = …`): what it
  // returns is what it wrote, so the writes are its outputs (not the argument itself, read as a variable).
  const returnsFilledArgument = result.k === 'ref' && result.path.length === 1 && writes.some((w) => w.path[0] === result.path[0] && w.path.length > 1);
  if (!((result.k === 'undef' || returnsFilledArgument) && writeOutputs.length > 0)) flatten(result, '', outputs);
  // Gradient code accumulates (`x.dw[i] += …`) into buffers zeroed beforehand; read the contribution.
  const accumulated = writeOutputs.map((w) => {
    const own = symbolName(parseKey(w.key));
    if (!freeVariables(w.node).includes(own)) return w;
    fn.notes.push(`${w.key} accumulates into its previous value, taken as 0`);
    return { key: w.key, node: dropZeroTerms(substitute(w.node, { [own]: interp.b.num(0) })) };
  });
  fn.outputs = outputs.map((o) => ({ key: o.key, node: checked(o.node) }));
  fn.writes = accumulated.map((o) => ({ key: o.key, node: checked(o.node) }));
  fn.notes.push(...interp.notes);
  const used = new Set([...fn.outputs, ...fn.writes].flatMap((o) => freeVariables(o.node)));
  fn.params = params.map((p) => ({ ...p, symbols: symbolsOf(p, used) }));
  return fn;
}

/** `0 + t` → `t`, left behind when an accumulator's start is taken as 0. */
function dropZeroTerms(node: MathNode): MathNode {
  return node.transform((n: MathNode) => {
    if (n.type !== 'OperatorNode') return n;
    const o = n as math.OperatorNode;
    if (o.fn !== 'add' || o.args.length !== 2) return n;
    const [a, b] = o.args as [MathNode, MathNode];
    if (constValue(a) === 0) return dropZeroTerms(b);
    if (constValue(b) === 0) return dropZeroTerms(a);
    return n;
  });
}

function symbolsOf(p: ParamInfo, used: ReadonlySet<string>): string[] {
  const base = symbolName([p.name]);
  if (p.kind === 'scalar') return [base];
  if (p.kind === 'vector') {
    // Nested arrays read entry by entry (`input[w][z][y][x]`): the entries read are its elements,
    // in index order; a flat vector keeps its declared length.
    const nested = [...used].filter((s) => s.startsWith(`${base}_`) && /^(_\d+){2,}$/.test(s.slice(base.length)));
    if (nested.length > 0 && ![...used].some((s) => s.startsWith(`${base}_`) && /^_\d+$/.test(s.slice(base.length)))) {
      const idx = (s: string) => s.slice(base.length + 1).split('_').map(Number);
      return nested.sort((a, b) => {
        const x = idx(a), y = idx(b);
        for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
        return 0;
      });
    }
    return Array.from({ length: p.dims ?? 0 }, (_, i) => symbolName([p.name, i]));
  }
  if (p.kind === 'object') return [...used].filter((s) => s.startsWith(`${base}_`)).sort();
  return [];
}

/** 'x.dw[0]' → ['x', 'dw', 0]. */
function parseKey(key: string): Path {
  const out: (string | number)[] = [];
  for (const m of key.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function checked(node: MathNode): MathNode {
  return validate(node.cloneDeep());
}

/** The `this` a method sees: instance state from the class or constructor, or the object literal. */
/** Lengths per level of a nested array value whose levels are all rectangular, else null. */
function rectangularShape(v: Value): number[] | null {
  if (v.k !== 'vec' || v.items.length === 0) return null;
  if (v.items.every((x) => x.k === 'num')) return [v.items.length];
  const inner = v.items.map(rectangularShape);
  const first = inner[0];
  if (!first || inner.some((x) => !x || x.join(',') !== first.join(','))) return null;
  return [v.items.length, ...first];
}

function thisFor(ctx: FileContext, site: FunctionSite, interp: Interpreter): Value | undefined {
  const owner = site.owner;
  switch (owner.kind) {
    case 'class': {
      return classObject(owner.cls, interp, owner.isStatic);
    }
    case 'prototype':
      return prototypeObject(ctx, owner.ctorName, owner.anchor, interp);
    case 'object':
      try {
        return interp.evalDetached(owner.literal, owner.literal, site.container || 'object');
      } catch {
        return { k: 'obj', name: site.container || 'this', props: new Map(), missing: { refRoot: ['this'] } };
      }
    default:
      return undefined;
  }
}

function classObject(cls: T.ClassLikeDeclaration, interp: Interpreter, statics: boolean): Value {
  const name = cls.name?.text ?? 'this';
  const props = new Map<string, Value>();
  const self: Value = { k: 'obj', name, props, missing: statics ? 'nan' : { refRoot: ['this'] } };
  for (const m of cls.members) {
    const isStatic = (ts.canHaveModifiers(m) ? ts.getModifiers(m) ?? [] : []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
    if (isStatic !== statics || !m.name || ts.isComputedPropertyName(m.name)) continue;
    const key = (m.name as T.Identifier).text;
    if (ts.isMethodDeclaration(m) && m.body) props.set(key, { k: 'fn', decl: m, env: null, thisValue: undefined, name: `${name}.${key}` });
    else if (ts.isPropertyDeclaration(m) && m.initializer) {
      const init = skipOuter(m.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) props.set(key, { k: 'fn', decl: init, env: null, thisValue: self, name: `${name}.${key}` });
      else trySet(props, key, () => constantValue(interp.evalDetached(m.initializer!, m, key)));
    }
  }
  if (!statics) {
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    if (ctor?.body) readThisAssignments(ctor.body, props, interp);
  }
  return self;
}

function prototypeObject(ctx: FileContext, ctorName: string, anchor: T.Node, interp: Interpreter): Value {
  const props = new Map<string, Value>();
  const self: Value = { k: 'obj', name: ctorName, props, missing: { refRoot: ['this'] } };
  const decl = ctx.outer.resolve(ctorName, anchor);
  let ctor: T.Node | undefined;
  if (decl?.kind === 'function') ctor = decl.node;
  if (decl?.kind === 'var' && decl.decl.initializer) ctor = skipOuter(decl.decl.initializer);
  if (ctor && isFunctionLikeNode(ctor) && ctor.body && ts.isBlock(ctor.body)) readThisAssignments(ctor.body, props, interp);
  for (const s of ctx.found.sites) {
    if (s.owner.kind === 'prototype' && s.owner.ctorName === ctorName) props.set(s.name, { k: 'fn', decl: s.node, env: null, thisValue: undefined, name: s.qualifiedName });
  }
  return self;
}

/** `this.alpha = 0.01` in a constructor makes alpha a number; `this.alpha = alpha` leaves it a variable (this_alpha). */
function readThisAssignments(body: T.Block, props: Map<string, Value>, interp: Interpreter): void {
  for (const s of body.statements) {
    if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression) || s.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const left = skipOuter(s.expression.left);
    if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) continue;
    const key = left.name.text;
    const right = s.expression.right;
    props.delete(key);
    trySet(props, key, () => constantValue(interp.evalDetached(right, s, key)));
  }
}

function trySet(props: Map<string, Value>, key: string, make: () => Value | null): void {
  try {
    const v = make();
    if (v) props.set(key, v);
  } catch {
    // Not a constant: left out, so reads become the variable this_<key>.
  }
}

/** Keeps values that do not depend on anything (numbers, strings, literal objects of them). */
function constantValue(v: Value): Value | null {
  switch (v.k) {
    case 'num': return freeVariables(v.node).length === 0 ? v : null;
    case 'str': return v;
    case 'vec': return v.items.every((x) => constantValue(x) !== null) ? v : null;
    case 'obj': return v;
    default: return null;
  }
}

function failed(ctx: FileContext, site: FunctionSite, error: string): TranslatedFunction {
  return {
    name: site.name, qualifiedName: site.qualifiedName, file: ctx.path,
    range: rangeOf(ctx.sf, site.host), nameRange: rangeOf(ctx.sf, site.nameNode),
    params: [], outputs: [], writes: [], jsdoc: safeJsDoc(ctx.sf, site.host), error, notes: [],
  };
}

function safeJsDoc(sf: T.SourceFile, host: T.Node): JsDocInfo {
  try {
    return readJsDoc(sf, host);
  } catch {
    return { tags: {}, text: '' };
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof TranslationError) return e.message;
  if (e instanceof ExpressionError) return `result outside the vocabulary: ${e.message}`;
  if (e instanceof RangeError) return 'too deeply nested';
  return `internal error while translating: ${(e as Error)?.message ?? String(e)}`;
}

function zeroRange() {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
