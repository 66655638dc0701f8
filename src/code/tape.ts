/**
 * Reverse-mode autodiff written as a tape: an operation builds its output node and stores the
 * backward step beside it, a closure run later in the backward pass.
 *
 *   const out = new Value(Math.tanh(this.data), [this]);          // micrograd style
 *   out._backward = () => { this.grad += (1 - out.data ** 2) * out.grad; };
 *
 *   var out = new Mat(m.n, m.d); for (…) out.w[i] = Math.tanh(m.w[i]);   // recurrentjs style
 *   this.backprop.push(function () { for (…) m.dw[i] += (1 - out.w[i] ** 2) * out.dw[i]; });
 *
 * The closure is the gradient of the computation around it: the value the node holds (`out.data`,
 * `out.w[i]`) is the forward function of the inputs' values (`this.data`, `other.data`, `m.w[i]`),
 * the node's gradient field (`out.grad`, `out.dw[i]`) is the upstream gradient, and what the
 * closure adds into the inputs' gradient fields (`this.grad`, `m.dw[i]`) must be the
 * vector-Jacobian product. A gradient field is paired with its value field by name (`dw` ↔ `w`,
 * `grad` ↔ the node's one value field such as `data`).
 *
 * This module reads one run of the operation (in the interpreter's tape mode) into such a pair.
 */
import type * as T from 'typescript';
import type { MathNode } from 'mathjs';
import { freeVariables, substitute } from '../core/expr/tree.js';
import { BACKWARD_FIELD, type Interpreter } from './interpreter.js';
import { ts } from './ts.js';
import { pathText, symbolName, type Path, type Value } from './values.js';

