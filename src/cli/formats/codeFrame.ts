/**
 * A code frame like a modern compiler's: the source line of a finding with its span underlined.
 * Lines of derivations are often long (a whole paragraph of LaTeX on one line), so the frame shows
 * a window of the line around the claim, cut with "…", that fits the terminal.
 */
import type { SourceRange } from '../../latex/types.js';
import type { Paint } from '../terminal.js';

export function codeFrame(lines: readonly string[], range: SourceRange, width: number, paint: Paint, tone: 'red' | 'yellow'): string[] {
  const row = range.start.line;
  const raw = lines[row];
  if (raw === undefined) return [];
  // Tabs become one space each so the underline's columns stay the text's columns.
  const text = raw.replace(/\r$/, '').replace(/\t/g, ' ');
  const start = Math.min(range.start.character, text.length);
  const end = range.end.line > row ? text.length : Math.max(start + 1, Math.min(range.end.character, text.length));
  const number = String(row + 1);
  const gutter = number.length + 3;
  const room = Math.max(20, width - gutter - 3);
  let from = 0;
  let to = text.length;
  if (text.length > room) {
    // Keep the claim's start in view with a little context before it; show as much of it as fits.
    from = Math.max(0, Math.min(start - 12, text.length - room));
    to = Math.min(text.length, from + room);
  }
  const shown = `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  const lead = from > 0 ? 1 : 0;
  const markFrom = start - from + lead;
  const markLen = Math.max(1, Math.min(end, to) - start);
  const bar = paint('blue', '|');
  return [
    `${' '.repeat(gutter - 1)}${bar}`,
    `${paint('blue', `${number} |`.padStart(gutter))} ${shown}`,
    `${' '.repeat(gutter - 1)}${bar} ${' '.repeat(markFrom)}${paint(tone, `^${'~'.repeat(markLen - 1)}`)}`,
  ];
}
