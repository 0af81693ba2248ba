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

/** Messages the text writer gets before it must have taken at least half. */
const TRIAL = 16;

/**
 * Dump replies as JSON lines written straight from their bytes (core's replyText), in chunks
 * of CHUNK_BYTES. A message the text writer leaves alone (see json-text.ts) is decoded and
 * serialised instead: the lines are the same either way.
 */
export class NdjsonBytesWriter {
  private readonly out = new TextOut();
  private text: ReturnType<typeof replyText>;
  private readonly op;
  /** Messages tried and left to the decoder so far (see batch). */
  private tried = 0;
  private left = 0;

  constructor(private readonly sink: Sink, private readonly runtime: FamilyRuntime, opName: string) {
    this.text = replyText(runtime, opName, compact, { bigintAsNumber: true });
    this.op = runtime.op(opName);
  }

  /** Writes a batch of reply messages; resolves at once unless the output is full. */
  batch(messages: readonly NlMessage[]): Promise<void> | void {
    const { out } = this;
    for (const m of messages) {
      const text = this.text;
      if (text) this.tried++;
      if (!text?.(m.buf, m.start, m.end, out)) {
        out.text(compact(this.runtime.decodeMessage(this.op, m)));
        // A writer that leaves most messages to the decoder (their attributes are of kinds it
        // does not write) only costs time: after a fair trial, the rest go to the decoder.
        if (text && ++this.left * 2 > this.tried && this.tried >= TRIAL) this.text = undefined;
      }
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
