// Settings per resource over stdio: each document's settings are asked with its URI as scopeUri, so
// two folders of a multi-root workspace can differ; a client that pulls settings is asked to
// register for changes; one that never answers does not hold the check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigurationRequest, DiagnosticSeverity, DidChangeConfigurationNotification, RegistrationRequest } from 'vscode-languageserver-protocol/node';
import { startClient } from './lspClient.js';

const WRONG = '$$\\frac{d}{dx} x^2 = 3x$$\n';

test('two folders, two severities: the wrong claim is an error in one and a warning in the other', async () => {
  const client = await startClient({ capabilities: { workspace: { didChangeConfiguration: { dynamicRegistration: true } } } });
  const registered: string[] = [];
  client.connection.onRequest(RegistrationRequest.type, (p) => { registered.push(...p.registrations.map((r) => r.method)); });
  const asked: (string | undefined)[] = [];
  client.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => {
    asked.push(i.scopeUri);
    return i.section === 'gradlens' && i.scopeUri?.includes('/lenient/') ? { severity: 'warning' } : {};
  }));
  try {
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    client.open('file:///ws/strict/a.md', 'markdown', WRONG);
    client.open('file:///ws/lenient/a.md', 'markdown', WRONG);
    const strict = await client.diagnostics('file:///ws/strict/a.md', (p) => p.diagnostics.length > 0);
    const lenient = await client.diagnostics('file:///ws/lenient/a.md', (p) => p.diagnostics.length > 0);
    assert.equal(strict.diagnostics[0]!.severity, DiagnosticSeverity.Error);
    assert.equal(lenient.diagnostics[0]!.severity, DiagnosticSeverity.Warning);
    assert.ok(asked.includes('file:///ws/strict/a.md') && asked.includes('file:///ws/lenient/a.md'), JSON.stringify(asked));
    assert.ok(registered.includes('workspace/didChangeConfiguration'), JSON.stringify(registered));
  } finally {
    await client.close();
  }
});

test('a client that declares configuration but never answers: the document is still checked, with the defaults', async () => {
  const client = await startClient();
  client.connection.onRequest(ConfigurationRequest.type, () => new Promise(() => { /* never */ }));
  try {
    client.open('file:///ws/silent/a.md', 'markdown', WRONG);
    const d = await client.diagnostics('file:///ws/silent/a.md', (p) => p.diagnostics.length > 0, 15_000);
    assert.equal(d.diagnostics[0]!.severity, DiagnosticSeverity.Error);
  } finally {
    await client.close();
  }
});
