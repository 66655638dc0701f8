// Notebooks in the editor over stdio (LSP 3.17 notebook sync): Markdown cells are read as one
// derivation in cell order; diagnostics and hovers are per cell, at the cell's own positions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DidChangeNotebookDocumentNotification, DidCloseNotebookDocumentNotification, DidOpenNotebookDocumentNotification, HoverRequest,
  NotebookCellKind,
} from 'vscode-languageserver-protocol/node';
import { startClient, type Client } from './lspClient.js';

const NB = 'file:///tmp/gradlens-test/lab.ipynb';
const cell = (n: number) => `vscode-notebook-cell:/tmp/gradlens-test/lab.ipynb#W${n}sZmlsZQ%3D%3D`;
const DEF = 'We use $\\sigma(z) = \\frac{1}{1 + e^{-z}}$.';
const WRONG = 'Its derivative:\n$$\\frac{d\\sigma}{dz} = \\sigma(z)\\,(1 + \\sigma(z))$$';
const CODE = 'import numpy as np';

let client: Client;
const statuses: { uri: string; wrong: number }[] = [];
before(async () => {
  client = await startClient({ initializationOptions: { statusNotifications: true } });
  client.connection.onNotification('gradlens/status', (p: { uri: string; wrong: number }) => { statuses.push(p); });
});
after(async () => { await client?.close(); });

test('the server offers notebook sync for Jupyter notebooks\' Markdown cells', () => {
  const sync = client.initializeResult?.capabilities.notebookDocumentSync as { notebookSelector: { notebook: { notebookType: string }; cells: { language: string }[] }[] };
  assert.equal(sync.notebookSelector[0]!.notebook.notebookType, 'jupyter-notebook');
  assert.deepEqual(sync.notebookSelector[0]!.cells.map((c) => c.language), ['markdown']);
});

test('a definition in one Markdown cell is used by a claim in a later one: the error is on the later cell, at its own line', async () => {
  await client.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
    notebookDocument: { uri: NB, notebookType: 'jupyter-notebook', version: 1, cells: [
      { kind: NotebookCellKind.Markup, document: cell(0) }, { kind: NotebookCellKind.Code, document: cell(1) }, { kind: NotebookCellKind.Markup, document: cell(2) },
    ] },
    cellTextDocuments: [
      { uri: cell(0), languageId: 'markdown', version: 1, text: DEF },
      { uri: cell(1), languageId: 'python', version: 1, text: CODE },
      { uri: cell(2), languageId: 'markdown', version: 1, text: WRONG },
    ],
  });
  const d = await client.diagnostics(cell(2), (p) => p.diagnostics.length > 0);
  assert.equal(d.diagnostics.length, 1);
  assert.equal(d.diagnostics[0]!.range.start.line, 1, 'line 2 of its cell');
  assert.match(d.diagnostics[0]!.message, /is wrong/);
  assert.equal(d.diagnostics[0]!.relatedInformation?.[0]?.location.uri, cell(0), 'the definition it was checked against is in the first cell');
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: cell(2) }, position: { line: 1, character: d.diagnostics[0]!.range.start.character + 1 } });
  assert.match(JSON.stringify(hover?.contents), /wrong/);
  assert.ok(statuses.some((x) => x.uri === NB && x.wrong === 1), 'the notebook\'s status, for the status bar of any of its cells');
});

test('fixing the claim in its cell clears the cell\'s diagnostics; closing the notebook clears them too', async () => {
  await client.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
    notebookDocument: { uri: NB, version: 2 },
    change: { cells: { textContent: [{ document: { uri: cell(2), version: 2 }, changes: [{ text: WRONG.replace('1 + \\sigma', '1 - \\sigma') }] }] } },
  });
  await client.diagnostics(cell(2), (p) => p.diagnostics.length === 0);
  await client.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
    notebookDocument: { uri: NB, version: 3 },
    change: { cells: { textContent: [{ document: { uri: cell(2), version: 3 }, changes: [{ text: WRONG }] }] } },
  });
  await client.diagnostics(cell(2), (p) => p.diagnostics.length === 1);
  await client.connection.sendNotification(DidCloseNotebookDocumentNotification.type, { notebookDocument: { uri: NB }, cellTextDocuments: [{ uri: cell(0) }, { uri: cell(1) }, { uri: cell(2) }] });
  await client.diagnostics(cell(2), (p) => p.diagnostics.length === 0);
});
