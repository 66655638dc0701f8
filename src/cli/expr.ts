/** `gradlens expr`: one expression, its catalog name, derivative, claim check, saturation and instability. */
import { parseArgs } from 'node:util';
import { analyzeExpression, type ExpressionAnalysis } from '../core/index.js';
import { fmt } from '../core/check/report.js';
import { UsageError, attachOptionValues, checkOption, parseNumber } from './usage.js';

export interface CommandResult {
  output: string;
  exitCode: number;
}


const VALUE_OPTIONS = new Map([['--wrt', 1], ['--claim', 1], ['--range', 2], ['--rtol', 1], ['--atol', 1], ['--samples', 1], ['--format', 1], ['--threshold', 1]]);

function parseRange(values: string[] | undefined): [number, number] | undefined {
  if (!values) return undefined;
  if (values.length !== 2) throw new UsageError('--range needs two numbers: --range LO HI');
  const lo = parseNumber('--range', values[0]);
  const hi = parseNumber('--range (upper end)', values[1]);
  if (!(lo < hi)) throw new UsageError(`--range ${lo} ${hi} is empty: the lower end must be below the upper end`);
  return [lo, hi];
}

export function runExpr(argv: string[]): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: attachOptionValues(argv, VALUE_OPTIONS),
      allowPositionals: true,
      allowNegative: false,
      options: {
        wrt: { type: 'string' }, claim: { type: 'string' }, range: { type: 'string', multiple: true },
        rtol: { type: 'string' }, atol: { type: 'string' }, samples: { type: 'string' },
        format: { type: 'string', default: 'text' }, threshold: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values } = parsed;
  const positionals = [...parsed.positionals];
  const range = parseRange(values.range);
  if (positionals.length === 0) throw new UsageError('gradlens expr needs an expression, e.g. gradlens expr "1/(1+exp(-z))"');
  if (positionals.length > 1) throw new UsageError(`gradlens expr takes one expression; got ${positionals.length} (quote the expression)`);
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
  const samples = values.samples !== undefined ? checkOption('samples', values.samples) : undefined;
  const analysis = analyzeExpression(positionals[0]!, {
    ...(values.wrt ? { wrt: values.wrt } : {}),
    ...(values.claim !== undefined ? { claim: values.claim } : {}),
    ...(range ? { range } : {}),
    ...(values.rtol !== undefined ? { rtol: checkOption('rtol', values.rtol) } : {}),
    ...(values.atol !== undefined ? { atol: checkOption('atol', values.atol) } : {}),
    ...(values.threshold !== undefined ? { saturationThreshold: parseNumber('--threshold', values.threshold) } : {}),
    ...(samples !== undefined ? { samples } : {}),
  });
  if (values.wrt && !analysis.variables.includes(values.wrt)) {
    throw new UsageError(`--wrt ${values.wrt}: the expression has no variable "${values.wrt}" (its variables: ${analysis.variables.join(', ') || 'none'})`);
  }
  const exitCode = analysis.check?.verdict === 'mismatch' ? 1 : 0;
  return { output: format === 'json' ? JSON.stringify(analysis, null, 2) : formatText(analysis), exitCode };
}

function formatText(a: ExpressionAnalysis): string {
  const rows: [string, string][] = [];
  rows.push(['expression', a.expression]);
  rows.push(['variables', a.variables.join(', ') || '(none)']);
  if (a.catalog) {
    const affine = a.catalog.scale !== 1 || a.catalog.shift !== 0 ? ` of ${fmt(a.catalog.scale)}·${a.wrt}${a.catalog.shift ? ` ${a.catalog.shift > 0 ? '+' : '−'} ${fmt(Math.abs(a.catalog.shift))}` : ''}` : '';
    rows.push(['catalog', `${a.catalog.category}: ${a.catalog.title} (${a.catalog.id})${affine}`]);
  } else rows.push(['catalog', 'not a catalog activation or loss']);
  rows.push([`d/d${a.wrt}`, a.derivative ? a.derivative.text : `unavailable: ${a.derivativeError}`]);
  if (a.catalog?.derivative && a.catalog.derivative !== a.derivative?.text) rows.push(['', `= ${a.catalog.derivative}  (catalog form)`]);
  if (a.check) {
    const c = a.check;
    const mark = c.verdict === 'ok' ? 'ok' : c.verdict === 'mismatch' ? 'WRONG' : 'unverified';
    rows.push(['claim', `${mark}: ${c.message}`]);
  }
  if (a.saturation) rows.push(['saturation', a.saturation.description]);
  if (a.instability.length === 0) rows.push(['instability', 'none found: float64 evaluation as written is accurate on [-1000, 1000]']);
  for (const iv of a.instability) {
    rows.push(['instability', `${fmt(iv.from, 4)} ≤ ${a.wrt} ≤ ${fmt(iv.to, 4)}: ${iv.problem}${iv.suggestion ? `; stable form: ${iv.suggestion}` : ''}`]);
  }
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}
