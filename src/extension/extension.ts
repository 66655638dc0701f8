/**
 * GradLens for VS Code: a thin client. Everything that reads math or code happens in the bundled
 * language server; this file wires it to the editor: the client, commands, the status bar, the plot
 * panel and the hover colour. Nothing from the workspace is ever executed, so it runs the same in
 * Restricted Mode.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, createClient } from './client.js';
import { checkGradient, chooseFinding } from './commands.js';
import { PLOT_VIEW_TYPE, PlotPanel } from './plotPanel.js';
import { StatusNotification, HoverImagesNotification, type StatusParams } from '../shared/protocol.js';
import { StatusBar } from './statusBar.js';
import { formulaColor } from './themeColor.js';
import { WorkspaceCheck } from './workspaceCheck.js';

let client: LanguageClient | null = null;

/** What the extension hands to its integration tests (the activate() result). */
export interface GradLensApi {
  client: LanguageClient;
  /** From activate() being called to its return: the editor waits only this long. */
  activationMs: number;
  /** Settles when the server has answered `initialize`. */
  ready: Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<GradLensApi> {
  const started = Date.now();
  const output = vscode.window.createOutputChannel('GradLens');
  const c = createClient(context, output);
  client = c;
  const status = new StatusBar((u) => c.code2ProtocolConverter.asUri(u));
  const workspace = new WorkspaceCheck(c, output);
  context.subscriptions.push(output, status, workspace);

  const plot = async (arg: unknown): Promise<void> => {
    const ref = await chooseFinding(c, arg, 'plot');
    if (ref) PlotPanel.show(context, c, ref);
  };
  const run = <A extends unknown[]>(name: string, fn: (...a: A) => Promise<unknown>) => async (...a: A) => {
    try {
      return await fn(...a);
    } catch (e) {
      output.appendLine(`${name} failed: ${(e as Error).stack ?? e}`);
      void vscode.window.showErrorMessage(`GradLens: ${name} failed: ${(e as Error).message}`, 'Show output').then((x) => { if (x) output.show(true); });
      return undefined;
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(CLIENT_COMMANDS.check, run('Check gradient', (arg?: unknown) => checkGradient(c, output, arg, (ref) => void plot(ref)))),
    vscode.commands.registerCommand(CLIENT_COMMANDS.plot, run('Plot', (arg?: unknown) => plot(arg))),
    vscode.commands.registerCommand(CLIENT_COMMANDS.checkWorkspace, run('Check workspace', () => workspace.run())),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showOutput, () => output.show(true)),
    vscode.window.registerWebviewPanelSerializer(PLOT_VIEW_TYPE, PlotPanel.serializer(context, () => client)),
    vscode.window.onDidChangeActiveColorTheme(() => {
      if (c.state === State.Running) void c.sendNotification(HoverImagesNotification, { color: formulaColor() });
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => output.appendLine('Workspace trusted now (GradLens behaves the same: it never executes anything)')),
    c.onDidChangeState((e) => {
      if (e.newState === State.Starting) status.busy('GradLens starting');
      else if (e.newState === State.Running) status.render();
    }),
  );
  // Registered before start so that no status sent during start-up is lost.
  context.subscriptions.push(c.onNotification(StatusNotification, (s: StatusParams) => status.update(s)));
  status.busy('GradLens starting');
  // The server starts in the background: activation (which the editor waits on) ends here.
  const ready = c.start().then(() => {
    status.render();
    output.appendLine(`GradLens server ready ${Date.now() - started} ms after activation began`);
  }, (e: unknown) => {
    output.appendLine(`GradLens server failed to start: ${(e as Error)?.stack ?? e}`);
    void vscode.window.showErrorMessage(`GradLens: the language server did not start: ${(e as Error)?.message ?? e}`, 'Show output').then((x) => { if (x) output.show(true); });
  });
  const activationMs = Date.now() - started;
  output.appendLine(`GradLens ${context.extension.packageJSON.version as string} activated in ${activationMs} ms (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode: nothing is executed either way'})`);
  return { client: c, activationMs, ready };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = null;
  if (c) await c.stop().catch(() => undefined);
}
