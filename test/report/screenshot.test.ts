/**
 * report.html in a real browser: headless Chromium (Debian's, driven by playwright-core from the
 * vscode-e2e cache that .ci/run installs) opens the page from a file with the network cut off,
 * and checks what a grader sees: the table of students, sorting by a column, a link to a student's
 * section, the math drawn (glyphs resolved, not blank boxes). The screenshots land in
 * test-output/report/; docs/screenshots/grading-report.png (the README's) comes from here.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { makeClass } from '../../bench/grade/makeClass.js';

const ROOT = resolve(__dirname, '..', '..');
const HARNESS = resolve(ROOT, '..', 'shared', 'tools', 'vscode-e2e', 'harness.mjs');
const SHOTS = join(ROOT, 'test-output', 'report');
// The harness is an ES module; import() it as one (tsx would otherwise turn import() into require()).
const importEsm = new Function('p', 'return import(p)') as (p: string) => Promise<any>;

let dir: string;
let browser: any;
let page: any;
const outside: string[] = [];
const errors: string[] = [];

before(async () => {
  assert.ok(existsSync(HARNESS), `the vscode-e2e harness is missing at ${HARNESS}`);
  const harness = await importEsm(HARNESS);
  const paths = harness.cachePaths();
  const pw = join(paths.tools, 'node_modules', 'playwright-core');
  assert.ok(existsSync(pw) && existsSync(paths.chromium), 'run `bash ../shared/tools/vscode-e2e/install.sh` first (.ci/run does)');
  const { chromium } = createRequire(join(paths.tools, 'package.json'))('playwright-core');
  dir = mkdtempSync(join(tmpdir(), 'gradlens-report-shot-'));
  const students = makeClass(join(dir, 'class'), 24);
  const r = runCli(['grade', ...students.map((s) => s.path), '--out', join(dir, 'out'), '--jobs', '2'], { timeoutMs: 120_000 });
  assert.equal(r.status, 2, r.stderr);
  browser = await chromium.launch({ executablePath: paths.chromium, args: harness.CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  // Anything but the file itself or inline data is a remote resource: refuse it and remember it.
  await page.route('**/*', (route: any) => {
    const url = route.request().url() as string;
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page.on('pageerror', (e: Error) => errors.push(e.message));
  page.on('console', (m: any) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(pathToFileURL(join(dir, 'out', 'report.html')).href);
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the table lists every student, and sorts by a column when its header is clicked', async () => {
  const rows = page.locator('#grades tbody tr');
  assert.equal(await rows.count(), 24);
  assert.equal(await page.locator('#grades thead th').first().textContent(), 'Student');
  const wrongColumn = async () => (await page.locator('#grades tbody tr td:nth-child(5)').allTextContents()).map(Number);
  await page.locator('#grades thead th', { hasText: /^Wrong$/ }).click();
  const up = await wrongColumn();
  assert.deepEqual(up, [...up].sort((a, b) => a - b));
  await page.locator('#grades thead th', { hasText: /^Wrong$/ }).click();
  const down = await wrongColumn();
  assert.deepEqual(down, [...down].sort((a, b) => b - a));
  assert.ok(down[0]! > down.at(-1)!, 'students differ in wrong claims');
  assert.equal(await page.locator('#grades thead th', { hasText: /^Wrong$/ }).getAttribute('aria-sort'), 'descending');
  await page.screenshot({ path: join(SHOTS, 'report-table.png') });
});

test('a student\'s link opens their section: wrong claims drawn as math, the slip named', async () => {
  await page.locator('#grades thead th', { hasText: /^Student$/ }).click();
  const link = page.locator('#grades tbody tr', { hasText: 'student-002' }).locator('a').first();
  await link.click();
  const section = page.locator('section.student[data-id="student-002"]');
  assert.ok(await section.isVisible());
  const top = await section.evaluate((el: any) => el.getBoundingClientRect().top);
  assert.ok(Math.abs(top) < 5, `the section is scrolled to the top (${top})`);
  const claims = section.locator('article.claim');
  assert.ok(await claims.count() >= 1);
  const first = claims.first();
  assert.match(await first.locator('.where').textContent(), /^(student-002|answers)\.\w+:\d+:\d+/);
  // The formula is drawn: its <use> reaches glyph paths, so the drawing has real ink, not an empty box.
  const ink = await first.locator('figure svg').first().evaluate((svg: any) => {
    const box = svg.getBBox();
    return { w: box.width, h: box.height, paths: svg.ownerDocument.querySelectorAll('defs path').length };
  });
  assert.ok(ink.w > 0 && ink.h > 0 && ink.paths > 20, JSON.stringify(ink));
  assert.match(await section.innerText(), /claims checked: \d+ right, \d+ wrong, \d+ unverified/);
  await page.screenshot({ path: join(SHOTS, 'report-student.png') });
});

test('an unreadable hand-in is shown with its reason; nothing was fetched and no script failed', async () => {
  const bad = page.locator('#grades tbody tr.unreadable');
  assert.equal(await bad.count(), 2);
  assert.match(await bad.first().innerText(), /binary file, not text|not UTF-8 text/);
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
});
