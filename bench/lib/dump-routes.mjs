// nlkit side of the route-dump workload: all IPv4 routes through @nlkit/rt-route's client,
// every message decoded into a typed object ({ header: { rtmFamily, rtmTable: 'main', ... },
// dst: '10.1.0.1', oif: 3, ... }).
//
//   node bench/lib/dump-routes.mjs --netns NAME [--runs 7] [--warmup 2]
//
// Each run opens a client (socket inside the netns), dumps, decodes every route, closes: the
// same span libmnl's dump_routes times. Prints one JSON line { count, ms: [per run] }.
import { flags, pkg } from './nlkit.mjs';

const { RtRouteClient } = await pkg('rt-route');
const f = flags();
const runs = Number(f.runs ?? 7);
const warmup = Number(f.warmup ?? 2);

async function once() {
  const t0 = performance.now();
  const client = await RtRouteClient.open({ netns: f.netns });
  let count = 0;
  let withDst = 0;
  try {
    for await (const r of client.getrouteDump({ header: { rtmFamily: 2 } })) {
      count++;
      if (r.dst !== undefined) withDst++;
    }
  } finally {
    client.close();
  }
  return { count, withDst, ms: performance.now() - t0 };
}

const ms = [];
let count = 0;
for (let i = 0; i < warmup + runs; i++) {
  const r = await once();
  count = r.count;
  if (i >= warmup) ms.push(r.ms);
}
console.log(JSON.stringify({ count, ms }));
