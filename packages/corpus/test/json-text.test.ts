/**
 * The captured corpus through core's JSON text writer: for every message the kernel sent that the
 * writer takes, the text written straight from the bytes is the decoded object's JSON text, byte
 * for byte (bigint as a number when exact, bytes as hex: the CLI's forms). It must take most of
 * them, or it would be checking nothing.
 */
import { describe, expect, it } from 'vitest';
import { TextOut, formatHex, replyText, splitMessages, type MessageText } from '@nlkit/core/wire';
import { readGoldens } from '../src/index.js';
import { runtimeOf } from '../src/families.js';

function valueText(v: unknown): string {
  return JSON.stringify(v, function (this: Record<string, unknown>, key, x: unknown) {
    const raw = this[key];
    if (typeof raw === 'bigint') return raw >= BigInt(Number.MIN_SAFE_INTEGER) && raw <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(raw) : raw.toString();
    if (raw instanceof Uint8Array) return formatHex(raw);
    return x;
  });
}

describe('capture corpus goldens as JSON text from the bytes', () => {
  it('the writer\'s text is the decoded object\'s for every message it takes, and it takes most', () => {
    let taken = 0;
    let left = 0;
    const differ: string[] = [];
    for (const g of readGoldens()) {
      const rt = runtimeOf(g.family);
      const writer: MessageText | undefined = replyText(rt, g.op, valueText, { bigintAsNumber: true });
      g.messages.forEach((msg, i) => {
        const m = splitMessages(Uint8Array.from(Buffer.from(msg.hex, 'hex')))[0]!;
        const out = new TextOut();
        if (!writer?.(m.buf, m.start, m.end, out)) {
          left++;
          return;
        }
        taken++;
        const text = Buffer.from(out.take()).toString('utf8');
        const expected = valueText(rt.decodeMessage(rt.op(g.op), m));
        if (text !== expected) differ.push(`${g.name} #${i}`);
      });
    }
    expect(differ).toEqual([]);
    expect(taken).toBeGreaterThan(3 * left);
  });
});
