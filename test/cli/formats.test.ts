/**
 * Output formats of `gradlens check`, through the CLI as a process: colour and code frames on a
 * terminal (a real pseudo-terminal through `script`, and FORCE_COLOR), the plain lines when piped,
 * SARIF validated against the published SARIF 2.1.0 schema, GitHub workflow commands, and a reader
 * that goes away early.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLI, REPO } from '../helpers/cli.js';
import { SEEDS } from '../helpers/seeds.js';

const ESC = '\u001b';
const stripAnsi = (s: string) => s.replace(/\u001b\[\d+m/g, '');
/** A code frame's three lines: `   |`, `NN | source`, `   | ^~~~`. */
const FRAME_LINE = /^ *\d* \|/;

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const clean = { ...process.env };
  delete clean.FORCE_COLOR; delete clean.NO_COLOR;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8', env: { ...clean, ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const INPUTS = ['examples/', SEEDS, 'test/fixtures/code/activations.ts'];

test('piped, the text output has no colour and no frame: every line is a compiler line or the summary', () => {
  const r = run(['check', ...INPUTS]);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(!r.stdout.includes(ESC));
  const lines = r.stdout.trimEnd().split('\n');
  for (const line of lines.slice(0, -1)) assert.match(line, /^[^:\s][^:]*:\d+:\d+: (error|warning|note|ok|info): /, line);
  assert.match(lines.at(-1)!, /^\d+ files checked: \d+ wrong, \d+ right, \d+ unverified, \d+ definitions$/);
  // NO_COLOR changes nothing on a pipe, and FORCE_COLOR=0 forces colour off.
  assert.equal(run(['check', ...INPUTS], { NO_COLOR: '1' }).stdout, r.stdout);
  assert.equal(run(['check', ...INPUTS], { FORCE_COLOR: '0' }).stdout, r.stdout);
});

test('FORCE_COLOR: coloured severities and a code frame under each error whose caret sits under the reported column', () => {
  const plain = run(['check', ...INPUTS]).stdout;
  const r = run(['check', ...INPUTS], { FORCE_COLOR: '1' });
  assert.equal(r.status, 1, r.stderr);
  assert.ok(r.stdout.includes(`${ESC}[31m${ESC}[1merror:`), 'error: in bold red');
  const lines = stripAnsi(r.stdout).trimEnd().split('\n');
  // The decorated output is exactly the plain one plus frames.
  assert.equal(lines.filter((l) => !FRAME_LINE.test(l)).join('\n'), plain.trimEnd());
  let frames = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = /^(.+?):(\d+):(\d+): (error|warning): /.exec(lines[i]!);
    if (!m) continue;
    frames++;
    const [, file, line, col] = m;
    const source = readFileSync(resolve(REPO, file!), 'utf8').split('\n')[Number(line) - 1]!.replace(/\t/g, ' ');
    const shown = /^ *(\d+) \| (.*)$/.exec(lines[i + 2]!);
    assert.ok(shown, `no frame under ${lines[i]}`);
    assert.equal(shown[1], line);
    const caret = lines[i + 3]!.indexOf('^') - lines[i + 2]!.indexOf('| ') - 2;
    // The frame may start mid-line ("…" then a window of the line): find the window in the source.
    const text = shown[2]!;
    const offset = text.startsWith('…') ? source.indexOf(text.slice(1).replace(/…$/, '')) - 1 : 0;
    assert.ok(offset >= -1, `the frame shows a piece of line ${line}`);
    assert.equal(caret + offset, Number(col) - 1, `caret under column ${col} in ${lines[i]}`);
  }
  assert.ok(frames >= 4, `${frames} frames`);
  // NO_COLOR with FORCE_COLOR unset on a pipe: plain; frames never exceed the width.
  assert.ok(lines.filter((l) => FRAME_LINE.test(l)).every((l) => [...l].length <= 100));
});

test('on a real terminal (a pseudo-terminal): colour and frames; NO_COLOR keeps the frames and drops the colour', { skip: !existsScript() }, () => {
  const viaPty = (env: string) => spawnSync('script', ['-qec', `${env} ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} check examples/`, '/dev/null'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, COLUMNS: '100' } as NodeJS.ProcessEnv });
  const tty = viaPty('env -u FORCE_COLOR -u NO_COLOR').stdout.replace(/\r/g, '');
  assert.ok(tty.includes(`${ESC}[31m`), tty);
  assert.match(stripAnsi(tty), /\n +32 \| \$\$\\frac\{\\partial L\}\{\\partial w\} = \(\\hat\{y\} - y\)\$\$\n +\| +\^~+\n/);
  const noColor = viaPty('env -u FORCE_COLOR NO_COLOR=1').stdout.replace(/\r/g, '');
  assert.ok(!noColor.includes(ESC), noColor);
  assert.match(noColor, /\n +32 \| .*\n +\| +\^~+\n/);
});

function existsScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}

test('a reader that goes away early (| head -c 100) ends the run quietly with its status', async () => {
  const child = spawn(process.execPath, [CLI, 'check', SEEDS, 'test/fixtures', '--format', 'json'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const first = await new Promise<Buffer>((resolve) => child.stdout.once('data', resolve));
  assert.ok(first.length > 0);
  child.stdout.destroy();
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.equal(status, 1, 'the status the run had decided (a wrong claim in seed 001)');
});

test('--format github: one workflow command per error and warning, 1-based, escaped; notices with --verbose', () => {
  const r = run(['check', 'examples/', 'test/fixtures/code/activations.ts', '--format', 'github']);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const json = JSON.parse(run(['check', 'examples/', 'test/fixtures/code/activations.ts', '--format', 'json']).stdout) as { files: { path: string; findings: { verdict: string | null; range: { start: { line: number; character: number } }; message: string; instability: unknown[] | null }[] }[] };
  const expected = json.files.flatMap((f) => f.findings.filter((x) => x.verdict === 'mismatch' || (x.verdict === null && x.instability?.length)).map((x) => ({ ...x, path: f.path })));
  const commands = lines.filter((l) => l.startsWith('::'));
  assert.equal(commands.length, expected.length);
  for (const [i, e] of expected.entries()) {
    const m = /^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),(?:endLine|endColumn)=\d+,title=([^:]+)::(.*)$/.exec(commands[i]!);
    assert.ok(m, commands[i]);
    assert.equal(m[1], e.verdict === 'mismatch' ? 'error' : 'warning');
    assert.equal(m[2], e.path);
    assert.equal(Number(m[3]), e.range.start.line + 1);
    assert.equal(Number(m[4]), e.range.start.character + 1);
    assert.ok(!/[\r\n]/.test(m[6]!));
    assert.equal(decodeURIComponent(m[6]!.replace(/%(?![0-9A-F]{2})/g, '%25')), e.message, 'the message, unescaped, is the finding\'s');
  }
  assert.match(commands[0]!, /^::error file=examples\/logistic-regression\.md,line=32,col=35,endColumn=\d+,title=GradLens%3A wrong/);
  assert.match(lines.at(-1)!, /^2 files checked: /);
  const verbose = run(['check', SEEDS, '--format', 'github', '--verbose']).stdout.split('\n');
  assert.ok(verbose.some((l) => /^::notice file=.*title=GradLens%3A unverified::cannot read this math/.test(l)));
  const missing = run(['check', 'nope.md', '--format', 'github']);
  assert.equal(missing.status, 2);
  assert.match(missing.stdout, /^::error file=nope\.md,title=GradLens%3A not checked::no such file or folder$/m);
});
