/**
 * RTA_MULTIPATH: a packed array of struct rtnexthop, each followed by that path's own route
 * attributes. YNL cannot describe the layout, so the schema keeps it as bytes; these helpers
 * turn it into paths and back, with the schema's rtnexthop struct and nexthop-attrs set.
 */
import { DecodeError, type Decoded } from '@nlkit/core';
import { Encoder, MessageBuilder, decodeStruct, encodeStruct } from '@nlkit/core/wire';
import { rtRouteRuntime } from './gen/rt-route.js';

const RTNH_SIZE = 8;

/** One path of a multipath route. */
export interface Nexthop {
  /** Outgoing interface index. */
  ifindex: number;
  /** Relative weight, 1..256 (the kernel stores weight - 1 as rtnh_hops). Default 1. */
  weight?: number;
  /** RTNH_F_* flags by name (dead, onlink, ...). */
  flags?: Array<string | number>;
  /** The path's gateway, as text. */
  gateway?: string;
  /** Other nexthop attributes (flow, via, newdst, encap-type, encap) by their camelCase names. */
  [attribute: string]: unknown;
}

/** Decodes the bytes of a `multipath` attribute into its paths. */
export function decodeMultipath(bytes: Uint8Array): Nexthop[] {
  const fam = rtRouteRuntime.index;
  const st = fam.struct('rtnexthop');
  const out: Nexthop[] = [];
  let off = 0;
  while (bytes.length - off >= RTNH_SIZE) {
    const head = decodeStruct(fam, st, bytes, off, off + RTNH_SIZE) as { rtnhLen: number; rtnhFlags: Array<string | number>; rtnhHops: number; rtnhIfindex: number };
    if (head.rtnhLen < RTNH_SIZE || off + head.rtnhLen > bytes.length) {
      throw new DecodeError(`rtnexthop length ${head.rtnhLen} does not fit the ${bytes.length - off} bytes left`, off, ['multipath']);
    }
    const attrs = rtRouteRuntime.decoder.decodeSet('nexthop-attrs', bytes, off + RTNH_SIZE, off + head.rtnhLen);
    out.push({ ifindex: head.rtnhIfindex, weight: head.rtnhHops + 1, flags: head.rtnhFlags, ...attrs });
    off += (head.rtnhLen + 3) & ~3;
  }
  return out;
}

/**
 * Encodes paths for the `multipath` attribute. Every value is validated (a ValidationError
 * names the path index and field) before any byte is produced.
 */
export function encodeMultipath(paths: Nexthop[]): Uint8Array {
  const fam = rtRouteRuntime.index;
  const st = fam.struct('rtnexthop');
  const b = new MessageBuilder(64 * Math.max(1, paths.length));
  const encoder = new Encoder(fam);
  paths.forEach((p, i) => {
    const { ifindex, weight = 1, flags = [], ...attrs } = p;
    const at = b.zeros(RTNH_SIZE);
    encodeStruct(fam, st, { rtnhFlags: flags, rtnhHops: weight - 1, rtnhIfindex: ifindex }, b.buf, at, ['multipath', String(i)]);
    encoder.encodeSet('nexthop-attrs', attrs as Decoded, b, ['multipath', String(i)]);
    b.view.setUint16(at, b.length - at, true);
    b.pad4();
  });
  return b.finish();
}
