/**
 * A function's result as the checker reads it: one output per number, keyed by where it sits in the
 * result (`''` for a plain number, `0`, `1[2]`, `grad.w`). Shared by both interpreters (the TS one on
 * the compiler's tree and the IR one), so every language keys and refuses results the same way.
 */
import { TranslationError } from './builder.js';
import type { Output } from './types.js';
import type { Value } from './values.js';

export interface Flattening {
  /** The number a scalar value stands for (`what` names it in an error). */
  toNode(v: Value, what: string): Output['node'];
  /** A value read as another before it is flattened (a whole vector parameter as its entries); default: as it is. */
  expand?(v: Value): Value;
}

/** Appends `v`'s numbers under `key` to `into`; functions inside objects are skipped, anything else not a number refused. */
export function flattenValue(v: Value, key: string, into: Output[], how: Flattening, depth = 0): void {
  if (depth > 8) throw new TranslationError('result nested too deeply');
  const value = how.expand ? how.expand(v) : v;
  switch (value.k) {
    case 'num':
    case 'ref':
      into.push({ key, node: how.toNode(value, key || 'the result') });
      return;
    case 'vec':
      value.items.forEach((item, i) => flattenValue(item, key === '' ? String(i) : `${key}[${i}]`, into, how, depth + 1));
      return;
    case 'obj':
      for (const [k, item] of value.props) {
        if (item.k === 'fn' || item.k === 'native') continue;
        flattenValue(item, key === '' ? k : `${key}.${k}`, into, how, depth + 1);
      }
      return;
    case 'undef':
      throw new TranslationError(key ? `${key} is undefined (value would be NaN)` : 'returns no value');
    case 'str':
      throw new TranslationError(`returns a string${key ? ` in ${key}` : ''}`);
    default:
      throw new TranslationError(`returns a function${key ? ` in ${key}` : ''}`);
  }
}
