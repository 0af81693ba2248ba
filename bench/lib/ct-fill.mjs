// Fills a namespace's conntrack table with N UDP entries 10.B.y.z:1000 -> 192.0.2.1:53 for the
// conntrack workload, pipelined on one socket (creating them with `conntrack -I` would take a
// process each).
//
//   node bench/lib/ct-fill.mjs --netns NAME --count 20000
import { ROOT, flags, nthAddress } from './nlkit.mjs';

const { ConntrackClient } = await import(new URL('packages/conntrack/dist/index.js', `file://${ROOT}`).href);
const f = flags();
const count = Number(f.count ?? 20000);
const ct = await ConntrackClient.open({ netns: f.netns });
const jobs = [];
for (let i = 0; i < count; i++) {
  const src = nthAddress(i, 50);
  jobs.push(ct.newct({
    header: { nfgenFamily: 2 }, timeout: 3600,
    tupleOrig: { ip: { v4Src: src, v4Dst: '192.0.2.1' }, proto: { num: 'udp', srcPort: 1000, dstPort: 53 } },
    tupleReply: { ip: { v4Src: '192.0.2.1', v4Dst: src }, proto: { num: 'udp', srcPort: 53, dstPort: 1000 } },
  }, { flags: ['create', 'excl'] }));
}
await Promise.all(jobs);
ct.close();
console.log(JSON.stringify({ created: count }));
