import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSIONS, LANGUAGE_IDS, kindOfDocument, kindOfLanguage, kindOfPath } from '../../src/shared/fileKinds.js';

test('derivations by extension: LaTeX spellings are tex, Markdown and plain text are markdown', () => {
  for (const p of ['a.tex', 'dir/B.LATEX', 'c.ltx']) assert.equal(kindOfPath(p), 'tex', p);
  for (const p of ['a.md', 'a.markdown', 'a.mdx', 'hand-in.txt']) assert.equal(kindOfPath(p), 'markdown', p);
});

test('code by extension, but never a type declaration (no bodies to check)', () => {
  for (const p of ['a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.js', 'a.jsx', 'a.mjs', 'a.cjs']) assert.equal(kindOfPath(p), 'code', p);
  for (const p of ['a.d.ts', 'a.d.mts', 'A.D.CTS']) assert.equal(kindOfPath(p), null, p);
  assert.equal(kindOfDocument('typescript', 'file:///w/types.d.ts'), null);
});

test('files that are not derivations or code are not read: style files, bibliographies, no extension', () => {
  for (const p of ['macros.sty', 'refs.bib', 'Makefile', 'dir.tex/file', 'a.pyc']) assert.equal(kindOfPath(p), null, p);
});

test('Python files are read by gradlens check, not as editor documents yet', () => {
  assert.equal(kindOfPath('lab/act.py'), 'python');
  assert.equal(kindOfDocument('python', 'file:///w/act.py'), null);
});

test('an open document goes by its language id first, then by its name (untitled, unknown ids)', () => {
  assert.equal(kindOfDocument('latex', 'untitled:Untitled-1'), 'tex');
  assert.equal(kindOfDocument('plaintext', 'file:///w/notes.tex'), 'markdown');
  assert.equal(kindOfDocument('unknown-id', 'file:///w/notes.tex?x=1#frag'), 'tex');
  assert.equal(kindOfDocument(undefined, 'untitled:Untitled-1'), null);
  assert.equal(kindOfLanguage('bibtex'), null);
});

test('package.json activates on exactly the language ids the table reads', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const events = pkg.activationEvents.filter((e: string) => e.startsWith('onLanguage:')).map((e: string) => e.slice(11)).sort();
  assert.deepEqual(events, [...LANGUAGE_IDS].sort());
  for (const e of EXTENSIONS) assert.notEqual(kindOfPath(`x.${e}`), null, e);
});
