/** A record writer for a chosen format. */
import { JsonArrayWriter, Sink } from './json.js';
import { NdjsonWriter } from './ndjson.js';
import { PrettyWriter, palette } from './pretty.js';

export interface RecordWriter {
  /** Resolves at once unless the output is full: `await` it, or check for a promise. */
  item(v: unknown, heading?: string): Promise<void> | void;
  end(): Promise<void>;
}

export function recordWriter(fmt: string, sink = new Sink()): RecordWriter {
  if (fmt === 'ndjson') return new NdjsonWriter(sink);
  if (fmt === 'pretty') return new PrettyWriter(sink, palette(sink.stream as typeof process.stdout));
  return new JsonArrayWriter(sink);
}
