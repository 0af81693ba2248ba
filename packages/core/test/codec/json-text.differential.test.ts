/**
 * JSON text written straight from a message's bytes (replyText) against the text of the decoded
 * object: for every family in schemas/, on random replies, mutated and hostile variants of them,
 * and every message in the golden files (the kernel's own for the rtnetlink and tc families),
 * whenever the writer takes a message its text is exactly the decoded object's, and when it
 * leaves a message to the decoder it has written nothing. It must also take most messages:
 * a writer that declined everything would pass the first check and be useless.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Rng, mutate } from '@nlkit/testkit';
import { DecodeError, NLMSG_HDRLEN, TextOut, formatHex, readHeader, replyText, type FamilyRuntime, type MessageText } from '../core.js';
import { IrArbitraries, decodableOps, loadFamilies, replyBytes } from '../fuzz/gen.js';
import { hostile } from '../fuzz/hostile.js';

/** The CLI's JSON forms, as a replacer: bigint a number when exact, bytes as hex, Map an object. */
function valueText(v: unknown): string {
  return JSON.stringify(v, function (this: Record<string, unknown>, k, x: unknown) {
    const raw = this[k];
    if (typeof raw === 'bigint') return raw >= BigInt(Number.MIN_SAFE_INTEGER) && raw <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(raw) : raw.toString();
    if (raw instanceof Uint8Array) return formatHex(raw);
    if (raw instanceof Map) return Object.fromEntries(raw);
    return x;
  });
}

interface Tally {
  taken: number;
  left: number;
}

/** Checks one message: the writer's text, when it gives one, is the decoded object's text. */
function check(rt: FamilyRuntime, opName: string, writer: MessageText | undefined, bytes: Uint8Array, tally: Tally): void {
  // The body as it stands after the nlmsghdr, whatever nlmsg_len says (mutations change it).
  if (bytes.length < NLMSG_HDRLEN) return;
  const m = { ...readHeader(bytes, 0), buf: bytes, start: NLMSG_HDRLEN, end: bytes.length };
  const out = new TextOut(16);
  out.text('#'); // the writer appends: what was there stays
  const taken = writer?.(m.buf, m.start, m.end, out) ?? false;
  const written = out.length;
  const text = Buffer.from(out.take()).toString('utf8').slice(1);
  let expected: string;
  try {
    expected = valueText(rt.decodeMessage(rt.op(opName), m));
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    expected = `DecodeError ${err.message}`;
  }
  if (!taken) {
    expect(written).toBe(1);
    tally.left++;
    return;
  }
  if (text !== expected) expect({ input: Buffer.from(bytes).toString('hex'), text }).toEqual({ input: Buffer.from(bytes).toString('hex'), text: expected });
  tally.taken++;
}

const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

describe('JSON text from bytes = JSON text of the decoded object', () => {
  const total: Tally = { taken: 0, left: 0 };

  for (const { file, rt } of loadFamilies()) {
    it(`${file}: random, mutated and hostile replies`, () => {
      const arbs = new IrArbitraries(rt.ir, { maxDepth: 3, maxItems: 2 });
      const rng = new Rng(0x7e47 ^ file.length);
      const tally: Tally = { taken: 0, left: 0 };
      for (const op of decodableOps(rt)) {
        const writer = replyText(rt, op.name, valueText, { bigintAsNumber: true });
        for (const value of fc.sample(arbs.message(op), { numRuns: 15, seed: 11 + op.name.length })) {
          let bytes: Uint8Array;
          try {
            bytes = replyBytes(rt, op, value);
          } catch {
            continue; // a generated value the encoder refuses (schema checks) is not a message
          }
          for (const input of [bytes, mutate(rng, bytes), hostile(rng, rt.ir, op, bytes)]) check(rt, op.name, writer, input, tally);
        }
      }
      expect(tally.taken + tally.left).toBeGreaterThan(30);
      total.taken += tally.taken;
      total.left += tally.left;
    });
  }

  it('golden messages, the kernel-captured ones included', () => {
    const families = new Map(loadFamilies().map((f) => [f.ir.name, f.rt]));
    const tally: Tally = { taken: 0, left: 0 };
    for (const f of readdirSync(GOLDEN_DIR).filter((n) => n.endsWith('.json'))) {
      const golden = JSON.parse(readFileSync(GOLDEN_DIR + f, 'utf8')) as { family: string; cases: Array<{ op: string; source: string; hex: string }> };
      const rt = families.get(golden.family)!;
      expect(rt, golden.family).toBeDefined();
      const writers = new Map<string, MessageText | undefined>();
      for (const c of golden.cases) {
        if (c.source === 'request') continue;
        if (!writers.has(c.op)) writers.set(c.op, replyText(rt, c.op, valueText, { bigintAsNumber: true }));
        check(rt, c.op, writers.get(c.op), Buffer.from(c.hex, 'hex'), tally);
      }
    }
    // Kernel dumps are mostly plain: the writer takes the larger part of them.
    expect(tally.taken).toBeGreaterThan(tally.left);
    total.taken += tally.taken;
    total.left += tally.left;
  });

  it('takes a fair share of all messages', () => {
    expect(total.taken).toBeGreaterThan((total.taken + total.left) / 4);
  });
});
