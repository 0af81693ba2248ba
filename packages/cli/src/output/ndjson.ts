/** Newline-delimited JSON: one compact object per line, written as it arrives. */
import { stringify, type Sink } from './json.js';

export class NdjsonWriter {
  constructor(private readonly sink: Sink) {}

  async item(v: unknown): Promise<void> {
    await this.sink.write(`${stringify(v)}\n`);
  }

  async end(): Promise<void> {}
}
