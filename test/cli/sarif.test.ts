/**
 * `gradlens check --format sarif` validated against the published SARIF 2.1.0 JSON schema (the
 * one Microsoft's SARIF SDK ships in @microsoft/jest-sarif; draft-04, hence ajv-draft-04), on the
 * seeds (derivations) and on code, and checked for what viewers rely on: rules with stable ids,
 * 1-based regions that point at the claims the JSON format reports, related locations, fixes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runCli, REPO } from '../helpers/cli.js';
import { SEEDS } from '../helpers/seeds.js';

const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
// The schema's BCP 47 pattern is not a valid Unicode-mode regular expression; ajv compiles it without the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number }
interface Loc { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region } }
interface Result { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Loc[]; relatedLocations?: (Loc & { message: { text: string } })[]; fixes?: { artifactChanges: { replacements: { deletedRegion: Region; insertedContent: { text: string } }[] }[] }[] }
interface Log { version: string; runs: { tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string } }[] } }; results: Result[]; invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] }
interface JsonFinding { verdict: string | null; message: string; range: { start: { line: number; character: number } }; instability: unknown[] | null }

function sarif(args: string[]): { log: Log; status: number | null } {
  const r = runCli(['check', ...args, '--format', 'sarif']);
  const log = JSON.parse(r.stdout) as Log;
  const ok = validate(log);
  assert.ok(ok, `not valid SARIF 2.1.0: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  return { log, status: r.status };
}

function shownFindings(args: string[]): (JsonFinding & { path: string })[] {
  const j = JSON.parse(runCli(['check', ...args, '--format', 'json']).stdout) as { files: { path: string; findings: JsonFinding[] }[] };
  return j.files.flatMap((f) => f.findings.filter((x) => x.verdict === 'mismatch' || x.verdict === 'unverified' || (x.verdict === null && x.instability?.length)).map((x) => ({ ...x, path: f.path })));
}

test('the validator is real: it rejects a log with a wrong level', () => {
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
});

test('SARIF on the seeds: valid; one result per wrong, unverified and fragile finding, at its claim, with related definitions', () => {
  const { log, status } = sarif([SEEDS]);
  assert.equal(status, 1);
  const run = log.runs[0]!;
  const ids = run.tool.driver.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, 4);
  for (const r of run.tool.driver.rules) assert.ok(r.shortDescription.text && r.fullDescription.text && r.help.text);
  const expected = shownFindings([SEEDS]);
  assert.equal(run.results.length, expected.length);
  for (const [i, e] of expected.entries()) {
    const res = run.results[i]!;
    assert.equal(res.message.text, e.message);
    assert.equal(ids[res.ruleIndex], res.ruleId);
    const region = res.locations[0]!.physicalLocation.region;
    assert.deepEqual([region.startLine, region.startColumn], [e.range.start.line + 1, e.range.start.character + 1]);
    assert.equal(res.level, e.verdict === 'mismatch' ? 'error' : e.verdict === 'unverified' ? 'note' : 'warning');
  }
  const wrong = run.results.filter((r) => r.level === 'error');
  assert.equal(wrong.length, 1);
  assert.match(wrong[0]!.locations[0]!.physicalLocation.artifactLocation.uri, /001_e77555796a2e6285\.txt$/);
  // The worst point and both values are in the message; the definition it was checked against is related.
  assert.match(wrong[0]!.message.text, /At f\(…\) = 1, y_i = 0 it gives 3\.42332, the derivative is 0\.731059/);
  assert.ok((wrong[0]!.relatedLocations ?? []).length >= 1);
  const seed = readFileSync(resolve(SEEDS, '001_e77555796a2e6285.txt'), 'utf8').split('\n');
  const rel = wrong[0]!.relatedLocations![0]!.physicalLocation.region;
  assert.match(seed[rel.startLine - 1]!.slice(0, rel.startColumn - 1), /\\ell_i = $/, 'the definition of the loss, right after its name');
});

test('SARIF on code: wrong gradients under their own rule, and the stable rewrite of a fragile softplus as a fix', () => {
  const file = 'test/fixtures/code/activations.ts';
  const { log } = sarif([file, 'test/fixtures/code/siblings']);
  const run = log.runs[0]!;
  const byRule = (id: string) => run.results.filter((r) => r.ruleId === id);
  const gradientRule = run.tool.driver.rules.find((r) => /gradient/i.test(r.shortDescription.text))!;
  assert.ok(byRule(gradientRule.id).length >= 2);
  assert.equal(byRule(gradientRule.id)[0]!.locations[0]!.physicalLocation.artifactLocation.uri, file);
  const fixed = run.results.find((r) => r.fixes?.length);
  assert.ok(fixed, 'a fix');
  const source = readFileSync(resolve(REPO, file), 'utf8').split('\n');
  const rep = fixed.fixes![0]!.artifactChanges[0]!.replacements[0]!;
  const d = rep.deletedRegion;
  assert.equal(d.startLine, d.endLine);
  const before = source[d.startLine - 1]!;
  const after = before.slice(0, d.startColumn - 1) + rep.insertedContent.text + before.slice(d.endColumn - 1);
  assert.match(before, /Math\.log1p\(Math\.exp\(x\)\)|Math\.log\(1 \+ Math\.exp\(x\)\)/);
  assert.match(after, /Math\.log1p\(Math\.exp\(-Math\.abs\(x\)\)\)/);
});

test('SARIF: an unreadable file is a tool notification, and the log stays valid', () => {
  const { log, status } = sarif(['examples/', 'nope.md']);
  assert.equal(status, 2);
  assert.match(log.runs[0]!.invocations[0]!.toolExecutionNotifications[0]!.message.text, /nope\.md: no such file or folder/);
});
