/**
 * Request JSON. A small strict parser rather than JSON.parse: errors give line and column,
 * and integers beyond 2^53 become bigint so u64 values survive.
 */
import { RequestError } from './errors.js';

/** Digits in an integer literal: u64 needs 20; far more is a mistake (and slow to convert). */
const MAX_DIGITS = 40;

/** The request as a JSON object; anything else (null, an array, a scalar) is refused. */
export function parseRequestObject(text: string, what = '--json'): Record<string, unknown> {
  const v = parseRequestJson(text, what);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    const got = v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'bigint' ? 'a number' : `a ${typeof v}`;
    throw new RequestError(`${what}: the request must be a JSON object such as {"name": value}, got ${got}`);
  }
  return v as Record<string, unknown>;
}

export function parseRequestJson(text: string, what = '--json'): unknown {
  let i = 0;
  const fail = (msg: string, at = i): never => {
    const before = text.slice(0, at);
    let line = 1;
    for (let k = before.indexOf('\n'); k >= 0; k = before.indexOf('\n', k + 1)) line++;
    const column = at - before.lastIndexOf('\n');
    // One line: a short excerpt around the position, as JSON so control characters show.
    const near = JSON.stringify(text.slice(Math.max(0, at - 20), at + 20));
    throw new RequestError(`${what}: invalid JSON at line ${line}, column ${column} (position ${at}): ${msg}, near ${near}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const value = (depth: number): unknown => {
    if (depth > 64) fail('nested too deeply');
    ws();
    const c = text[i];
    if (c === undefined) return fail('unexpected end of input');
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') { i++; return out; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${found()}`);
        const key = str();
        ws();
        if (text[i] !== ':') fail(`expected ':' after property name, found ${found()}`);
        i++;
        if (Object.prototype.hasOwnProperty.call(out, key)) fail(`duplicate property ${JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key)}`, i);
        Object.defineProperty(out, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return out; }
        fail(`expected ',' or '}', found ${found()}`);
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') { i++; return out; }
      for (;;) {
        out.push(value(depth + 1));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return out; }
        fail(`expected ',' or ']', found ${found()}`);
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c >= '0' && c <= '9')) return num();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) { i += word.length; return v; }
    }
    return fail(`unexpected ${found()}`);
  };
  const found = () => (i >= text.length ? 'end of input' : JSON.stringify(text[i]));
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('control character in string');
      i++;
    }
    if (i >= text.length) fail('unterminated string', start);
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('bad escape in string', start);
    }
  };
  const num = (): number | bigint => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 4096));
    if (!m) return fail('bad number');
    if (m[0].length > MAX_DIGITS + 1 || m[0].length === 4096) return fail(`number of more than ${MAX_DIGITS} digits`);
    i += m[0].length;
    if (!m[2] && !m[3]) {
      const n = Number(m[0]);
      if (!Number.isSafeInteger(n)) return BigInt(m[0]);
      return n;
    }
    return Number(m[0]);
  };
  const v = value(0);
  ws();
  if (i < text.length) fail(`unexpected ${found()} after the value`);
  return v;
}
