/**
 * JSON output: bigint as a number when it is exact, else as a string; bytes as hex; the same
 * camelCase property names as the TypeScript API.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}

/** A plain JSON value for anything the runtime decodes. */
export function toJsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return hex(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toJsonValue(x)]));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJsonValue(x);
    return out;
  }
  return v;
}

export function stringify(v: unknown, indent?: number): string {
  return JSON.stringify(toJsonValue(v), null, indent);
}

/** Writes to a stream, waiting for 'drain' when the stream asks for it. */
export class Sink {
  constructor(readonly stream: Writable = process.stdout) {}

  async write(s: string): Promise<void> {
    if (!this.stream.write(s)) await once(this.stream, 'drain');
  }
}

/**
 * A JSON array written element by element: `[`, the items, `]`. Nothing is held back, so a
 * dump of any size runs in constant memory.
 */
export class JsonArrayWriter {
  private n = 0;
  constructor(private readonly sink: Sink) {}

  async item(v: unknown): Promise<void> {
    const body = stringify(v, 2).replace(/\n/g, '\n  ');
    await this.sink.write(`${this.n++ === 0 ? '[\n  ' : ',\n  '}${body}`);
  }

  async end(): Promise<void> {
    await this.sink.write(this.n === 0 ? '[]\n' : '\n]\n');
  }
}

export async function writeJson(sink: Sink, v: unknown): Promise<void> {
  await sink.write(`${stringify(v, 2)}\n`);
}
