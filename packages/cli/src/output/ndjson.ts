/** Newline-delimited JSON: one compact object per line, written as it arrives. */
import { TextOut, replyText, type MessageText, type NlMessage } from '@nlkit/core/wire';
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
 * Messages decoded before the text writer is built: it is generated code, which a small dump
 * (most commands print a few objects) would spend more time building than it saves.
 */
const WARM_UP = 64;

/** Messages the text writer gets before it must have taken at least half. */
const TRIAL = 16;

/**
 * Dump replies as JSON lines written straight from their bytes (core's replyText), in chunks
 * of CHUNK_BYTES. A message the text writer leaves alone (see json-text.ts) is decoded and
 * serialised instead: the lines are the same either way.
 */
export class NdjsonBytesWriter {
  private readonly out = new TextOut();
  /** The text writer: none yet (the first WARM_UP messages), or none any more (it left most to the decoder). */
  private text: MessageText | undefined;
  private readonly op;
  /** Messages seen; messages tried and left to the decoder by the text writer (see batch). */
  private seen = 0;
  private tried = 0;
  private left = 0;

  constructor(private readonly sink: Sink, private readonly runtime: FamilyRuntime, private readonly opName: string) {
    this.op = runtime.op(opName);
  }

  /** Writes a batch of reply messages; resolves at once unless the output is full. */
  batch(messages: readonly NlMessage[]): Promise<void> | void {
    const { out } = this;
    for (const m of messages) {
      if (++this.seen === WARM_UP) this.text = replyText(this.runtime, this.opName, compact, { bigintAsNumber: true });
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
