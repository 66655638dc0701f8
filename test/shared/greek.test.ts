// One Greek table for parsing, display and the documents' lookups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GREEK_TEX, GREEK_UNICODE, greekChar, isGreekName } from '../../src/text/greek.js';

test('every spelling of a letter reaches one name: \\varepsilon, ε and ϵ are epsilon', () => {
  assert.equal(GREEK_TEX.varepsilon, 'epsilon');
  assert.equal(GREEK_UNICODE['ε'], 'epsilon');
  assert.equal(GREEK_UNICODE['ϵ'], 'epsilon');
  assert.equal(GREEK_UNICODE['Υ'], 'Upsilon');
});

test('each name shows as its letter, variants included; words that are not letters show nothing', () => {
  assert.equal(greekChar('varphi'), 'φ');
  assert.equal(greekChar('Omega'), 'Ω');
  for (const w of ['constructor', 'toString', 'x', 'sigmoid']) assert.equal(greekChar(w), undefined, w);
  assert.equal(isGreekName('constructor'), false);
  assert.ok(isGreekName('vartheta'));
});

test('every Unicode letter parses to a name that shows as a Greek letter again', () => {
  for (const [ch, name] of Object.entries(GREEK_UNICODE)) assert.ok(greekChar(name), `${ch} → ${name}`);
});
