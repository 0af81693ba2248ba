/**
 * Shared by core's fuzz and property tests: the families in schemas/ with their runtimes, and
 * whole reply messages. The arbitraries and the decode oracle live in @nlkit/testkit.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { FamilyIR, OperationIR } from '@nlkit/ir';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { NLMSG_HDRLEN, defineFamily, writeHeader, type FamilyRuntime } from '../core.js';

export { IrArbitraries, intArb, requestPart, newStats, oracle, type GenOptions, type OracleStats } from '@nlkit/testkit';

export const SCHEMA_DIR = fileURLToPath(new URL('../../../../schemas/', import.meta.url));

export interface LoadedFamily {
  file: string;
  ir: FamilyIR;
  rt: FamilyRuntime;
}

let cache: LoadedFamily[] | undefined;
export function loadFamilies(): LoadedFamily[] {
  cache ??= readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const ir = loadSchemaFileSync(join(SCHEMA_DIR, file));
      return { file, ir, rt: defineFamily(ir) };
    });
  return cache;
}

/** Operations whose replies/notifications carry a body we can decode. */
export function decodableOps(rt: FamilyRuntime): OperationIR[] {
  return rt.ir.operations.filter((o) => o.attributeSet || o.fixedHeader);
}


/** A whole reply message (nlmsghdr + body) for `op` carrying `value`. */
export function replyBytes(rt: FamilyRuntime, op: OperationIR, value: unknown, seq = 1): Uint8Array {
  const msg = rt.encodeReply(op.name, value, 0x20);
  const body = msg.body ?? new Uint8Array(0);
  const out = new Uint8Array(NLMSG_HDRLEN + body.length);
  writeHeader(out, 0, { length: out.length, type: msg.type, flags: 0, seq, portId: 0 });
  out.set(body, NLMSG_HDRLEN);
  return out;
}
