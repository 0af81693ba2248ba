/** Newline-delimited JSON: one compact object per line, written as it arrives. */
import { TextOut, replyText, type NlMessage } from '@nlkit/core/wire';
import type { FamilyRuntime } from '@nlkit/core';
import { CHUNK_BYTES, type Sink } from './json.js';
import { compact } from './serialize.js';

export class NdjsonWriter {
  constructor(private readonly sink: Sink) {}

  item(v: unknown): Promise<void> | void {
    return this.sink.write(`${compact(v)}\n`);
  }

  async end(): Promise<void> {
    await this.sink.flush();
  }
}

/**
 * Dump replies as JSON lines written straight from their bytes (core's replyText), in chunks
 * of CHUNK_BYTES. A message the text writer leaves alone (see json-text.ts) is decoded and
 * serialised instead: the lines are the same either way.
 */
export class NdjsonBytesWriter {
  private readonly out = new TextOut();
  private readonly text: ReturnType<typeof replyText>;
  private readonly op;

  constructor(private readonly sink: Sink, private readonly runtime: FamilyRuntime, opName: string) {
    this.text = replyText(runtime, opName, compact);
    this.op = runtime.op(opName);
  }

  /** Writes a batch of reply messages; resolves at once unless the output is full. */
  batch(messages: readonly NlMessage[]): Promise<void> | void {
    const { out, text } = this;
    for (const m of messages) {
      if (!text?.(m.buf, m.start, m.end, out)) out.text(compact(this.runtime.decodeMessage(this.op, m)));
      out.byte(0x0a);
    }
    if (out.length >= CHUNK_BYTES) return this.send();
  }

  async end(): Promise<void> {
    if (this.out.length > 0) await this.send();
    await this.sink.flush();
  }

  /** Writes what is ready; its bytes are written over again only once the stream has them. */
  private send(): Promise<void> | void {
    const piece = this.out.take();
    return this.sink.writeBytes(piece, () => this.out.release(piece));
  }
}
