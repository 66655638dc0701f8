/**
 * SARIF 2.1.0, the format GitHub code scanning and other static-analysis viewers ingest.
 *
 * One rule per kind of finding, with stable ids (viewers track alerts by them across runs): a
 * wrong derivative in a derivation, a wrong gradient in code, an unverified claim and a numerically
 * fragile definition. Regions are 1-based lines and columns in UTF-16 code units (what JavaScript
 * strings count, declared in the run's columnKind). A claim checked against a definition points at
 * it as a related location; an instability warning in code whose stable rewrite is known carries it
 * as a fix (the same edit the language server's quick fix applies). Unreadable files become tool
 * notifications, not results: they are not findings about the code.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileReport, Finding } from '../../documents/findings.js';
import type { SourceRange } from '../../latex/types.js';
import { codeFixes, type CodeFix } from '../../codecheck/fixes.js';
import { isCode } from '../../workspace/sources.js';
import { displayPath, presentation, type CheckRun } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { tags: string[] };
}

const help = (text: string): { text: string; markdown: string } => ({ text, markdown: text });

export const RULES: readonly Rule[] = [
  {
    id: 'GL001', name: 'WrongDerivative',
    shortDescription: { text: 'A derivative in a derivation is wrong' },
    fullDescription: { text: 'A derivative claim (or a value, limit or identity about a derivative) written in a LaTeX or Markdown derivation disagrees with the derivative GradLens computes exactly from the definitions before it, at sampled points.' },
    help: help('The message gives a point where the claim and the true derivative disagree, both values there, the likely slip (a sign, a missing factor, a missing chain-rule factor) and the right derivative. Fix the step, or add `% gradlens: ignore` before it if the notation means something else.'),
    defaultConfiguration: { level: 'error' }, properties: { tags: ['correctness', 'math'] },
  },
  {
    id: 'GL002', name: 'WrongGradient',
    shortDescription: { text: 'A gradient function in code is wrong' },
    fullDescription: { text: 'A TypeScript/JavaScript function that computes a derivative disagrees with the differentiated body of the function it is paired with (by JSDoc @gradient, its name, or its place in a class or object).' },
    help: help('The message gives an input where the gradient function and the true derivative disagree, both values, the likely slip and the right derivative.'),
    defaultConfiguration: { level: 'error' }, properties: { tags: ['correctness', 'math'] },
  },
  {
    id: 'GL003', name: 'UnverifiedClaim',
    shortDescription: { text: 'A claim could not be verified' },
    fullDescription: { text: 'GradLens could not read or check this claim (unsupported notation, an undefined name, too few informative points). It is not reported as wrong.' },
    help: help('The message says why the claim could not be checked. Rewriting it in supported notation, or defining the names it uses before it, lets GradLens check it.'),
    defaultConfiguration: { level: 'note' }, properties: { tags: ['coverage'] },
  },
  {
    id: 'GL004', name: 'NumericallyFragile',
    shortDescription: { text: 'Float64 evaluation of this definition breaks' },
    fullDescription: { text: 'Evaluated as written in float64, this activation or loss overflows, underflows or loses its significant digits over the ranges given, although the function itself is well defined there.' },
    help: help('The message gives the ranges and a stable form that computes the same function; in code the fix rewrites the expression into it.'),
    defaultConfiguration: { level: 'warning' }, properties: { tags: ['numerics'] },
  },
];

function ruleOf(path: string, f: Finding): number | null {
  switch (presentation(f)) {
    case 'error': return isCode(path) ? 1 : 0;
    case 'note': return 2;
    case 'warning': return 3;
    default: return null;
  }
}

type ArtifactLocation = { uri: string; uriBaseId?: string };

/**
 * Files under the working folder (the repository root in CI) get URIs relative to %SRCROOT%, as
 * code scanning expects; others an absolute file: URI.
 */
function artifactOf(path: string): ArtifactLocation {
  const shown = displayPath(path);
  if (isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
  return { uri: shown.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function region(r: SourceRange): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  const endLine = Math.max(r.end.line, r.start.line);
  const endColumn = endLine === r.start.line ? Math.max(r.end.character, r.start.character + 1) : r.end.character;
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: endLine + 1, endColumn: Math.max(1, endColumn + 1) };
}

function location(artifact: ArtifactLocation, r: SourceRange, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, physicalLocation: { artifactLocation: artifact, region: region(r) } };
}

function fixOf(artifact: ArtifactLocation, fix: CodeFix): Record<string, unknown> {
  return {
    description: { text: fix.title },
    artifactChanges: [{
      artifactLocation: artifact,
      replacements: fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
    }],
  };
}

/** Identifies a result across runs when lines move: the rule, the file and the claim's own text. */
function fingerprint(ruleId: string, artifact: ArtifactLocation, f: Finding, text: string | undefined): string {
  const lines = text?.split('\n');
  const claim = lines ? lines.slice(f.range.start.line, f.range.end.line + 1).join('\n').trim() : f.message;
  return createHash('sha256').update(`${ruleId}\u0000${artifact.uri}\u0000${claim}`).digest('hex').slice(0, 32);
}

export function formatSarif(run: CheckRun, version: string): string {
  const results: Record<string, unknown>[] = [];
  const notifications: Record<string, unknown>[] = [];
  for (const r of run.reports) {
    const artifact = artifactOf(r.path);
    if (r.error) {
      notifications.push({ level: 'error', message: { text: `${displayPath(r.path)}: ${r.error}` }, locations: [{ physicalLocation: { artifactLocation: artifact } }] });
      continue;
    }
    const text = run.texts.get(r.path);
    const fixes = text !== undefined && isCode(r.path) ? codeFixes(r.path, text, r.findings) : [];
    r.findings.forEach((f, i) => {
      const index = ruleOf(r.path, f);
      if (index === null) return;
      const rule = RULES[index]!;
      const result: Record<string, unknown> = {
        ruleId: rule.id, ruleIndex: index, level: rule.defaultConfiguration.level,
        message: { text: f.message },
        locations: [location(artifact, f.range)],
        partialFingerprints: { 'gradlensClaim/v1': fingerprint(rule.id, artifact, f, text) },
      };
      if (f.related?.length) result.relatedLocations = f.related.map((x, id) => location(artifact, x.range, { id, message: { text: x.message } }));
      const fix = fixes[i];
      if (fix) result.fixes = [fixOf(artifact, fix)];
      const properties: Record<string, unknown> = {};
      if (f.slipKind) properties.slipKind = f.slipKind;
      if (f.worstPoint) properties.worstPoint = f.worstPoint;
      if (f.derivative) properties.derivative = f.derivative;
      if (Object.keys(properties).length) result.properties = properties;
      results.push(result);
    });
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'GradLens', version, semanticVersion: /^\d+\.\d+\.\d+/.test(version) ? version : undefined, rules: RULES } },
      invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      columnKind: 'utf16CodeUnits',
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(`${process.cwd()}${sep}`).href } },
      results,
    }],
  };
  return JSON.stringify(log, null, 2);
}
