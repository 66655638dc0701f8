import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as protocol from '../../src/shared/protocol.js';

const root = join(__dirname, '..', '..');

test('the extension contributes exactly the client commands the protocol module names', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, Object.values(protocol.CLIENT_COMMANDS).sort());
});

test("README's language-server table documents every gradlens/* message a client may use", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const m of [protocol.FindingsAtRequest, protocol.CheckTextRequest, protocol.StatusNotification, protocol.HoverImagesNotification]) {
    assert.ok(readme.includes(`\`${m.method}\``), m.method);
  }
});

test('parameter guards accept the documented shapes and refuse everything else', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 1, character: 2 } };
  assert.ok(protocol.isFindingsAtParams({ uri: 'file:///a.md', range }));
  for (const bad of [null, {}, [], { uri: 1, range }, { uri: 'u', range: { start: { line: -1, character: 0 }, end: range.end } }, { uri: 'u', range: { start: range.start } }]) {
    assert.equal(protocol.isFindingsAtParams(bad), false, JSON.stringify(bad));
  }
  assert.ok(protocol.isCheckTextParams({ uri: 'u', text: '' }));
  assert.ok(protocol.isCheckTextParams({ uri: 'u', text: '$x$', languageId: 'markdown' }));
  for (const bad of [null, { uri: 'u' }, { uri: 'u', text: 3 }, { uri: 'u', text: '', languageId: 7 }]) {
    assert.equal(protocol.isCheckTextParams(bad), false, JSON.stringify(bad));
  }
});
