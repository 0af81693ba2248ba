/**
 * Golden files: one JSON file per dump under packages/corpus/golden/, holding each reply's
 * bytes (hex, nlmsghdr included), the family and operation that decode it, and the decoded
 * form at capture time. They run without root: decode, re-encode, compare.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NLMSG_HDRLEN } from '@nlkit/core/wire';
import type { Capture } from './capture.js';
import type { FamilyName } from './families.js';
import { runtimeOf } from './families.js';
import { fromJson, toJson, type Json } from './json.js';

export const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

/** NLKIT_UPDATE_CORPUS=1: the kernel test rewrites the golden files from its capture. */
export const updateCorpus = process.env.NLKIT_UPDATE_CORPUS === '1';

export interface GoldenMessage {
  hex: string;
  /** The decoded form when captured (tagged JSON, see json.ts); absent when it did not decode. */
  decoded?: Json;
  /** The DecodeError's message when it did not decode. */
  decodeError?: string;
}

export interface GoldenFile {
  name: string;
  family: FamilyName;
  op: string;
  request: Json;
  kernel: string;
  messages: GoldenMessage[];
}

/** Decodes one captured message (bytes with nlmsghdr) as a reply of `op`. */
export function decodeCaptured(family: string, op: string, bytes: Uint8Array): unknown {
  return runtimeOf(family).decodeMessageBytes(op, bytes);
}

/** Re-encodes a decoded reply; returns the whole message with the captured header's fields. */
export function reencode(family: string, op: string, decoded: unknown, original: Uint8Array): Uint8Array {
  const msg = runtimeOf(family).encodeReply(op, decoded);
  const body = msg.body ?? new Uint8Array(0);
  const out = new Uint8Array(NLMSG_HDRLEN + body.length);
  out.set(original.subarray(0, NLMSG_HDRLEN));
  new DataView(out.buffer).setUint32(0, out.length, true);
  new DataView(out.buffer).setUint16(4, msg.type, true);
  out.set(body, NLMSG_HDRLEN);
  return out;
}

export function toGolden(c: Capture, kernel: string): GoldenFile {
  return {
    name: c.name,
    family: c.family,
    op: c.op,
    request: toJson(c.request),
    kernel,
    messages: c.messages.map((m) => {
      const hex = Buffer.from(m).toString('hex');
      try {
        return { hex, decoded: toJson(decodeCaptured(c.family, c.op, m)) };
      } catch (err) {
        return { hex, decodeError: (err as Error).message };
      }
    }),
  };
}

/** Replaces every golden file with this capture's. */
export function writeGoldens(captures: Capture[], kernel: string): string[] {
  mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const f of readdirSync(GOLDEN_DIR)) if (f.endsWith('.json')) rmSync(join(GOLDEN_DIR, f));
  const written: string[] = [];
  for (const c of captures) {
    const file = join(GOLDEN_DIR, `${c.name}.json`);
    writeFileSync(file, `${JSON.stringify(toGolden(c, kernel), null, 1)}\n`);
    written.push(file);
  }
  return written;
}

export function readGoldens(): GoldenFile[] {
  let names: string[];
  try {
    names = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((f) => JSON.parse(readFileSync(join(GOLDEN_DIR, f), 'utf8')) as GoldenFile);
}

export { fromJson };
