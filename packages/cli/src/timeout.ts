/**
 * `--timeout S`. Requests get a default (a peer that never answers must not hang the command);
 * any length is honoured, including beyond setTimeout's 2^31-1 ms.
 */
import { UsageError } from './errors.js';

/** Default timeout of a request, and of the gap between the messages of a dump. */
export const DEFAULT_TIMEOUT_S = 30;

/**
 * Milliseconds from `--timeout S`: seconds, with up to millisecond decimals; 0 means none.
 * Refused: negatives, non-numbers, exponents, and more than Number.MAX_SAFE_INTEGER ms.
 */
export function parseTimeout(v: string | undefined, command: string, fallbackSeconds?: number): number | undefined {
  if (v === undefined) return fallbackSeconds === undefined ? undefined : fallbackSeconds * 1000;
  const m = /^([0-9]+)(?:\.([0-9]{1,3}))?$/.exec(v);
  const ms = m ? Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0')) : NaN;
  if (!Number.isSafeInteger(ms)) {
    throw new UsageError(`--timeout must be a number of seconds, 0 or more, with at most 3 decimals (got ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)})`, command);
  }
  return ms;
}

const MAX_DELAY = 0x7fffffff;

/** Calls `fn` after `ms` (any length: longer delays are chained); returns the canceller. */
export function after(ms: number, fn: () => void): () => void {
  const due = Date.now() + ms;
  let handle: ReturnType<typeof setTimeout>;
  const step = () => {
    const left = due - Date.now();
    if (left > 0) handle = setTimeout(step, Math.min(left, MAX_DELAY));
    else fn();
  };
  handle = setTimeout(step, Math.min(ms, MAX_DELAY));
  return () => clearTimeout(handle);
}
