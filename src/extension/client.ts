/**
 * Starts the bundled GradLens language server (dist/server.js) over Node IPC and connects to it.
 * Code lenses from the server name the server's own commands; the middleware points them at the
 * client's commands instead, so a click on "Check gradient" or "Plot" shows its result the same
 * way the command palette does.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGES } from './languages.js';
import { CLIENT_COMMANDS, SERVER_COMMANDS } from '../shared/protocol.js';

export { CLIENT_COMMANDS };
import { formulaColor } from './themeColor.js';

export function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const config = vscode.workspace.getConfiguration('gradlens');
  const clientOptions: LanguageClientOptions = {
    // Untitled documents too: a derivation pasted into a new editor is checked like a saved one.
    documentSelector: LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
    // No synchronize.configurationSection (deprecated): the server pulls settings per resource and registers for changes.
    outputChannel: output,
    initializationOptions: {
      hoverImages: config.get<boolean>('hover.images', true) ? { color: formulaColor() } : undefined,
      statusNotifications: true,
    },
    middleware: {
      async provideCodeLenses(document, token, next) {
        const lenses = await next(document, token);
        for (const lens of lenses ?? []) {
          const c = lens.command;
          if (c?.command === SERVER_COMMANDS.checkGradient) c.command = CLIENT_COMMANDS.check;
          else if (c?.command === SERVER_COMMANDS.plotData) c.command = CLIENT_COMMANDS.plot;
          else continue;
          // The lens stands on the finding's first line: the plot follows the finding by it.
          c.arguments = (c.arguments ?? []).map((a: unknown) => (typeof a === 'object' && a !== null ? { ...a, line: lens.range.start.line } : a));
        }
        return lenses;
      },
    },
  };
  return new LanguageClient('gradlens', 'GradLens', serverOptions, clientOptions);
}
