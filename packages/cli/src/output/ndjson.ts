/** Newline-delimited JSON: one compact object per line, written as it arrives. */
import type { Sink } from './json.js';
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
