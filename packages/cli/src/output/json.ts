/**
 * JSON output: bigint as a number when it is exact, else as a string; bytes as hex; the same
 * camelCase property names as the TypeScript API.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { formatHex } from '@nlkit/core/wire';
import { compact, indented } from './serialize.js';

/** A plain JSON value for anything the runtime decodes. */
export function toJsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return formatHex(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toJsonValue(x)]));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJsonValue(x);
    return out;
  }
  return v;
}

/** JSON text of a decoded value: compact, or indented by `indent` spaces. */
export function stringify(v: unknown, indent?: number): string {
  return indent ? indented(v, indent) : compact(v);
}

/** Text is held until this much is waiting, then written as one chunk. */
export const CHUNK_BYTES = 64 * 1024;

/**
 * Writes to a stream in large chunks, waiting for 'drain' when the stream asks for it. Text
 * waits in memory until CHUNK_BYTES have gathered or the event loop is about to wait for I/O
 * (setImmediate), so a dump is written in a few large writes and a notification still shows
 * at once.
 */
export class Sink {
  private held = '';
  private scheduled = false;
  private draining: Promise<void> | undefined;

  constructor(readonly stream: Writable = process.stdout) {}

  /**
   * Writes a chunk of UTF-8 bytes now, after any text held; `written` runs once the stream is
   * done with it. Resolves when the stream can take more.
   */
  writeBytes(b: Uint8Array, written?: () => void): Promise<void> | void {
    this.flush();
    if (!this.stream.write(b, written)) this.draining ??= once(this.stream, 'drain').then(() => { this.draining = undefined; });
    return this.draining;
  }

  /** Queues text; resolves at once unless a full chunk went out and the stream is full. */
  write(s: string): Promise<void> | void {
    this.held += s;
    if (this.held.length >= CHUNK_BYTES) return this.flush();
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        if (this.held) void this.flush();
      });
    }
  }

  /** Writes what is held; resolves when the stream can take more. */
  flush(): Promise<void> | void {
    if (this.held) {
      const s = this.held;
      this.held = '';
      if (!this.stream.write(s)) this.draining ??= once(this.stream, 'drain').then(() => { this.draining = undefined; });
    }
    return this.draining;
  }
}

/**
 * A JSON array written element by element: `[`, the items, `]`. Nothing is held back, so a
 * dump of any size runs in constant memory.
 */
export class JsonArrayWriter {
  private n = 0;
  constructor(private readonly sink: Sink) {}

  item(v: unknown): Promise<void> | void {
    return this.sink.write(`${this.n++ === 0 ? '[\n  ' : ',\n  '}${indented(v, 2, '  ')}`);
  }

  async end(): Promise<void> {
    await this.sink.write(this.n === 0 ? '[]\n' : '\n]\n');
    await this.sink.flush();
  }
}

export async function writeJson(sink: Sink, v: unknown): Promise<void> {
  await sink.write(`${stringify(v, 2)}\n`);
  await sink.flush();
}
