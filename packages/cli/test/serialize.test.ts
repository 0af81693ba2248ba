/**
 * The output serialiser (JSON.stringify with toJSON forms for bigint, bytes and Map) must give exactly
 * the text the CLI wrote before: JSON.stringify of toJsonValue (bigint as a number when exact,
 * else a string; bytes as hex; Map as an object; undefined properties left out).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { FamilyClient, defineFamily } from '@nlkit/core';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { compact, indented } from '../src/output/serialize.js';
import { JsonArrayWriter, Sink, toJsonValue, CHUNK_BYTES } from '../src/output/json.js';
import { NdjsonWriter } from '../src/output/ndjson.js';
import { REPO } from './helpers.js';

/** The CLI's output before the serialiser: a JSON-shaped copy, then JSON.stringify. */
const reference = (v: unknown, indent?: number) => JSON.stringify(toJsonValue(v), null, indent);

const leaf = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', 'a"b', 'back\\slash', 'tab\there', '\u2028', '\ud800', 'é', '10.0.0.1', 'fe80::1'),
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 2 ** 53, -(2 ** 53)),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.constantFrom(2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n) + 1n, -(2n ** 53n), 0n, 2n ** 64n - 1n),
  fc.uint8Array({ maxLength: 40 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const key = fc.oneof(fc.constantFrom('ifname', 'header', 'rtmFlags', 'a"b', 'ü', '0', '12', '__proto__x'), fc.string({ maxLength: 6 }));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, tie('arr'), tie('obj'), tie('map')),
  arr: fc.array(tie('v'), { maxLength: 6 }),
  obj: fc.dictionary(key, tie('v'), { maxKeys: 8 }),
  map: fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom('x', 'y')), tie('v')), { maxLength: 4 }).map((e) => new Map(e)),
})).v;

describe('JSON serialiser', () => {
  it('writes the same text as JSON.stringify(toJsonValue(v)), compact and indented', () => {
    fc.assert(fc.property(value, (v) => {
      expect(compact(v)).toBe(reference(v));
      expect(indented(v, 2)).toBe(reference(v, 2));
    }), { numRuns: 3000 });
  });

  it('keeps the edge cases of JSON.stringify', () => {
    const cases: unknown[] = [
      { a: undefined, b: () => 1, c: Symbol('s'), d: 1 },
      [undefined, () => 1, 1],
      { n: -0, big: 2n ** 64n - 1n, small: -5n, bytes: new Uint8Array([0, 255, 16]), empty: new Uint8Array(0) },
      { nested: { deeper: [[], {}, [{}]] } },
      Buffer.from('hi'),
      new Map([[1, 'one'], ['two', 2n]]),
      'lone \udc00 surrogate',
      '\u0000\u001f"\\',
      'x'.repeat(100),
    ];
    for (const v of cases) {
      expect(compact(v)).toBe(reference(v));
      expect(indented(v, 2)).toBe(reference(v, 2));
    }
  });

  it('writes dumps in chunks with the same bytes: ndjson and json array writers', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({ header: { n: i, flags: ['up', 'running'] }, name: `eth${i}`, bytes: new Uint8Array([i & 255]), rx: BigInt(i) * 2n ** 40n }));
    const run = async (make: (s: Sink) => { item(v: unknown): Promise<void> | void; end(): Promise<void> }) => {
      const stream = new PassThrough();
      const chunks: string[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c.toString()));
      const w = make(new Sink(stream));
      for (const r of records) await w.item(r);
      await w.end();
      return chunks;
    };
    const nd = await run((s) => new NdjsonWriter(s));
    expect(nd.join('')).toBe(records.map((r) => `${reference(r)}\n`).join(''));
    // Large writes, not one per record.
    expect(nd.length).toBeLessThan(records.length / 50);
    expect(Math.max(...nd.map((c) => c.length))).toBeGreaterThanOrEqual(CHUNK_BYTES);
    const js = await run((s) => new JsonArrayWriter(s));
    expect(js.join('')).toBe(`${reference(records, 2)}\n`);
  });

  it('writes a lone record without waiting for the chunk to fill', async () => {
    const stream = new PassThrough();
    const got = new Promise<string>((resolve) => stream.once('data', (c: Buffer) => resolve(c.toString())));
    const w = new NdjsonWriter(new Sink(stream));
    await w.item({ name: 'event' });
    expect(await got).toBe('{"name":"event"}\n');
  });
});

/** Dump operations that take an empty request, per family: what each kernel dump decodes to. */
function dumpOps(): Array<{ file: string; op: string }> {
  const out: Array<{ file: string; op: string }> = [];
  for (const file of readdirSync(join(REPO, 'schemas')).filter((f) => f.endsWith('.yaml')).sort()) {
    const ir = loadSchemaFileSync(join(REPO, 'schemas', file));
    for (const op of ir.operations) if (op.dump) out.push({ file, op: op.name });
  }
  return out;
}

describe('JSON serialiser on kernel replies', () => {
  kernelIt('every family\'s dumps serialise as JSON.stringify(toJsonValue(v)) does', () => withNetns(async (ns) => {
    // Something in each table: links of several kinds, addresses, routes, neighbours, rules, qdiscs.
    ns.ip('link', 'add', 'sa', 'type', 'veth', 'peer', 'name', 'sb');
    ns.ip('link', 'add', 'br0', 'type', 'bridge');
    ns.ip('link', 'set', 'sa', 'up');
    ns.ip('addr', 'add', '10.9.0.1/24', 'dev', 'sa');
    ns.ip('addr', 'add', 'fd00::1/64', 'dev', 'sa', 'nodad');
    ns.ip('route', 'add', '10.10.0.0/16', 'via', '10.9.0.2');
    ns.ip('neigh', 'add', '10.9.0.3', 'lladdr', '02:00:00:00:00:03', 'dev', 'sa');
    ns.ip('rule', 'add', 'from', '10.9.0.0/24', 'table', '100');
    ns.exec('tc', 'qdisc', 'add', 'dev', 'sa', 'root', 'handle', '1:', 'htb');
    const seen = new Map<string, number>();
    for (const { file, op } of dumpOps()) {
      const ir = loadSchemaFileSync(join(REPO, 'schemas', file));
      let client: FamilyClient;
      try {
        client = await FamilyClient.open(defineFamily(ir), { netns: ns.path, timeoutMs: 3000 });
      } catch {
        continue; // a generic family this kernel lacks
      }
      try {
        for await (const v of client.dumpRequest(op, {})) {
          expect(compact(v)).toBe(reference(v));
          expect(indented(v, 2)).toBe(reference(v, 2));
          seen.set(ir.name, (seen.get(ir.name) ?? 0) + 1);
        }
      } catch {
        /* a dump this family refuses without a filter */
      } finally {
        client.close();
      }
    }
    for (const family of ['rt-link', 'rt-addr', 'rt-route', 'rt-neigh', 'rt-rule', 'tc', 'nlctrl']) {
      expect(seen.get(family) ?? 0, family).toBeGreaterThan(0);
    }
  }));
});
