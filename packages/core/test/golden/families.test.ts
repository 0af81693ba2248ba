/**
 * Golden bytes for every family in schemas/, in both directions: known bytes decode to the
 * stored value (compared as text: key order, value types and nest marks count), and the stored
 * value encodes to exactly those bytes. The cases are replies and requests built from seeded
 * generated values, plus, for the rtnetlink and tc families, messages the kernel sent.
 *
 * The files in this folder are data, written by this test with NLKIT_UPDATE_GOLDEN=1 for the
 * families whose schema changed since (each file records its IR's hash), =all for every
 * family, or =rt-route,tc for the families named; it needs root for the kernel captures. A codec change that alters any of them is a
 * change users see: review the diff before committing it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FamilyIR, OperationIR } from '@nlkit/ir';
import { withNetns } from '@nlkit/testkit';
import { FamilyRuntime, NEST_FLAG, NLMSG_HDRLEN, Session, defineFamily } from '../core.js';
import { KERNEL_PADS_64BIT } from '../../src/codec/encode.js';
import { IrArbitraries, decodableOps, loadFamilies, replyBytes, requestPart } from '../fuzz/gen.js';
import { show } from '../codec/outcome.js';

const DIR = fileURLToPath(new URL('./', import.meta.url));
const UPDATE_ENV = process.env.NLKIT_UPDATE_GOLDEN ?? '';
/** `1`: the stale families; `all`: every family; else a comma-separated list of family names (stale or not). */
const UPDATE = UPDATE_ENV !== '' && UPDATE_ENV !== '0';
const UPDATE_ALL = UPDATE_ENV === 'all';
const UPDATE_ONLY = UPDATE && UPDATE_ENV !== '1' && !UPDATE_ALL ? new Set(UPDATE_ENV.split(',')) : undefined;

/** The IR a golden file was made from, as a hash: a schema change shows up as a stale file. */
const irHash = (ir: FamilyIR) => createHash('sha256').update(JSON.stringify(ir)).digest('hex').slice(0, 16);

interface GoldenFile {
  family: string;
  irHash: string;
  cases: GoldenCase[];
}

function readGolden(ir: FamilyIR): GoldenFile | undefined {
  return existsSync(fileOf(ir)) ? (JSON.parse(readFileSync(fileOf(ir), 'utf8')) as GoldenFile) : undefined;
}

interface GoldenCase {
  op: string;
  /** Where the bytes came from: a generated reply or request, or the kernel. */
  source: 'reply' | 'request' | 'kernel';
  /** The whole message, nlmsghdr included. */
  hex: string;
  /** The decoded value, tagged (see toJson). */
  value: unknown;
  /**
   * A kernel message the codec does not re-encode byte for byte (a schema gap, e.g. rt-link's
   * devlink-port: binary in the schema, NLA_F_NESTED from the kernel): checked when decoding only.
   */
  decodeOnly?: true;
}

// ---------------------------------------------------------------- tagged JSON for decoded values

/** Decoded values as JSON: bigints, bytes, undefined and nest marks tagged with `$$` keys. */
function toJson(v: unknown): unknown {
  if (v === undefined) return { $$undefined: true };
  if (typeof v === 'bigint') return { $$bigint: String(v) };
  if (v instanceof Uint8Array) return { $$bytes: Buffer.from(v).toString('hex') };
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string | symbol, unknown>;
    const out: Record<string, unknown> = {};
    if (Object.hasOwn(o, NEST_FLAG)) out.$$nested = o[NEST_FLAG];
    for (const k of Object.keys(o)) out[k] = toJson(o[k]);
    return out;
  }
  return v;
}

function fromJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJson);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('$$undefined' in o) return undefined;
    if ('$$bigint' in o) return BigInt(o.$$bigint as string);
    if ('$$bytes' in o) return new Uint8Array(Buffer.from(o.$$bytes as string, 'hex'));
    const out: Record<string | symbol, unknown> = {};
    for (const k of Object.keys(o)) if (k !== '$$nested') out[k] = fromJson(o[k]);
    if ('$$nested' in o) Object.defineProperty(out, NEST_FLAG, { value: o.$$nested, enumerable: false });
    return out;
  }
  return v;
}

