/**
 * Base-protocol framing checked before the JSON-RPC reader sees it. vscode-jsonrpc's reader stops
 * for good at a header without a usable Content-Length (missing, negative, not a number): it keeps
 * the bad header in its buffer and never reads another message, so the server lives on deaf. Here a
 * malformed frame is skipped up to the next `Content-Length:` header and reported, and every frame
 * passed on is well formed, so one bad write from a client costs one message, not the session.
 */
import { Transform, type TransformCallback } from 'node:stream';

const SEPARATOR = Buffer.from('\r\n\r\n', 'ascii');
const HEADER_NAME = /content-length/i;
/** A header section longer than this without a blank line is not a header. */
const MAX_HEADER_BYTES = 8192;
/** Frames beyond this are refused (the server refuses documents above 10 MB anyway). */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;

export class FrameGuard extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** The body length of the frame whose header has been read, or -1. */
  private pending = -1;

  constructor(private readonly report: (problem: string) => void) { super(); }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try { this.drain(); } catch (e) { this.report(`framing: ${(e as Error).message}`); this.buffer = Buffer.alloc(0); this.pending = -1; }
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.pending < 0) {
        const end = this.buffer.indexOf(SEPARATOR);
        if (end < 0) {
          if (this.buffer.length > MAX_HEADER_BYTES) this.resync('a header section without an end', 1);
          return;
        }
        const length = contentLength(this.buffer.subarray(0, end).toString('ascii'));
        if (typeof length === 'string') { this.resync(length, end + SEPARATOR.length); continue; }
        this.buffer = this.buffer.subarray(end + SEPARATOR.length);
        this.pending = length;
      }
      if (this.buffer.length < this.pending) return;
      const body = this.buffer.subarray(0, this.pending);
      this.buffer = this.buffer.subarray(this.pending);
      this.pending = -1;
      this.push(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
    }
  }

  /** Drops bytes up to the next Content-Length header at or after `from`. */
  private resync(problem: string, from: number): void {
    this.report(`framing: ${problem}; skipped to the next message`);
    const rest = this.buffer.subarray(from).toString('latin1');
    const m = HEADER_NAME.exec(rest);
    this.buffer = m ? this.buffer.subarray(from + m.index) : Buffer.alloc(0);
  }
}

/** The Content-Length of a header section, or why there is none usable. */
function contentLength(header: string): number | string {
  let value: string | null = null;
  for (const line of header.split('\r\n')) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    if (line.slice(0, i).trim().toLowerCase() === 'content-length') value = line.slice(i + 1).trim();
  }
  if (value === null) return 'a header without Content-Length';
  if (!/^\d+$/.test(value)) return `a Content-Length that is not a non-negative integer (${JSON.stringify(value.slice(0, 40))})`;
  const n = Number(value);
  if (n > MAX_FRAME_BYTES) return `a Content-Length of ${n} bytes, beyond the ${MAX_FRAME_BYTES} accepted`;
  return n;
}
