/**
 * The status bar item: the active document's result ("∇ 12 ok, 1 wrong"), from the server's
 * `gradlens/status` notifications; a click opens the Problems panel.
 */
import * as vscode from 'vscode';
import { statusText } from './describe.js';
import { LANGUAGES } from './languages.js';
import type { StatusParams } from '../shared/protocol.js';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gradlens.status', vscode.StatusBarAlignment.Right, 100);
  private readonly byUri = new Map<string, StatusParams>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly asProtocolUri: (u: vscode.Uri) => string) {
    this.item.name = 'GradLens';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((d) => this.byUri.delete(this.asProtocolUri(d.uri))),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('gradlens.statusBar')) this.render(); }),
    ];
  }

  update(s: StatusParams): void {
    this.byUri.set(s.uri, s);
    this.render();
  }

  /** The server is starting or restarting: say so rather than show stale counts. */
  busy(text: string): void {
    this.item.text = `$(sync~spin) ${text}`;
    this.item.tooltip = 'GradLens';
    this.item.show();
  }

  render(): void {
    const editor = vscode.window.activeTextEditor;
    const enabled = vscode.workspace.getConfiguration('gradlens').get<boolean>('statusBar', true);
    if (!enabled || !editor || !LANGUAGES.includes(editor.document.languageId)) {
      this.item.hide();
      return;
    }
    // A notebook cell's status is its notebook's: the server checks a notebook's Markdown cells as one.
    const notebook = editor.document.uri.scheme === 'vscode-notebook-cell' ? vscode.window.activeNotebookEditor?.notebook.uri : undefined;
    const s = this.byUri.get(this.asProtocolUri(notebook ?? editor.document.uri));
    if (!s) {
      this.item.text = '∇ checking…';
      this.item.tooltip = 'GradLens is checking this document';
    } else {
      this.item.text = statusText(s);
      const problem = s.problem ? `\n\n$(warning) ${s.problem.message.replace(/^GradLens: /, '')}` : '';
      this.item.tooltip = new vscode.MarkdownString(`**GradLens** · ${s.ok} right, ${s.wrong} wrong, ${s.unverified} not verified, ${s.definitions} definitions · checked in ${Math.round(s.ms)} ms${problem}\n\nClick for the Problems panel.`, true);
      this.item.backgroundColor = s.wrong || s.health === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : s.health === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
