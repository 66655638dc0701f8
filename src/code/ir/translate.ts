/**
 * One IR function → a TranslatedFunction (types.ts), the plain data pairing and the checker read,
 * exactly as translate.ts makes it from a TS function: parameters as variables (`x`), results
 * flattened into outputs keyed '' / '0' / 'dx', trees validated, errors as a reason. Never throws.
 */
import { ExpressionError, validate } from '../../core/expr/tree.js';
import { Builder, DEFAULT_LIMITS, TranslationError, type BuilderLimits } from '../builder.js';
import type { JsDocInfo, Output, ParamInfo, SourceRange, TranslatedFunction } from '../types.js';
import { symbolName, type Value } from '../values.js';
import { IrInterpreter, type IrHost } from './interpret.js';
import { flattenValue } from '../outputs.js';
import type { Func } from './types.js';

export interface IrSite {
  fn: Func;
  name: string;
  qualifiedName: string;
  file: string;
  range: SourceRange;
  nameRange: SourceRange;
  /** The receiver a method sees (`self`), or undefined. */
  thisValue?: (it: IrInterpreter) => Value | undefined;
}

export interface IrTranslateOptions {
  limits?: BuilderLimits;
  functionTimeMs?: number;
}

/** The parameters of an IR function as the checker sees them (every one a number, first version). */
export function irParams(fn: Func): ParamInfo[] {
  return fn.params.map((p, i) => {
    const name = p.name ?? `param${i}`;
    const kind = p.name === null || p.rest || p.kwRest ? 'unknown' as const : 'scalar' as const;
    return { name, kind, dims: null, symbols: kind === 'scalar' ? [symbolName([name])] : [], defaultValue: numericDefault(p.default) };
  });
}

function numericDefault(e: Func['params'][number]['default']): number | null {
  if (!e) return null;
  if (e.kind === 'num') return e.value;
  if (e.kind === 'unary' && e.op === 'neg' && e.arg.kind === 'num') return -e.arg.value;
  return null;
}

/**
 * Translates `site` with some parameters fixed to numbers (a derivative flag). `params` come from
 * `irParams` (or the TS classification, for the differential test).
 */
export function translateIr(hostOf: (b: Builder) => IrHost, site: IrSite, params: ParamInfo[], fixed: ReadonlyMap<string, number> = new Map(), options: IrTranslateOptions = {}): TranslatedFunction {
  const jsdoc: JsDocInfo = { tags: site.fn.doc.tags, text: site.fn.doc.text };
  const kept = params.filter((p) => !fixed.has(p.name));
  const f: TranslatedFunction = {
    name: site.name, qualifiedName: site.qualifiedName, file: site.file, range: site.range, nameRange: site.nameRange,
    params: kept.map((p) => ({ ...p })), outputs: [], writes: [], jsdoc, error: null, notes: [],
  };
  const builder = new Builder(options.limits ?? DEFAULT_LIMITS);
  const host = { ...hostOf(builder), deadline: Date.now() + (options.functionTimeMs ?? 2_000) };
  const it = new IrInterpreter(host, builder);
  try {
    const m = host.module;
    if (m.syntaxErrors.some((at) => at >= site.fn.fullStart && at < site.fn.span.end)) throw new TranslationError('contains a syntax error');
    const unknown = params.find((p) => p.kind === 'unknown');
    if (unknown) throw new TranslationError(`parameter ${unknown.name} is destructured or a rest parameter`);
    const args: Value[] = params.map((p) => (fixed.has(p.name) ? { k: 'num', node: it.b.num(fixed.get(p.name)!) } : { k: 'ref', path: [p.name] }));
    const result = it.callFunction(site.fn, args, site.thisValue?.(it), null, site.qualifiedName);
    f.outputs = flatten(it, result).map((o) => ({ key: o.key, node: validate(o.node.cloneDeep()) }));
    f.notes.push(...it.notes);
  } catch (e) {
    f.outputs = [];
    f.error = errorMessage(e);
  }
  return f;
}

function flatten(it: IrInterpreter, result: Value): Output[] {
  const out: Output[] = [];
  flattenValue(result, '', out, { toNode: (v, what) => it.toNode(v, what) });
  return out;
}

function errorMessage(e: unknown): string {
  if (e instanceof TranslationError) return e.message;
  if (e instanceof ExpressionError) return `result outside the vocabulary: ${e.message}`;
  if (e instanceof RangeError) return 'too deeply nested';
  return `internal error while translating: ${(e as Error)?.message ?? String(e)}`;
}
