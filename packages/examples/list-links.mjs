#!/usr/bin/env node
// Lists this machine's network interfaces through nlkit: one RTM_GETLINK dump, streamed.
// Run from the repo root after set-up: `npm run links` (or `node packages/examples/list-links.mjs [--netns NAME]`).
import { Session, NETLINK_ROUTE } from '@nlkit/core';
import { MessageBuilder, walkAttrs, readString, formatMac } from '@nlkit/core/wire';

const RTM_GETLINK = 18;
const IFLA_ADDRESS = 1;
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFLA_OPERSTATE = 16;
const OPERSTATES = ['unknown', 'notpresent', 'down', 'lowerlayerdown', 'testing', 'dormant', 'up'];

const nsIndex = process.argv.indexOf('--netns');
const netns = nsIndex > 0 ? process.argv[nsIndex + 1] : undefined;

const session = await Session.open({ protocol: NETLINK_ROUTE, netns });
const body = new MessageBuilder(16);
body.zeros(16); // struct ifinfomsg, AF_UNSPEC: every link
const rows = [];
for await (const m of session.dump({ type: RTM_GETLINK, body: body.finish() })) {
  const dv = new DataView(m.buf.buffer, m.buf.byteOffset);
  const link = { index: dv.getInt32(m.start + 4, true), flags: dv.getUint32(m.start + 8, true) };
  walkAttrs(m.buf, m.start + 16, m.end, (type, s, e) => {
    if (type === IFLA_IFNAME) link.name = readString(m.buf, s, e);
    else if (type === IFLA_MTU) link.mtu = dv.getUint32(s, true);
    else if (type === IFLA_ADDRESS) link.address = formatMac(m.buf.subarray(s, e));
    else if (type === IFLA_OPERSTATE) link.state = OPERSTATES[m.buf[s]] ?? String(m.buf[s]);
  });
  rows.push(link);
}
session.close();
const width = Math.max(4, ...rows.map((r) => r.name.length));
console.log(`${'idx'.padStart(4)}  ${'name'.padEnd(width)}  ${'state'.padEnd(14)}  ${'mtu'.padStart(6)}  address`);
for (const r of rows) {
  console.log(`${String(r.index).padStart(4)}  ${r.name.padEnd(width)}  ${(r.state ?? '').padEnd(14)}  ${String(r.mtu ?? '').padStart(6)}  ${r.address ?? ''}`);
}
