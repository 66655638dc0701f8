/**
 * What TypeScript/JavaScript means on the code model, for the scalar subset the IR interpreter
 * reads: `Math.*` as vocabulary functions (globals.ts, the tables the TS interpreter uses),
 * `Math`/`Number` constants, `undefined`/`NaN`/`Infinity`, I/O globals refused, JS truth values
 * used as numbers as they are (a comparison is its truth-value tree). Used by the differential
 * test that holds the IR interpreter equal to interpreter.ts (the bridge for moving TS onto the IR).
 */
import { TranslationError } from '../../builder.js';
import { IO_GLOBALS, NUMBER_CONSTANTS, mathCall, mathConstant } from '../../globals.js';
import type { Semantics } from '../../ir/interpret.js';
import type { Expr } from '../../ir/types.js';
import { UNDEF } from '../../values.js';

/** A bare global name (`Math`): not bound locally nor declared in the module. */
function globalName(e: Expr, it: Parameters<Semantics['call']>[2]): string | null {
  if (e.kind !== 'name' || it.lookupLocal(e.name) || it.resolveOuter(e.name)) return null;
  return e.name;
}

export const TS_SEMANTICS: Semantics = {
  functionScoped: false,
  unresolved(name, _at, it) {
    if (name === 'undefined') return UNDEF;
    if (name === 'NaN') return { k: 'num', node: it.b.num(NaN) };
    if (name === 'Infinity') return { k: 'num', node: it.b.num(Infinity) };
    if (IO_GLOBALS.has(name)) throw new TranslationError(`I/O (${name})`);
    throw new TranslationError(`reads unknown variable ${name}`);
  },
  importValue(name, decl) {
    throw new TranslationError(`reads ${name}, imported from ${decl.from}`);
  },
  call(callee, args, it) {
    let c = callee;
    while (c.kind === 'wrap') c = c.inner;
    if (c.kind !== 'member') return undefined;
    const g = globalName(c.object, it);
    if (g === 'Math') {
      if (args.some((a) => a.spread)) throw new TranslationError(`calls Math.${c.name} with a spread`);
      return { k: 'num', node: mathCall(it.b, c.name, args.map((a) => it.toNode(it.eval(a.value), `Math.${c.name}`))) };
    }
    if (g && IO_GLOBALS.has(g)) throw new TranslationError(`I/O (${g}.${c.name})`);
    return undefined;
  },
  member(e, it) {
    // `(Math).PI` is not `Math.PI` for the TS interpreter: only a bare name is the global.
    const g = globalName(e.object, it);
    if (g === 'Math') return { k: 'num', node: mathConstant(it.b, e.name) };
    if (g === 'Number') {
      if (e.name in NUMBER_CONSTANTS) return { k: 'num', node: it.b.num(NUMBER_CONSTANTS[e.name]!) };
      throw new TranslationError(`reads Number.${e.name}`);
    }
    if (g && IO_GLOBALS.has(g)) throw new TranslationError(`I/O (${g}.${e.name})`);
    return undefined;
  },
  operand(v, what, it) {
    return it.toNode(v, what);
  },
  argumentMember(path, key) {
    // The TS interpreter reads a field of an argument as a variable (`v.dw` → v_dw).
    return { k: 'ref', path: [...path, key] };
  },
};
