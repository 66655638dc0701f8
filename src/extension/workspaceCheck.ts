/**
 * "GradLens: Check workspace": every derivation and code file, read through the workspace file
 * system and checked by the server (`gradlens/checkText`), with progress and cancellation. Results
 * go to the Problems panel through a collection of their own; a file opened in an editor is then
 * the server's to report, so its entry here is dropped.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LANGUAGES, WORKSPACE_GLOB } from './languages.js';
import { CheckTextRequest, type CheckTextResult } from '../shared/protocol.js';

const MAX_FILES = 5000;
const MAX_BYTES = 2 * 1024 * 1024;

export class WorkspaceCheck implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('gradlens-workspace');
  private readonly subscription = vscode.workspace.onDidOpenTextDocument((d) => {
    if (LANGUAGES.includes(d.languageId)) this.collection.delete(d.uri);
  });

  constructor(private readonly client: LanguageClient, private readonly output: vscode.OutputChannel) {}

  async run(): Promise<{ files: number; wrong: number; failed: number } | null> {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('GradLens: open a folder to check a workspace.');
      return null;
    }
    const exclude = vscode.workspace.getConfiguration('gradlens').get<string>('workspace.exclude') || undefined;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'GradLens: checking the workspace', cancellable: true },
      async (progress, token) => {
        const uris = await vscode.workspace.findFiles(WORKSPACE_GLOB, exclude, MAX_FILES, token);
        const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
        const todo = uris.filter((u) => !open.has(u.toString())).sort((a, b) => a.path.localeCompare(b.path));
        const live = uris.length - todo.length;
        this.collection.clear();
        let done = 0, wrong = 0, failed = 0, withProblems = 0;
        const step = 100 / Math.max(1, todo.length);
        const next = async (): Promise<void> => {
          while (!token.isCancellationRequested) {
            const uri = todo.shift();
            if (!uri) return;
            const rel = vscode.workspace.asRelativePath(uri);
            progress.report({ message: rel, increment: step });
            try {
              const r = await this.checkFile(uri, token);
              if (r) {
                const diagnostics = await this.client.protocol2CodeConverter.asDiagnostics(r.diagnostics);
                wrong += diagnostics.filter((d) => d.code === 'mismatch').length;
                if (diagnostics.length) withProblems++;
                this.collection.set(uri, diagnostics);
              }
            } catch (e) {
              if (token.isCancellationRequested) return;
              failed++;
              this.output.appendLine(`Check workspace: ${rel}: ${(e as Error).message}`);
            }
            done++;
          }
        };
        // Two at a time: the server's worker pool has two threads.
        await Promise.all([next(), next()]);
        const summary = `GradLens: ${token.isCancellationRequested ? 'cancelled after' : 'checked'} ${done} file${done === 1 ? '' : 's'}${live ? ` (and ${live} open in editors, checked live)` : ''}: ${wrong} wrong claim${wrong === 1 ? '' : 's'} or gradient${wrong === 1 ? '' : 's'}${withProblems ? ` in ${withProblems} file${withProblems === 1 ? '' : 's'}` : ''}${failed ? `; ${failed} could not be checked (see output)` : ''}.`;
        this.output.appendLine(summary);
        void vscode.window.showInformationMessage(summary, 'Show Problems').then((a) => {
          if (a) void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
        return { files: done, wrong, failed };
      },
    );
  }

  private async checkFile(uri: vscode.Uri, token: vscode.CancellationToken): Promise<CheckTextResult | null> {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_BYTES) {
      this.output.appendLine(`Check workspace: ${vscode.workspace.asRelativePath(uri)} is larger than 2 MB: skipped`);
      return null;
    }
    const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    // No language id: the server reads the kind from the file name, as it does for any unknown id.
    return this.client.sendRequest(CheckTextRequest, { uri: this.client.code2ProtocolConverter.asUri(uri), text }, token);
  }

  dispose(): void {
    this.collection.dispose();
    this.subscription.dispose();
  }
}
