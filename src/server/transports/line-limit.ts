import { Transform, type TransformCallback } from 'node:stream';

/** The largest JSON-RPC message accepted on stdio (one line), matching the HTTP body limit. */
export const DEFAULT_MAX_LINE_BYTES = 2 * 1024 * 1024;

/** Finds the JSON-RPC id near the start of a message, so a refusal can still be correlated by the client. */
export function sniffJsonRpcId(head: string): string | number | null {
  const m = /"id"\s*:\s*("(?:[^"\\\n]|\\.){0,256}"|-?\d{1,15})/.exec(head);
  if (!m) return null;
  try {
    return JSON.parse(m[1]!) as string | number;
  } catch {
    return null;
  }
}

/**
 * Passes newline-delimited input through, except lines longer than `maxBytes`: those are dropped whole and reported
 * through `onDrop` with the first bytes of the line. Without this, one oversize message would make the SDK's stdio
 * transport close the connection; with it, the session survives and the client gets an error for that request.
 */
export class LineLimit extends Transform {
  /** The current line's pieces: a line is passed on only once it is complete and within the limit. */
  private pieces: Buffer[] = [];
  private lineBytes = 0;
  private head = '';

  constructor(
    private readonly maxBytes: number,
    private readonly onDrop: (head: string, bytes: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl + 1;
      const piece = chunk.subarray(start, end);
      if (this.lineBytes === 0) this.head = piece.subarray(0, 1024).toString('utf8');
      this.lineBytes += piece.length;
      // Past the limit, stop keeping the line: memory stays bounded however long it gets.
      if (this.lineBytes <= this.maxBytes) this.pieces.push(piece);
      else this.pieces = [];
      if (nl !== -1) {
        if (this.lineBytes <= this.maxBytes) this.push(Buffer.concat(this.pieces));
        else this.onDrop(this.head, this.lineBytes);
        this.pieces = [];
        this.lineBytes = 0;
      }
      start = end;
    }
    callback();
  }
}
