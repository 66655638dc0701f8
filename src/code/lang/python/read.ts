/**
 * A Python module → its translated functions and gradient pairs (ReadCodeResult), through the IR
 * interpreter with Python semantics, and the same pairing stage TS code goes through
 * (pairing.ts `findPairs`: names like `sigmoid_prime`, `relu_grad`, `d_tanh`, `f`/`df`, JSDoc-style
 * docstring tags, Math builtins for `tanh_deriv`). Derivative flags (`def sigmoid(x, deriv=False)`)
 * are split here, as translate.ts splits TS ones, into a 'flag' pair of its two halves.
 *
 * Functions read: module-level `def`s and `f = lambda …`, and methods of module-level classes
 * (`Sigmoid.derivative`), whose `self` is an object whose fields read as variables (`this_alpha`).
 */
import { findPairs, makePair } from '../../pairing.js';
import { FLAG_NAME, gradientStems } from '../../naming.js';
import type { FileTranslation } from '../../translate.js';
import type { GradientPair, ReadCodeResult, SourceRange, TranslatedFunction } from '../../types.js';
import { IrScopes } from '../../ir/scopes.js';
import { irParams, translateIr, type IrSite } from '../../ir/translate.js';
import type { ClassDef, Func, Module, Span } from '../../ir/types.js';
import type { SiteGroup } from '../../discover.js';
import { classGroup, PYTHON_MEMBER_PAIRS, statefulMethods, translateWithState } from './classes.js';
import { LineIndex } from '../../../text/positions.js';
import { PYTHON_SEMANTICS } from './semantics.js';

