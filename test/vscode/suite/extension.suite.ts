/// <reference types="mocha" />
/**
 * The extension inside a real VS Code extension host: activation, the commands, and hover and
 * CodeLens providers answering through the language server, and the plot webview opening.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';

const WORKSPACE = process.env.GRADLENS_TEST_WORKSPACE ?? '';

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(WORKSPACE, name)));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Polls a provider until it answers with something (the server analyses after didOpen). */
async function until<T>(what: string, probe: () => Thenable<T | undefined> | Promise<T | undefined>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await probe();
    if (last !== undefined && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: no answer in ${ms} ms (last: ${JSON.stringify(last)})`);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

suite('GradLens extension', () => {
  let api: { activationMs: number; ready: Promise<void> };

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension('gradlens.gradlens');
    assert.ok(ext, 'the extension is installed');
    await open('activations.md');
    api = await ext.activate();
    await api.ready;
  });

  test('activates on a Markdown derivation, quickly', () => {
    assert.ok(api.activationMs < 500, `activation took ${api.activationMs} ms`);
  });

  test('contributes its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['gradlens.check', 'gradlens.plot', 'gradlens.checkWorkspace']) assert.ok(all.includes(c), c);
  });

  test('hover on a wrong TypeScript gradient names the right derivative', async () => {
    const doc = await open('losses.ts');
    const pos = doc.positionAt(doc.getText().indexOf('bceLossGrad') + 3);
    const text = await until('hover', async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)), (t) => /GradLens/.test(t));
    assert.match(text, /wrong/);
    assert.match(text, /sigmoid\(z\) - y/);
    const diags = await until('diagnostics', async () => vscode.languages.getDiagnostics(doc.uri), (d) => d.some((x) => x.severity === vscode.DiagnosticSeverity.Error));
    assert.ok(diags.some((d) => /bceLossGrad/.test(d.message)));
  });

  test('CodeLens "Check gradient" and "Plot" above definitions, pointing at the client commands', async () => {
    const doc = await open('activations.md');
    const lenses = await until('code lenses', async () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri), (l) => l.length > 0);
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(titles.includes('Check gradient') && titles.includes('Plot'), JSON.stringify(titles));
    const check = lenses.find((l) => l.command?.title === 'Check gradient')!.command!;
    assert.equal(check.command, 'gradlens.check');
    const result = await vscode.commands.executeCommand<{ finding: { kind: string } }>(check.command, ...(check.arguments ?? []));
    assert.ok(result?.finding, 'the check returns its result');
  });

  test('"Plot" opens the plot webview', async () => {
    const doc = await open('activations.md');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const plot = lenses.find((l) => l.command?.title === 'Plot')!.command!;
    await vscode.commands.executeCommand(plot.command, ...(plot.arguments ?? []));
    const tab = await until('a plot tab', async () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /gradlens\.plot/.test(t.input.viewType)), () => true);
    assert.match(tab.label, /Plot/);
  });
});
