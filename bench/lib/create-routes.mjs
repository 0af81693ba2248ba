// nlkit side of the route-creation workload: N routes `10.B.y.z/32 dev DEV` (the exact request
// `ip route add 10.B.y.z/32 dev DEV` sends: rtmsg main/boot/link/unicast, RTA_DST, RTA_OIF,
// NLM_F_CREATE|NLM_F_EXCL) through @nlkit/rt-route's client, either one request+ack at a time
// or as one batch (the client's newrouteBatch, else doBatch: pipelined, acks in bulk).
//
//   node bench/lib/create-routes.mjs --netns NAME --oif IFINDEX --count 10000 \
//       --mode seq|batch [--base 1]
//
// Prints one JSON line { created, ms, api }. ms covers encoding, sending and every ack.
import { flags, pkg, nthAddress, routeRequest } from './nlkit.mjs';

const { RtRouteClient } = await pkg('rt-route');
const f = flags();
const count = Number(f.count ?? 10000);
const base = Number(f.base ?? 1);
const client = await RtRouteClient.open({ netns: f.netns });
// The interface index of the route's device, looked up by the caller (ip -j link show).
const oif = Number(f.oif);
if (!Number.isInteger(oif) || oif <= 0) throw new Error('--oif <ifindex> is required');

// Safety: every request must be the well-formed message ip(8) sends (checked byte for byte
// against a captured `ip route add`): rtmsg (12 bytes) + RTA_DST (8) + RTA_OIF (8). Checked
// with the client's own encoder before anything is sent.
const TEMPLATE = [0x02, 0x20, 0x00, 0x00, 0xfe, 0x03, 0xfd, 0x01, 0, 0, 0, 0, 0x08, 0x00, 0x01, 0x00];
const requests = Array.from({ length: count }, (_, i) => routeRequest(nthAddress(i, base), oif));
for (const r of requests) {
  const b = client.runtime.encodeRequest('newroute', 'do', r).body;
  if (b.length !== 28 || TEMPLATE.some((x, k) => b[k] !== x) || b[20] !== 0x08 || b[22] !== 0x04) {
    throw new Error(`refusing to send an unexpected RTM_NEWROUTE body: ${Buffer.from(b).toString('hex')}`);
  }
}
const flagsOpt = { flags: ['create', 'excl'] };

let created = 0;
let api = 'newroute';
const t0 = performance.now();
try {
  if (f.mode === 'batch') {
    let results;
    if (typeof client.newrouteBatch === 'function') {
      api = 'newrouteBatch';
      results = await client.newrouteBatch(requests, flagsOpt);
    } else {
      api = 'doBatch';
      results = await client.doBatch('newroute', requests, flagsOpt);
    }
    const failed = results.filter((r) => r && r.status === 'rejected');
    if (failed.length) throw new Error(`${failed.length} of ${count} failed: ${failed[0].reason?.message}`);
    created = results.length;
  } else {
    for (const r of requests) {
      await client.newroute(r, flagsOpt);
      created++;
    }
  }
} finally {
  client.close();
}
console.log(JSON.stringify({ created, ms: performance.now() - t0, api }));
