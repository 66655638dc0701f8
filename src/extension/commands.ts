/**
 * "GradLens: Check gradient" and "GradLens: Plot function and derivative": the finding at the
 * cursor or selection (a quick pick when several overlap it; every finding of the document when
 * none does), checked or plotted by the server. Code lenses call the same commands with the
 * finding already chosen.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { details, headline } from './describe.js';
import { LANGUAGES } from './languages.js';
import { FindingsAtRequest, SERVER_COMMANDS, type CheckResult, type FindingRef, type FindingSummary } from '../shared/protocol.js';

const VERDICT_ICON: Record<string, string> = { ok: '$(pass)', mismatch: '$(error)', unverified: '$(question)' };

function isRef(v: unknown): v is FindingRef {
  return typeof v === 'object' && v !== null && typeof (v as FindingRef).uri === 'string' && Number.isInteger((v as FindingRef).index) && Number.isInteger((v as FindingRef).line);
}

/** The finding the user means: the code lens's, or the one at the cursor, asked for when ambiguous. */
export async function chooseFinding(client: LanguageClient, arg: unknown, purpose: 'check' | 'plot'): Promise<FindingRef | null> {
  if (isRef(arg)) return arg;
  const editor = vscode.window.activeTextEditor;
  if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
    void vscode.window.showWarningMessage('GradLens: open a LaTeX, Markdown, TypeScript or JavaScript file to check a gradient.');
    return null;
  }
  const doc = editor.document;
  const uri = client.code2ProtocolConverter.asUri(doc.uri);
  const sel = editor.selection;
  const at = await client.sendRequest(FindingsAtRequest, { uri, range: client.code2ProtocolConverter.asRange(sel) });
  let candidates = at.filter((f) => purpose === 'check' || f.kind === 'definition' || f.kind === 'derivative');
  let title = 'GradLens: which one?';
  if (candidates.length === 0) {
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const all = await client.sendRequest(FindingsAtRequest, { uri, range: { start: { line: 0, character: 0 }, end: { line: end.line, character: end.character } } });
    candidates = all.filter((f) => purpose === 'check' ? f.kind !== 'definition' || f.name !== null : f.kind === 'definition' || f.kind === 'derivative')
      .sort((a, b) => a.range.start.line - b.range.start.line);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(`GradLens: no definitions, derivative claims or gradient functions found in ${vscode.workspace.asRelativePath(doc.uri)}.`);
      return null;
    }
    title = 'GradLens: nothing at the cursor; pick one from this file';
  }
  let chosen = candidates[0]!;
  if (candidates.length > 1) {
    const items = candidates.map((f) => ({
      label: `${f.verdict ? VERDICT_ICON[f.verdict] ?? '' : '$(symbol-function)'} ${f.label}`,
      description: `line ${f.range.start.line + 1}`,
      finding: f,
    }));
    const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
    if (!picked) return null;
    chosen = picked.finding;
  }
  return { uri, index: chosen.index, version: doc.version, line: chosen.range.start.line };
}

export async function checkGradient(client: LanguageClient, output: vscode.OutputChannel, arg: unknown, showPlot: (ref: FindingRef) => void): Promise<CheckResult | null> {
  const ref = await chooseFinding(client, arg, 'check');
  if (!ref) return null;
  const result = await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_COMMANDS.checkGradient, arguments: [ref] }) as CheckResult;
  const f = result.finding;
  const file = vscode.workspace.asRelativePath(client.protocol2CodeConverter.asUri(result.uri));
  output.appendLine(`[${new Date().toLocaleTimeString()}] Check gradient\n${details(f, result.definition, file)}\n`);
  const text = headline(f, f.range.start.line);
  const actions = ['Details', ...(f.kind === 'definition' || f.kind === 'derivative' ? ['Plot'] : [])];
  const show = f.verdict === 'mismatch' ? vscode.window.showErrorMessage : f.verdict === 'unverified' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(text, ...actions).then((a) => {
    if (a === 'Details') output.show(true);
    else if (a === 'Plot') showPlot({ uri: result.uri, index: result.index, version: result.version, line: f.range.start.line });
  });
  return result;
}