export function readPythonModule(m: Module): ReadCodeResult {
  const lines = new LineIndex(m.text);
  const range = (s: Span): SourceRange => ({ start: lines.positionAt(s.start), end: lines.positionAt(s.end) });
  const scopes = new IrScopes(m);
  const hostOf = () => ({ module: m, scopes, semantics: PYTHON_SEMANTICS, deadline: 0 });
  const sites: IrSite[] = [];
  const site = (fn: Func, name: string, qualifiedName: string, hostSpan: Span, nameSpan: Span, cls: string | null): IrSite => ({
    fn, name, qualifiedName, file: m.path, range: range(hostSpan), nameRange: range(nameSpan),
    ...(cls !== null ? { thisValue: () => ({ k: 'obj' as const, name: cls, props: new Map(), missing: { refRoot: ['this'] } }) } : {}),
  });
  for (const s of m.body) {
    if (s.kind === 'funcDecl' && s.fn.name) sites.push(site(s.fn, s.fn.name, s.fn.name, s.fn.hostSpan, s.fn.nameSpan, null));
    else if (s.kind === 'declare' && s.pattern.kind === 'name' && s.init?.kind === 'fn') sites.push(site(s.init.fn, s.pattern.name, s.pattern.name, s.span, s.pattern.span, null));
    else if (s.kind === 'classDecl' && s.cls.name) {
      for (const mem of s.cls.members) {
        if (mem.kind !== 'method') continue;
        sites.push(site(mem.fn, mem.name, `${s.cls.name}.${mem.name}`, mem.hostSpan, mem.nameSpan, mem.isStatic ? null : s.cls.name));
      }
    }
  }
  // A name defined twice (a notebook cell redefining a function) is its last definition, Python's
  // own rule when the module or the cells run in order; the earlier one is never what a call reaches.
  const last = new Map(sites.map((st) => [st.qualifiedName, st] as const));
  sites.splice(0, sites.length, ...sites.filter((st) => last.get(st.qualifiedName) === st));
  const functions: TranslatedFunction[] = [];
  const flagPairs: GradientPair[] = [];
  for (const st of sites) {
    const params = irParams(st.fn);
    const flag = flagParam(st.fn);
    // A boolean option that is no derivative switch (`accumulate=False`) is read at its default.
    const atDefault = new Map<string, number>();
    for (const p of st.fn.params) if (p.name && p.name !== flag && p.default?.kind === 'bool') atDefault.set(p.name, p.default.value ? 1 : 0);
    const f = translateIr(hostOf, st, params, atDefault);
    functions.push(f);
    if (flag && gradientStems(f.name).length === 0) {
      const fixed = (v: number) => new Map([...atDefault, [flag, v]]);
      const off = { ...translateIr(hostOf, st, params, fixed(0)), synthetic: 'flag-off' as const };
      const on = { ...translateIr(hostOf, st, params, fixed(1)), synthetic: 'flag-on' as const };
      off.qualifiedName = `${f.qualifiedName}[${flag}=false]`;
      on.qualifiedName = `${f.qualifiedName}[${flag}=true]`;
      const weak = !FLAG_NAME.test(flag);
      if (weak && (off.error !== null || on.error !== null)) continue;
      const pair = makePair('flag', off, on, `${f.qualifiedName}(…, ${flag}) returns the derivative when ${flag} is true`);
      if (weak) pair.weakFlag = flag;
      flagPairs.push(pair);
    }
  }
  // Layer and activation classes (classes.ts): one group per class for pairing.ts, and each
  // backward that reads the state its forward leaves on self re-read on that state.
  const groups: SiteGroup[] = [];
  const siteByName = new Map(sites.map((st) => [st.qualifiedName, st] as const));
  const classes = m.body.flatMap((s) => (s.kind === 'classDecl' && s.cls.name ? [s.cls as ClassDef & { name: string }] : []));
  for (const cls of classes) {
    groups.push(classGroup(cls));
    for (const [p, d] of statefulMethods(cls)) {
      const ps = siteByName.get(`${cls.name}.${p}`), gs = siteByName.get(`${cls.name}.${d}`);
      const at = functions.findIndex((f) => f.qualifiedName === `${cls.name}.${d}`);
      if (!ps || !gs || at < 0) continue;
      const stateful = translateWithState(hostOf, gs, ps, () => ({ k: 'obj', name: cls.name, props: new Map(), missing: { refRoot: ['this'] } }));
      if (stateful.error === null || functions[at]!.error !== null) functions[at] = stateful;
    }
  }
  const t: FileTranslation = {
    path: m.path, functions, diagnostics: [], sites: [], groups, siteOf: new Map(), linked: [],
    retranslate: () => { throw new Error('no TS sites'); },
    withState: () => { throw new Error('no TS sites'); },
    writeThrough: () => null,
  };
  const flagGradients = new Set(flagPairs.map((p) => p.gradient.qualifiedName));
  const pairs = [...flagPairs, ...findPairs(t).filter((p) => !flagGradients.has(p.gradient.qualifiedName))];
  // Python activation classes' own member words (`__call__` beside `derivative`, `forward` beside `prime`).
  const paired = new Set(pairs.map((p) => p.gradient.qualifiedName));
  const fnByName = new Map(functions.map((f) => [f.qualifiedName, f] as const));
  for (const g of groups) {
    for (const [p, d] of PYTHON_MEMBER_PAIRS) {
      const pm = g.members.find((x) => x.key.toLowerCase() === p), dm = g.members.find((x) => x.key.toLowerCase() === d);
      const primal = pm && fnByName.get(pm.refName!), gradient = dm && fnByName.get(dm.refName!);
      if (!primal || !gradient || paired.has(gradient.qualifiedName)) continue;
      paired.add(gradient.qualifiedName);
      pairs.push(makePair('class', primal, gradient, `class ${g.label} has ${pm.refName!.slice(g.label.length + 1)} and ${dm.refName!.slice(g.label.length + 1)}`));
    }
  }
  return { functions, pairs, diagnostics: [] };
}

/** A derivative flag after the first parameter: named so (`deriv`, `derivative`) or with a boolean default. */
function flagParam(fn: Func): string | null {
  for (const p of fn.params.slice(1)) {
    if (!p.name) continue;
    if (FLAG_NAME.test(p.name) || p.default?.kind === 'bool') return p.name;
  }
  return null;
}
