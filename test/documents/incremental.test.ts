/** The region cache gives exactly what a full analysis gives, and reuses unchanged regions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeDocument } from '../../src/documents/analyzeDocument.js';
import { findMathRegions } from '../../src/latex/index.js';
import { RegionCache } from '../../src/documents/incremental.js';
import type { SourceFormat } from '../../src/latex/types.js';

const SEEDS = [resolve(process.cwd(), '../shared/seeds'), '/work/shared/seeds'].find((d) => existsSync(d)) ?? '';
const seeds = (() => { try { return readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort(); } catch { return []; } })();

/** Edits: append to the last region, change a middle region, change prose at the top, insert lines. */
function edits(text: string, format: SourceFormat): string[] {
  const regions = findMathRegions(text, format);
  const out: string[] = [];
  const at = (o: number, ins: string) => text.slice(0, o) + ins + text.slice(o);
  if (regions.length) {
    const last = regions[regions.length - 1]!;
    out.push(at(last.offset + last.text.length, ' + 0'));
    const mid = regions[Math.floor(regions.length / 2)]!;
    out.push(at(mid.offset, ' '));
    out.push(at(mid.offset + mid.text.length, ' + 1'));
  }
  out.push(`Inserted prose line\n\n${text}`);
  out.push(text.replace(/\n\n/, '\n\nA new paragraph with $x$ math.\n\n'));
  return out;
}

for (const name of seeds) {
  test(`region cache matches a full analysis after edits: ${name}`, () => {
    const text = readFileSync(join(SEEDS, name), 'utf8');
    for (const format of ['markdown'] as const) {
      const cache = new RegionCache();
      const first = cache.analyze('doc', text, format, {});
      assert.deepEqual(first.findings, analyzeDocument(text, format, {}));
      let previous = text;
      for (const edited of edits(text, format)) {
        for (const t of [edited, previous]) {
          const r = cache.analyze('doc', t, format, {});
          assert.deepEqual(r.findings, analyzeDocument(t, format, {}), `${format}: ${r.stats.reused} reused`);
        }
        previous = edited;
      }
    }
  });
}

test('an edit to the last equation reuses the ones before it', () => {
  const doc = [
    'Let $$\\sigma(z) = \\frac{1}{1+e^{-z}}$$',
    '$$\\frac{d}{dz}\\tanh(z) = 1 - \\tanh^2(z)$$',
    '$$\\frac{d}{dx}\\log(1+e^x) = \\frac{1}{1+e^{-x}}$$',
    'Let $a$ be $wx + b$ and $$\\frac{d}{dw} a = x$$',
    '$$\\frac{d}{dz}\\sigma(z) = \\sigma(z)(1-\\sigma(z))$$',
    '',
  ].join('\n\n');
  const cache = new RegionCache();
  cache.analyze('u', doc, 'markdown', {});
  const edited = doc.replace('(1-\\sigma(z))$$', () => '(1+\\sigma(z))$$');
  const r = cache.analyze('u', edited, 'markdown', {});
  assert.equal(r.stats.full, false, r.stats.reason ?? '');
  assert.ok(r.stats.reused >= 1, `reused ${r.stats.reused}`);
  assert.deepEqual(r.findings, analyzeDocument(edited, 'markdown', {}));
  assert.equal(r.findings.filter((f) => f.verdict === 'mismatch').length, 1);
});

test('a display that starts with = after a reused one is read with its real head (the analysis traces continuations)', () => {
  const doc = [
    '$$\\frac{d}{dz}\\tanh(z) = 1 - \\tanh^2(z)$$',
    '$$\\frac{d}{dv} v^3$$',
    'which gives',
    '$$= 3v^2$$',
    '$$\\frac{d}{dx} x^2 = 2x$$',
    '',
  ].join('\n\n');
  const cache = new RegionCache();
  cache.analyze('c', doc, 'markdown', {});
  const edit = (from: string, to: string) => doc.replace(from, () => to); // a function: `$$` in a replacement string means `$`
  for (const edited of [edit('= 2x$$', '= 2x + 0$$'), edit('= 3v^2$$', '= 3v^2 + 0$$'), edit('= 3v^2$$', '= 4v^2$$')]) {
    const r = cache.analyze('c', edited, 'markdown', {});
    assert.deepEqual(r.findings, analyzeDocument(edited, 'markdown', {}), r.stats.reason ?? `${r.stats.reused} reused`);
  }
  // the last edit reused nothing before the continued display: the trace showed its head was blanked
  cache.analyze('c', doc, 'markdown', {});
  assert.match(cache.analyze('c', edit('= 2x$$', '= 2x + 0$$'), 'markdown', {}).stats.reason ?? '', /continues one that was reused/);
  const wrong = cache.analyze('c', edit('= 3v^2$$', '= 4v^2$$'), 'markdown', {});
  assert.equal(wrong.findings.filter((f) => f.verdict === 'mismatch').length, 1);
});

test('prose that turns two inline formulas into a definition invalidates what follows, wherever the words are', () => {
  const base = [
    '$$\\frac{d}{dz}\\tanh(z) = 1 - \\tanh^2(z)$$',
    'We take $a$ and $3w$ here.',
    '$$\\frac{d}{dw} a = 3$$',
    '',
  ].join('\n\n');
  const cache = new RegionCache();
  cache.analyze('p', base, 'markdown', {});
  // the link appears by words before the first formula and between the two, far from any region's text
  for (const edited of [base.replace('We take $a$ and', 'Let $a$ be'), base.replace('We take $a$ and', 'Let $a$           be')]) {
    const r = cache.analyze('p', edited, 'markdown', {});
    assert.deepEqual(r.findings, analyzeDocument(edited, 'markdown', {}));
  }
});
