/** The `gradlens` command line. Each subcommand returns its output and exit status; only this file touches process. */
import { ExpressionError } from '../core/index.js';
import { runCheck } from './check.js';
import { whenPythonReady } from '../code/lang/python/runtime.js';
import { runExpr } from './expr.js';
import { join } from 'node:path';
import { USAGE, UsageError } from './usage.js';
import { quietOnClosedPipe, terminalStyle } from './terminal.js';
import { runGrade } from './grade.js';
import { isGradeWorker, startGradeWorker } from './gradeWorker.js';
import { isMainThread, workerData } from 'node:worker_threads';

declare const GRADLENS_VERSION: string | undefined;

function version(): string {
  return typeof GRADLENS_VERSION === 'string' ? GRADLENS_VERSION : 'dev';
}

/**
 * The language server is its own bundle beside this one (dist/server.js, which starts it when
 * loaded): the LSP libraries stay out of every `gradlens check`'s start-up, and the server runs
 * exactly as `node dist/server.js --stdio` does (it finds its workers beside it).
 */
function startLanguageServer(): void {
  const serverBundle = join(__dirname, 'server.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require as (id: string) => unknown)(serverBundle);
}

export function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined: case '-h': case '--help': case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      case '-v': case '--version':
        process.stdout.write(`${version()}\n`);
        return 0;
      case 'check':
        // Python files and notebooks need the parser, which loads asynchronously (once).
      {
        const done = whenPythonReady(rest, () => {
          const r = runCheck(rest, terminalStyle(process.env, process.stdout.isTTY === true, process.stdout.columns), version());
          process.stdout.write(`${r.output}\n`);
          return r.exitCode;
        });
        return done instanceof Promise ? done.catch((e: unknown) => failure(e)) : done;
      }
      case 'expr': {
        const r = runExpr(rest);
        process.stdout.write(`${r.output}\n`);
        return r.exitCode;
      }
      case 'grade':
        // Workers run this same bundle (see the end of this file).
        return Promise.resolve(whenPythonReady(rest, () => 0)).then(() => runGrade(rest, { version: version(), stderr: process.stderr, workerScript: __filename })).then((r) => {
          process.stdout.write(`${r.output}\n`);
          return r.exitCode;
        }, (e: unknown) => failure(e));
      case 'lsp': // the language server: `gradlens lsp --stdio`; it keeps the process alive until `exit`
        startLanguageServer();
        return 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (e) {
    return failure(e);
  }
}

function failure(e: unknown): number {
  if (e instanceof UsageError || e instanceof ExpressionError) {
    process.stderr.write(`gradlens: ${e.message}\n${e instanceof UsageError ? 'Run `gradlens --help` for usage.\n' : ''}`);
    return 2;
  }
  process.stderr.write(`gradlens: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  return 3;
}

if (!isMainThread && isGradeWorker(workerData)) {
  startGradeWorker();
} else {
  quietOnClosedPipe(process.stdout, (code) => process.exit(code), () => Number(process.exitCode ?? 0));
  const status = main(process.argv.slice(2));
  if (typeof status === 'number') process.exitCode = status;
  else void status.then((code) => { process.exitCode = code; });
}
