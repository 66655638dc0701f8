/**
 * Python layer and activation classes: the class of code where a `forward(self, x)` stores what it
 * needs on `self` (`self.x = x`, `self.out = …`, `self.cache = (…)`) and a `backward(self, grad)`
 * reads it back to return the input gradient; and activation objects whose `__call__`/`forward`
 * sits beside a `derivative`/`gradient`/`prime` method.
 *
 * Pairing is pairing.ts's own (MEMBER_PAIRS over a 'class' group, 'call' standing for
 * `__call__`); this module adds only what Python needs around it:
 * - the group of each module-level class, members referring to their methods by qualified name;
 * - the extra member-pair words of Python activation classes (`__call__`/`derivative`, `forward`/`prime`);
 * - a backward re-read on the state its forward leaves on `self` (pairing.ts `withForwardState`
 *   does this for TS through `FileTranslation.withState`): forward runs first on `self`, then
 *   backward runs on the `self` forward left, so `self.x`/`self.out` are expressions in forward's
 *   inputs, and the backward's extra parameters are forward's inputs.
 */
import { Builder, DEFAULT_LIMITS, TranslationError } from '../../builder.js';
import { validate } from '../../../core/expr/tree.js';
import { MEMBER_PAIRS } from '../../naming.js';
import { flattenValue } from '../../outputs.js';
import type { SiteGroup } from '../../discover.js';
import type { Output, ParamInfo, TranslatedFunction } from '../../types.js';
import type { Value } from '../../values.js';
import { IrInterpreter, type IrHost } from '../../ir/interpret.js';
import { irParams, type IrSite } from '../../ir/translate.js';
import type { ClassDef } from '../../ir/types.js';
import { selfFields } from './irwalk.js';

/** Member words of Python activation classes beyond the shared ones: `__call__` is the function itself. */
export const PYTHON_MEMBER_PAIRS: readonly (readonly [string, string])[] = [
  ['call', 'derivative'], ['call', 'gradient'], ['call', 'grad'], ['call', 'prime'], ['call', 'deriv'], ['call', 'df'],
  ['forward', 'derivative'], ['forward', 'gradient'], ['forward', 'prime'], ['forward', 'deriv'], ['forward', 'grad'],
  ['activation', 'prime'], ['activate', 'prime'], ['function', 'prime'], ['f', 'prime'], ['fn', 'prime'],
  ['value', 'derivative'],
];

/** The key a method is known by in its class group: `__call__` is 'call' (MEMBER_PAIRS' word for the function itself). */
export const memberKey = (name: string) => (name === '__call__' ? 'call' : name);

export function classGroup(cls: ClassDef & { name: string }): SiteGroup {
  const members = cls.members.flatMap((m) => (m.kind === 'method' && m.name !== '__init__' ? [{ key: memberKey(m.name), refName: `${cls.name}.${m.name}` }] : []));
  return { kind: 'class', label: cls.name, members };
}

/**
 * The (primal, gradient) method names of a class whose gradient reads a field of self its primal
 * writes: those are read with state. Order: the shared member pairs first, then Python's.
 */
export function statefulMethods(cls: ClassDef): [string, string][] {
  const methods = new Map<string, ClassDef['members'][number] & { kind: 'method' }>();
  for (const m of cls.members) if (m.kind === 'method' && !m.isStatic) methods.set(memberKey(m.name).toLowerCase(), m);
  const out: [string, string][] = [];
  const usedGradient = new Set<string>();
  for (const [p, d] of [...MEMBER_PAIRS, ...PYTHON_MEMBER_PAIRS]) {
    const pm = methods.get(p.toLowerCase()), dm = methods.get(d.toLowerCase());
    if (!pm || !dm || usedGradient.has(dm.name)) continue;
    usedGradient.add(dm.name);
    const written = selfFields(pm.fn, true);
    if ([...selfFields(dm.fn, false)].some((f) => written.has(f))) out.push([pm.name, dm.name]);
  }
  return out;
}

/**
 * `gradient` read on the self `primal` leaves: both run in one interpreter, forward on a fresh
 * self (fields it never writes read as variables `this_W`), backward on forward's final self.
 * Parameters: backward's own, then forward's inputs it does not share (what the state is in).
 */
export function translateWithState(hostOf: (b: Builder) => IrHost, gradient: IrSite, primal: IrSite, freshSelf: () => Value): TranslatedFunction {
  const own = irParams(gradient.fn);
  const theirs = irParams(primal.fn);
  const params: ParamInfo[] = [...own, ...theirs.filter((p) => !own.some((q) => q.name === p.name))];
  const f: TranslatedFunction = {
    name: gradient.name, qualifiedName: gradient.qualifiedName, file: gradient.file, range: gradient.range, nameRange: gradient.nameRange,
    params: params.map((p) => ({ ...p })), outputs: [], writes: [], jsdoc: { tags: gradient.fn.doc.tags, text: gradient.fn.doc.text },
    error: null, notes: [`reads the state ${primal.qualifiedName} leaves on self, expressed in its inputs`],
  };
  const builder = new Builder(DEFAULT_LIMITS);
  const host = { ...hostOf(builder), deadline: Date.now() + 2_000 };
  const it = new IrInterpreter(host, builder);
  try {
    for (const s of [primal, gradient]) {
      if (host.module.syntaxErrors.some((at) => at >= s.fn.fullStart && at < s.fn.span.end)) throw new TranslationError('contains a syntax error');
    }
    const unknown = params.find((p) => p.kind === 'unknown');
    if (unknown) throw new TranslationError(`parameter ${unknown.name} is destructured or a rest parameter`);
    const ref = (ps: ParamInfo[]): Value[] => ps.map((p) => ({ k: 'ref', path: [p.name] }));
    it.callFunction(primal.fn, ref(theirs), freshSelf(), null, primal.qualifiedName);
    const self = it.lastBindings?.get('#this');
    if (!self || self.k !== 'obj') throw new TranslationError(`${primal.qualifiedName} leaves no readable state on self`);
    const result = it.callFunction(gradient.fn, ref(own), self, null, gradient.qualifiedName);
    const outs: Output[] = [];
    flattenValue(result, '', outs, { toNode: (v, what) => it.toNode(v, what) });
    f.outputs = outs.map((o) => ({ key: o.key, node: validate(o.node.cloneDeep()) }));
    f.notes.push(...it.notes);
  } catch (e) {
    f.outputs = [];
    f.error = e instanceof TranslationError ? e.message : `internal error while translating: ${(e as Error)?.message ?? String(e)}`;
  }
  return f;
}