// ---------------------------------------------------------------- making the cases

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytesOf = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

/** The bytes the codec writes for `c.value`: the whole message (generated cases) or the body (kernel). */
function encodeCase(rt: FamilyRuntime, c: GoldenCase, value: unknown): string {
  const op = rt.op(c.op);
  // nlmsg_flags and nlmsg_seq as stored: the codec writes the rest of the header.
  const stored = new DataView(bytesOf(c.hex).buffer);
  const seq = stored.getUint32(8, true);
  if (c.source === 'reply') return hex(replyBytes(rt, op, value, seq));
  if (c.source === 'request') {
    const mode = op.do ? 'do' : 'dump';
    return hex(rt.encodeRequestBytes(op.name, mode, value, { familyId: 0x20, flags: stored.getUint16(6, true), seq }));
  }
  return hex(rt.encodeReply(op.name, value, 0x20).body ?? new Uint8Array(0));
}

function expectedEncoding(c: GoldenCase): string {
  return c.source === 'kernel' ? c.hex.slice(NLMSG_HDRLEN * 2) : c.hex;
}

/** Seeded generated messages of every op; kept only when decode → encode gives the bytes back. */
function generatedCases(ir: FamilyIR, rt: FamilyRuntime): GoldenCase[] {
  const arbs = new IrArbitraries(ir, { maxDepth: 2, maxItems: 2 });
  const out: GoldenCase[] = [];
  for (const op of decodableOps(rt)) {
    fc.sample(arbs.message(op), { numRuns: 3, seed: 0x601d + op.name.length }).forEach((value, i) => {
      const candidates: Array<[GoldenCase['source'], () => Uint8Array]> = [['reply', () => replyBytes(rt, op, value, i + 1)]];
      if (op.requestValue !== undefined && (op.do || op.dump)) {
        const mode = op.do ? 'do' : 'dump';
        candidates.push(['request', () => rt.encodeRequestBytes(op.name, mode, requestPart(op, mode, value), { familyId: 0x20, seq: i + 1 })]);
      }
      for (const [source, make] of candidates) {
        let bytes: Uint8Array;
        try {
          bytes = make();
        } catch {
          continue; // a generated value the encoder refuses is not a message
        }
        keepIfStable(rt, out, { op: op.name, source, hex: hex(bytes), value: undefined });
      }
    });
  }
  return out;
}

function keepIfStable(rt: FamilyRuntime, out: GoldenCase[], c: GoldenCase): boolean {
  const decoded = rt.decodeMessageBytes(c.op, bytesOf(c.hex));
  let again: string;
  try {
    again = encodeCase(rt, c, decoded);
  } catch {
    return false;
  }
  if (again !== expectedEncoding(c)) {
    if (c.source !== 'kernel') return false;
    out.push({ ...c, value: toJson(decoded), decodeOnly: true });
    return true;
  }
  out.push({ ...c, value: toJson(decoded) });
  return true;
}

const KERNEL_FAMILIES = ['rt-link', 'rt-addr', 'rt-route', 'rt-rule', 'rt-neigh', 'tc'];

