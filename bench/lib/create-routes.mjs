// nlkit side of the route-creation workload: N routes `10.B.y.z/32 dev DEV` (the exact request
// `ip route add 10.B.y.z/32 dev DEV` sends: rtmsg main/boot/link/unicast, RTA_DST, RTA_OIF,
// NLM_F_CREATE|NLM_F_EXCL), either one request+ack at a time or pipelined with requestBatch.
//
//   node bench/lib/create-routes.mjs --ir rt-route.json --netns NAME --oif IFINDEX --count 10000 \
//       --mode seq|batch [--base 1]
//
// Prints one JSON line { created, ms }. ms covers encoding, sending and every ack.
import { family, flags, core, nthAddress, routeRequest } from './nlkit.mjs';

const f = flags();
const rt = await family(f.ir);
const count = Number(f.count ?? 10000);
const base = Number(f.base ?? 1);
const client = await core.FamilyClient.open(rt, { netns: f.netns });
// The interface index of the route's device, looked up by the caller (ip -j link show).
const oif = Number(f.oif);
if (!Number.isInteger(oif) || oif <= 0) throw new Error('--oif <ifindex> is required');

// Safety: every request must be the well-formed message ip(8) sends (checked byte for byte
// against a captured `ip route add`): rtmsg (12 bytes) + RTA_DST (8) + RTA_OIF (8).
const TEMPLATE = [0x02, 0x20, 0x00, 0x00, 0xfe, 0x03, 0xfd, 0x01, 0, 0, 0, 0, 0x08, 0x00, 0x01, 0x00];
function encode(i) {
  const msg = rt.encodeRequest('newroute', 'do', routeRequest(nthAddress(i, base), oif));
  const b = msg.body;
  if (b.length !== 28 || TEMPLATE.some((x, k) => b[k] !== x) || b[20] !== 0x08 || b[22] !== 0x04) {
    throw new Error(`refusing to send an unexpected RTM_NEWROUTE body: ${Buffer.from(b).toString('hex')}`);
  }
  msg.flags = core.NLM_F_CREATE | core.NLM_F_EXCL;
  return msg;
}

let created = 0;
const t0 = performance.now();
try {
  if (f.mode === 'batch') {
    const msgs = [];
    for (let i = 0; i < count; i++) msgs.push(encode(i));
    const acks = await Promise.all(client.session.requestBatch(msgs, { expectReply: false }));
    created = acks.length;
  } else {
    for (let i = 0; i < count; i++) {
      await client.session.request(encode(i), { expectReply: false });
      created++;
    }
  }
} finally {
  client.close();
}
console.log(JSON.stringify({ created, ms: performance.now() - t0 }));
