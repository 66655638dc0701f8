/**
 * What the terminal the CLI writes to can show, decided once from the environment, and how output
 * leaves the process. Only main.ts reads `process`; formatters get a TerminalStyle.
 */

export interface TerminalStyle {
  /** ANSI colours (bold, red, yellow…). */
  color: boolean;
  /** A code frame (the source line, the claim underlined) under each error and warning. */
  frames: boolean;
  /** Columns a code frame may use. */
  width: number;
}

/** Plain output: what a pipe, a file or a CI log gets, unchanged from earlier versions. */
export const PLAIN: TerminalStyle = { color: false, frames: false, width: 100 };

/**
 * The convention most command-line tools share (and Node's own util.inspect follows):
 * FORCE_COLOR (any value but 0/false) turns colour on even when piped, NO_COLOR (any non-empty
 * value) turns it off, otherwise colour follows whether stdout is a terminal (TERM=dumb is not).
 * Code frames are layout, not colour: they come with a terminal or FORCE_COLOR, and NO_COLOR keeps
 * them uncoloured. A pipe gets neither, so scripts reading the output see exactly the old lines.
 */
export function terminalStyle(env: NodeJS.ProcessEnv, isTTY: boolean, columns: number | undefined): TerminalStyle {
  const force = env.FORCE_COLOR !== undefined && !/^(0|false)$/i.test(env.FORCE_COLOR);
  const forcedOff = env.FORCE_COLOR !== undefined && !force;
  const tty = isTTY && env.TERM !== 'dumb';
  const frames = force || (tty && !forcedOff);
  const color = force || (tty && !forcedOff && !(env.NO_COLOR !== undefined && env.NO_COLOR !== ''));
  const width = Math.max(40, Math.min(columns && columns > 0 ? columns : 100, 160));
  return { color, frames, width };
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39], green: [32, 39], blue: [34, 39] } as const;
export type Paint = (code: keyof typeof CODES, text: string) => string;

export function painter(style: TerminalStyle): Paint {
  if (!style.color) return (_c, t) => t;
  return (c, t) => `\u001b[${CODES[c][0]}m${t}\u001b[${CODES[c][1]}m`;
}

/**
 * A CLI that feels like a compiler exits quietly when its reader goes away (`| head`): the
 * write fails with EPIPE, asynchronously, after the output was handed over. Without a handler
 * that is an unhandled 'error' event and a stack trace; with it the process ends with the status
 * it had already decided. Other write errors (a full disk) still surface.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void, status: () => number): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') exit(status());
    else throw e;
  });
}
