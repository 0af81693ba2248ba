/**
 * Input files (`--json @FILE`, `--json -`, `decode --file`) are read whole, up to a cap: a
 * request is a few KiB, and `--json @/dev/zero` must end at once rather than fill memory.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { RequestError } from './errors.js';

export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

const CHUNK = 1 << 20;

/** Sleeps without returning to the event loop (a non-blocking stdin that has nothing yet). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads `source` (a path, or 0 for stdin) up to MAX_INPUT_BYTES; `what` names it in errors. */
export function readInput(source: string | 0, what: string): Buffer {
  let fd: number;
  try {
    fd = source === 0 ? 0 : openSync(source, 'r');
  } catch (err) {
    throw new RequestError(`${what}: ${(err as Error).message}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      // One byte past the cap tells "exactly at the cap" from "over it".
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, MAX_INPUT_BYTES + 1 - total));
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          pause(5);
          continue;
        }
        if (code === 'EOF') break;
        throw new RequestError(`${what}: ${(err as Error).message}`);
      }
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > MAX_INPUT_BYTES) throw new RequestError(`${what}: input is larger than the ${MAX_INPUT_BYTES / 1024 / 1024} MiB limit`);
    }
  } finally {
    if (source !== 0) closeSync(fd);
  }
  return Buffer.concat(chunks, total);
}