/** A cheap syntactic test before a site is read in tape mode. */
export function mayHoldTape(node: T.Node, sf: T.SourceFile): boolean {
  const text = node.getText(sf);
  const stores = /\.\s*([\w$]+)\s*=(?!=)/g;
  for (const m of text.matchAll(stores)) if (BACKWARD_FIELD.test(m[1]!)) return true;
  // A record returned with its backward closure: `return { value: out, backward: function (g) {…} }`.
  for (const m of text.matchAll(/\b([\w$]+)\s*:\s*(function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)/g)) if (BACKWARD_FIELD.test(m[1]!)) return true;
  if (/\.push\s*\(/.test(text) && /(=>|function\b)/.test(text)) return true;
  return constructsWithClosure(text);
}

/** `new Value(d, [[a, () => …]])`: a constructor call with a function among its arguments. */
function constructsWithClosure(text: string): boolean {
  const re = /\bnew\s+[A-Za-z_$][\w$.]*\s*\(/g;
  for (const m of text.matchAll(re)) {
    let depth = 1;
    const from = m.index! + m[0].length;
    for (let i = from; i < text.length && i < from + 2000 && depth > 0; i++) {
      const ch = text[i];
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      else if (ch === '=' && text[i + 1] === '>') return true;
      else if (ch === 'f' && text.startsWith('function', i) && !/[\w$]/.test(text[i - 1] ?? '')) return true;
    }
  }
  return false;
}

export interface TapeStep {
  /** The closure's own node: where the gradient is reported. */
  anchor: T.Node;
  /** How the closure is named in messages: `_backward`, `backwardStep`, `backward`. */
  field: string;
  /** The value the node holds, as outputs of the forward ('' or '0', '1', …). */
  forward: { key: string; node: MathNode }[];
  /** The inputs' value variables (`this_data`, `m_w_0`), one scalar parameter each. */
  inputs: string[];
  /** The node's gradient variables (`out_grad`, or `out_dw_0`, …), the upstream gradient. */
  upstream: { name: string; symbols: string[] };
  /** What the closure adds into each input's gradient field, keyed by the input's value variable. */
  gradient: { key: string; node: MathNode }[];
  notes: string[];
}

/** Value fields a bare gradient field (`grad`, `Grad`, `gradient`, `g`) belongs to, in order of preference. */
const VALUE_FIELDS = ['data', 'value', 'val', 'v', 'x', 'w', 'out', 'output', 'result'];

/** `dw` → `w`, `grad_x` / `gradX` → `x`, `x_grad` / `xGrad` → `x`. */
function valueFieldCandidates(gradField: string): string[] {
  const out: string[] = [];
  const d = /^d_?([A-Za-z].*)$/.exec(gradField);
  if (d) out.push(d[1]!);
  const g1 = /^grad_?(.+)$/i.exec(gradField);
  if (g1) out.push(g1[1]!, g1[1]!.charAt(0).toLowerCase() + g1[1]!.slice(1));
  const g2 = /^(.+?)_?(grad|gradient)$/i.exec(gradField);
  if (g2) out.push(g2[1]!);
  return out;
}

const isBareGradField = (f: string) => /^_?(grad|gradient|g|grads)$/i.test(f);

/** Paths in the store rooted at `root` with `field` next: `out.w[2]` for root ['out'], field 'w'. */
function under(entries: { path: Path; value: Value }[], root: Path, field: string) {
  return entries.filter((e) => e.path.length > root.length && root.every((s, i) => e.path[i] === s) && e.path[root.length] === field);
}

/**
 * Reads the closures a tape-mode run logged into gradient steps. `result` is what the operation
 * returned (its output node). Returns the steps, or a reason when none could be read.
 */
export function readTapeSteps(interp: Interpreter, result: Value): TapeStep[] | string {
  const log = interp.tape;
  if (log && log.closures.length === 0 && result.k === 'obj' && result.missing === 'nan') {
    const step = readRecordStep(interp, result);
    return typeof step === 'string' ? step : [step];
  }
  if (!log || log.closures.length === 0) return 'no backward closure';
  const forwardWrites = interp.writes();
  const steps: TapeStep[] = [];
  const seen = new Set<T.Node>();
  let reason = 'no backward closure could be read';
  const local = log.closures.filter((c) => c.input !== undefined);
  if (local.length > 0) {
    const step = readLocalPartials(interp, local, forwardWrites);
    if (typeof step === 'string') reason = step;
    else steps.push(step);
  }
  for (const c of log.closures) {
    if (c.input !== undefined || seen.has(c.fn.decl)) continue;
    seen.add(c.fn.decl);
    // The node: the object the closure was stored on, as the operation returns it.
    const holder = c.holder;
    let node: Value | null = null;
    if (result.k === 'obj' && result.missing !== 'nan' && (!holder || (holder.k === 'obj' && holder.missing !== 'nan' && pathText(holder.missing.refRoot) === pathText(result.missing.refRoot)))) node = result;
    else if (holder && holder.k === 'obj' && holder.missing !== 'nan') node = holder;
    if (!node || node.k !== 'obj' || node.missing === 'nan') {
      reason = 'the backward closure is not stored on the node the operation returns';
      continue;
    }
    const root = node.missing.refRoot;
    const step = readStep(interp, c.fn, node, root, forwardWrites);
    if (typeof step === 'string') reason = step;
    else steps.push(step);
  }
  return steps.length > 0 ? steps : reason;
}

/**
 * Closures handed to a node's constructor one per input, `[input, () => ∂out/∂input]`: each
 * returns the input's local derivative, which the engine multiplies by the node's gradient (or,
 * when the closure reads the node's gradient itself, the product it already is). Read as one
 * gradient step of the node's value with respect to those inputs. Only when every closure belongs
 * to one node.
 */
function readLocalPartials(interp: Interpreter, closures: TapeLogEntry[], forwardWrites: { path: Path; value: Value }[]): TapeStep | string {
  const node = closures[0]!.holder;
  if (!node || node.k !== 'obj' || node.missing === 'nan' || closures.some((c) => c.holder !== node)) return 'closures handed to more than one node';
  const root = node.missing.refRoot;
  const numeric = [...node.props].filter(([, v]) => v.k === 'num').map(([k]) => k);
  const valueField = VALUE_FIELDS.map((f) => numeric.find((k) => k.toLowerCase() === f)).find(Boolean) ?? (numeric.length === 1 ? numeric[0] : undefined);
  if (!valueField) return 'the node holds no single number its closures are the derivatives of';
  const upstream = symbolName([...root, 'grad']);
  const gradient: TapeStep['gradient'] = [];
  for (const c of closures) {
    const input = c.input!;
    const inRoot = input.k === 'obj' && input.missing !== 'nan' ? input.missing.refRoot : input.k === 'ref' ? input.path : null;
    if (!inRoot) return 'a closure belongs to an input that is not a node';
    interp.clearWrites();
    const v = interp.callValue(c.fn, [], c.fn.thisValue, 'a local-derivative closure');
    if (interp.writes().length > 0) return 'a local-derivative closure also writes';
    let claim = interp.toNode(v, 'the local derivative');
    if (!freeVariables(claim).includes(upstream)) claim = interp.b.binary('multiply', claim, interp.b.sym(upstream));
    gradient.push({ key: symbolName([...inRoot, valueField]), node: claim });
  }
  void forwardWrites;
  return {
    anchor: closureAnchor(closures[0]!.fn.decl), field: 'localGrad', forward: [{ key: '', node: interp.toNode(node.props.get(valueField)!) }],
    inputs: gradient.map((g) => g.key), upstream: { name: upstream, symbols: [upstream] }, gradient,
    notes: [`each closure handed to the node with an input is read as that input's local derivative, times the node's gradient ${pathText(root)}.grad`],
  };
}

/**
 * An operation that returns a record of its value and its backward closure, `{ value: out,
 * backward: function (outGrad) { …; input.backward(inGrad); } }`, as small tensor autograd
 * libraries chain them: the closure hands each input its gradient by calling the input's own
 * backward. Inputs are records of the same kind (their tensor in the same field, its entries in
 * `data`), so input `a`'s entry i is `a.value.data[i]`, the upstream gradient's entry i is
 * `outGrad.data[i]`, and what is handed to `a.backward` holds a's gradient in its `data`.
 */
function readRecordStep(interp: Interpreter, record: Value & { k: 'obj' }): TapeStep | string {
  const fnEntry = [...record.props].find(([k, v]) => BACKWARD_FIELD.test(k) && v.k === 'fn');
  if (!fnEntry) return 'no backward closure';
  const fn = fnEntry[1] as Value & { k: 'fn' };
  const valueKey = ['value', 'output', 'out', 'result', 'data'].find((k) => record.props.has(k));
  if (!valueKey) return 'the record holds no value beside its backward closure';
  const held = record.props.get(valueKey)!;
  const items = held.k === 'obj' && held.props.get('data')?.k === 'vec' ? (held.props.get('data') as Value & { k: 'vec' }).items : held.k === 'vec' ? held.items : null;
  const inner: Path = held.k === 'obj' ? ['data'] : [];
  if (!items || items.length === 0) return 'the record\'s value is not a tensor of numbers';
  const param = fn.decl.parameters[0];
  const up = param && ts.isIdentifier(param.name) ? param.name.text : 'outGrad';
  interp.tape!.handed = [];
  interp.clearWrites();
  interp.callValue(fn, [{ k: 'ref', path: [up] }], fn.thisValue, 'the backward closure');
  const handed = interp.tape!.handed;
  interp.tape!.handed = undefined;
  if (handed.length === 0) return 'the backward closure hands no gradient to an input';
  const gradient: TapeStep['gradient'] = [];
  for (const h of handed) {
    const recv = h.recv;
    if (recv.k !== 'ref') return 'a gradient is handed to something that is not an input';
    const g = h.value;
    const gItems = g.k === 'obj' && g.props.get('data')?.k === 'vec' ? (g.props.get('data') as Value & { k: 'vec' }).items : g.k === 'vec' ? g.items : g.k === 'ref' ? interp.toVector(inner.length ? interp.member(g, 'data') : g, 'a handed gradient') : null;
    if (!gItems || gItems.length !== items.length) return 'a handed gradient does not have the value\'s shape';
    gItems.forEach((v, i) => gradient.push({ key: symbolName([...recv.path, valueKey, ...inner, i]), node: interp.toNode(v, 'a handed gradient') }));
  }
  const anchor = closureAnchor(fn.decl);
  return {
    anchor, field: fnEntry[0], forward: items.map((v, i) => ({ key: String(i), node: interp.toNode(v, 'the value') })),
    inputs: gradient.map((g) => g.key), upstream: { name: symbolName([up, ...inner]), symbols: items.map((_, i) => symbolName([up, ...inner, i])) }, gradient,
    notes: [`the record's ${fnEntry[0]} closure is read as the gradient of its ${valueKey}; what it hands each input's ${fnEntry[0]} is that input's gradient, ${up} the upstream gradient`],
  };
}

type TapeLogEntry = NonNullable<Interpreter['tape']>['closures'][number];

function readStep(interp: Interpreter, fn: Value & { k: 'fn' }, node: Value & { k: 'obj' }, root: Path, forwardWrites: { path: Path; value: Value }[]): TapeStep | string {
  interp.clearWrites();
  // A closure with a parameter is handed the node it belongs to (`node._backward(node)`).
  const args = fn.decl.parameters.length > 0 ? [node as Value] : [];
  interp.callValue(fn, args, fn.thisValue, 'the backward closure');
  const anchor = closureAnchor(fn.decl);
  return buildStep(interp, node, root, forwardWrites, interp.writes(), anchor, anchorField(anchor) ?? 'backward');
}

/**
 * The gradient step read from a forward result and a backward run: the node (or output argument)
 * at `root` holds the forward's values in a value field, the backward reads its gradient field as
 * the upstream gradient and writes the inputs' gradient fields. Shared by tape closures and by
 * layers whose forward(V, A) fills an output argument that backward(A, V) reads.
 */
export function buildStep(interp: Interpreter, node: (Value & { k: 'obj' }) | null, root: Path, forwardWrites: { path: Path; value: Value }[], allWrites: { path: Path; value: Value }[], anchor: T.Node, field: string): TapeStep | string {
  const rootText = pathText(root);
  const forwardKeys = new Set(forwardWrites.map((w) => pathText(w.path)));
  // A gradient field reassigned whole (`t.grad = t.grad.map((g, i) => g + … * out.grad[i])`, typed-array
  // tapes) is a write of each of its elements.
  const flat = allWrites.flatMap((w) => (w.value.k === 'vec' && w.value.items.every((v) => v.k !== 'vec' && v.k !== 'obj') ? w.value.items.map((value, i) => ({ path: [...w.path, i], value })) : [w]));
  const writes = flat.filter((w) => (pathText(w.path.slice(0, root.length)) !== rootText || w.path.length <= root.length) && !forwardKeys.has(pathText(w.path)));
  if (writes.length === 0) return 'the backward closure writes no gradient into the inputs';
  // The gradient field of a write: the named segment nearest its end that pairs with a value
  // field (`dw` in V.dw.d[0], `grad` in this.grad), else its last named segment.
  const fieldOf = (p: Path) => {
    let last: { field: string; at: number } | null = null;
    for (let i = p.length - 1; i >= 1; i--) {
      if (typeof p[i] !== 'string') continue;
      const f = p[i] as string;
      last ??= { field: f, at: i };
      if (valueFieldCandidates(f).length > 0 || isBareGradField(f)) return { field: f, at: i };
    }
    return last;
  };
  const fields = new Set(writes.map((w) => fieldOf(w.path)?.field ?? ''));
  if (fields.size !== 1 || fields.has('')) return `the backward closure writes into ${[...fields].join(', ')}, not one gradient field`;
  const gradField = [...fields][0]!;
  const props = node ? node.props : new Map<string, Value>();
  const numericProps = [...props].filter(([, v]) => v.k === 'num' || v.k === 'vec').map(([k]) => k);
  let valueField: string | undefined = valueFieldCandidates(gradField).find((f) => props.has(f) || under(forwardWrites, root, f).length > 0);
  if (!valueField && isBareGradField(gradField)) {
    valueField = VALUE_FIELDS.map((f) => numericProps.find((k) => k.toLowerCase() === f)).find(Boolean)
      ?? (numericProps.length === 1 ? numericProps[0] : undefined);
  }
  if (!valueField) return `no value field of the node goes with its gradient field ${gradField}`;
  const forward: TapeStep['forward'] = [];
  /** Where below the value field each forward element sits (`[0]`, or `.d[0]`). */
  const rests: Path[] = [];
  const held = props.get(valueField);
  if (held && held.k === 'num') {
    forward.push({ key: '', node: interp.toNode(held) });
    rests.push([]);
  } else if (held && held.k === 'vec') {
    held.items.forEach((v, i) => {
      forward.push({ key: String(i), node: interp.toNode(v, `${rootText}.${valueField}[${i}]`) });
      rests.push([i]);
    });
  } else {
    const elems = under(forwardWrites, root, valueField).filter((e) => typeof e.path[e.path.length - 1] === 'number');
    const idx = (e: { path: Path }) => e.path[e.path.length - 1] as number;
    const sorted = [...elems].sort((a, b) => idx(a) - idx(b));
    const prefix = (e: { path: Path }) => pathText(e.path.slice(0, -1));
    if (sorted.length === 0 || sorted.some((e, i) => idx(e) !== i || prefix(e) !== prefix(sorted[0]!))) return `the node's ${valueField} is not set by the operation`;
    for (const e of sorted) {
      forward.push({ key: String(idx(e)), node: interp.toNode(e.value, pathText(e.path)) });
      rests.push(e.path.slice(root.length + 1));
    }
  }
  const scalarOut = forward.length === 1 && forward[0]!.key === '';
  const upstreamSymbols = rests.map((rest) => symbolName([...root, gradField, ...rest]));
  const gradient: TapeStep['gradient'] = [];
  const inputs: string[] = [];
  for (const w of writes) {
    const at = fieldOf(w.path)!.at;
    const valuePath = [...w.path.slice(0, at), valueField, ...w.path.slice(at + 1)];
    const input = symbolName(valuePath);
    if (w.value.k === 'undef') continue;
    let claim = interp.toNode(w.value, pathText(w.path));
    // `this.grad += …` starts from the gradient accumulated so far, taken as 0.
    const own = symbolName(w.path);
    if (freeVariables(claim).includes(own)) claim = substitute(claim, { [own]: interp.b.num(0) });
    gradient.push({ key: input, node: claim });
    inputs.push(input);
  }
  return {
    anchor, field, forward, inputs,
    upstream: { name: scalarOut ? upstreamSymbols[0]! : symbolName([...root, gradField]), symbols: upstreamSymbols },
    gradient,
    notes: [`the closure stored with the node is read as the gradient of the value the node holds (${rootText}.${valueField}); ${rootText}.${gradField} is the upstream gradient`],
  };
}

/** Where a closure is named: `out._backward = …`, `var backward = function…`, `function _backward()`. */
function closureAnchor(decl: T.Node): T.Node {
  if (ts.isFunctionDeclaration(decl) && decl.name) return decl.name;
  let p = decl.parent;
  while (p && ts.isParenthesizedExpression(p)) p = p.parent;
  if (p && ts.isBinaryExpression(p) && p.right !== undefined) return p.left;
  if (p && ts.isVariableDeclaration(p)) return p.name;
  return decl;
}

function anchorField(anchor: T.Node): string | null {
  if (ts.isPropertyAccessExpression(anchor)) return anchor.name.text;
  if (ts.isIdentifier(anchor)) return anchor.text;
  return null;
}