/** Dumps from a throwaway netns with links, addresses, routes and qdiscs. */
async function kernelCases(): Promise<Map<string, GoldenCase[]>> {
  const byFamily = new Map<string, GoldenCase[]>();
  const families = new Map(loadFamilies().map((f) => [f.ir.name, f.rt]));
  await withNetns(async (ns) => {
    ns.ip('link', 'add', 'va', 'mtu', '1400', 'type', 'veth', 'peer', 'name', 'vb');
    ns.ip('link', 'add', 'br0', 'type', 'bridge');
    for (const l of ['va', 'vb', 'br0']) ns.ip('link', 'set', l, 'up');
    ns.ip('address', 'add', '192.0.2.1/24', 'dev', 'vb');
    ns.ip('address', 'add', '2001:db8::1/64', 'dev', 'vb', 'nodad');
    ns.ip('route', 'add', '203.0.113.0/24', 'via', '192.0.2.2', 'dev', 'vb', 'metric', '7');
    ns.ip('route', 'add', '198.51.100.0/24', 'nexthop', 'via', '192.0.2.3', 'weight', '1', 'nexthop', 'via', '192.0.2.4', 'weight', '2');
    ns.ip('route', 'add', 'blackhole', '198.18.0.0/15');
    ns.ip('rule', 'add', 'from', '192.0.2.0/24', 'table', '100', 'priority', '100');
    ns.ip('neigh', 'add', '192.0.2.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'vb');
    ns.exec('tc', 'qdisc', 'add', 'dev', 'vb', 'root', 'handle', '1:', 'htb', 'default', '10');
    ns.exec('tc', 'class', 'add', 'dev', 'vb', 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '10mbit');
    ns.exec('tc', 'qdisc', 'add', 'dev', 'br0', 'root', 'tbf', 'rate', '1mbit', 'burst', '32kbit', 'latency', '400ms');
    const s = await Session.open({ protocol: 0, netns: ns.name });
    try {
      const dumps: Array<[string, string, unknown]> = [
        ['rt-link', 'getlink', {}], ['rt-addr', 'getaddr', {}], ['rt-route', 'getroute', {}],
        ['rt-rule', 'getrule', {}], ['rt-neigh', 'getneigh', {}], ['tc', 'getqdisc', {}],
      ];
      for (const [famName, op, value] of dumps) {
        const rt = families.get(famName)!;
        const list = byFamily.get(famName) ?? [];
        for (const m of await s.dumpAll(rt.encodeRequest(op, 'dump', value), { retries: 3 })) {
          keepIfStable(rt, list, { op, source: 'kernel', hex: hex(m.buf.subarray(m.start - NLMSG_HDRLEN, m.end)), value: undefined });
        }
        byFamily.set(famName, list);
      }
    } finally {
      s.close();
    }
  }, 'gold');
  return byFamily;
}

// ---------------------------------------------------------------- the test

const families = loadFamilies();
const fileOf = (ir: FamilyIR) => `${DIR}${ir.name.replace(/_/g, '-')}.json`;

describe('golden bytes per family (decode and encode)', () => {
  if (UPDATE) {
    it('writes the golden files', async () => {
      const stale = families.filter(({ ir }) => (UPDATE_ONLY ? UPDATE_ONLY.has(ir.name) : UPDATE_ALL || readGolden(ir)?.irHash !== irHash(ir)));
      const kernel = stale.some(({ ir }) => KERNEL_FAMILIES.includes(ir.name)) ? await kernelCases() : new Map<string, GoldenCase[]>();
      for (const { ir, rt } of stale) {
        const cases = [...generatedCases(ir, rt), ...(kernel.get(ir.name) ?? [])];
        const file: GoldenFile = { family: ir.name, irHash: irHash(ir), cases };
        writeFileSync(fileOf(ir), `${JSON.stringify(file, null, 1)}\n`);
        console.log(`golden: wrote ${fileOf(ir)} (${cases.length} cases)`);
      }
    }, 120_000);
    return;
  }

  for (const { file, ir } of families) {
    it(`${file}: stored bytes decode to the stored value, and the value encodes to the bytes`, () => {
      const golden = readGolden(ir);
      expect(golden, `${fileOf(ir)} is missing (write it with NLKIT_UPDATE_GOLDEN=1)`).toBeDefined();
      expect(golden!.irHash, `${file} changed since its golden file was written: run this test with NLKIT_UPDATE_GOLDEN=1 and review the diff`).toBe(irHash(ir));
      const { cases } = golden!;
      expect(cases.length).toBeGreaterThan(0);
      // A fresh runtime per direction: nothing cached from one side helps the other.
      const decoder = new FamilyRuntime(structuredClone(ir), { compileAfter: 0 });
      const encoder = defineFamily(structuredClone(ir));
      for (const c of cases) {
        const op: OperationIR = decoder.op(c.op);
        const expected = fromJson(c.value);
        expect(show(decoder.decodeMessageBytes(op.name, bytesOf(c.hex))), `${c.source} ${c.op} ${c.hex}`).toBe(show(expected));
        // Architectures whose kernels pad 64-bit attributes encode differently (see KERNEL_PADS_64BIT).
        if (!KERNEL_PADS_64BIT && !c.decodeOnly) expect(encodeCase(encoder, c, expected), `${c.source} ${c.op} encoded`).toBe(expectedEncoding(c));
      }
    });
  }
});
