/** Hand-built rtnetlink messages for core's kernel tests (no schema involved). */
import { MessageBuilder, readString, stringBytes, walkAttrs, type NlMessage } from '../core.js';

export const RTM_NEWLINK = 16;
export const RTM_DELLINK = 17;
export const RTM_GETLINK = 18;
export const IFLA_IFNAME = 3;
export const IFLA_MTU = 4;
export const IFLA_LINKINFO = 18;
export const IFLA_INFO_KIND = 1;

/** struct ifinfomsg: family, pad, type, index, flags, change. */
export function ifinfomsg(index = 0, flags = 0, change = 0): MessageBuilder {
  const b = new MessageBuilder(64);
  const at = b.zeros(16);
  b.view.setInt32(at + 4, index, true);
  b.view.setUint32(at + 8, flags, true);
  b.view.setUint32(at + 12, change, true);
  return b;
}

export interface LinkRow {
  index: number;
  flags: number;
  name?: string;
  mtu?: number;
}

export function parseLink(m: NlMessage): LinkRow {
  const dv = new DataView(m.buf.buffer, m.buf.byteOffset);
  const row: LinkRow = { index: dv.getInt32(m.start + 4, true), flags: dv.getUint32(m.start + 8, true) };
  walkAttrs(m.buf, m.start + 16, m.end, (type, s, e) => {
    if (type === IFLA_IFNAME) row.name = readString(m.buf, s, e);
    else if (type === IFLA_MTU) row.mtu = dv.getUint32(s, true);
  });
  return row;
}

/** RTM_NEWLINK for a link of `kind` named `name`. */
export function newlinkBody(name: string, kind: string): Uint8Array {
  const b = ifinfomsg();
  b.attr(IFLA_IFNAME, stringBytes(name));
  const li = b.beginNest(IFLA_LINKINFO);
  b.attr(IFLA_INFO_KIND, stringBytes(kind));
  b.endNest(li);
  return b.finish();
}
