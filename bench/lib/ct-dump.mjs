// nlkit side of the conntrack workload: dump the whole table, decoded, `runs` times on one
// warm client (the first run is a warm-up and not reported).
//
//   node bench/lib/ct-dump.mjs --netns NAME --runs 7
//
// Prints one JSON line { count, ms: [per run] }.
import { ROOT, flags } from './nlkit.mjs';

const { ConntrackClient } = await import(new URL('packages/conntrack/dist/index.js', `file://${ROOT}`).href);
const f = flags();
const runs = Number(f.runs ?? 7);
const ct = await ConntrackClient.open({ netns: f.netns });
const ms = [];
let count = 0;
for (let r = 0; r <= runs; r++) {
  const t0 = performance.now();
  let n = 0;
  for await (const e of ct.getctDump({ header: { nfgenFamily: 0 } })) if (e.tupleOrig) n++;
  if (r > 0) ms.push(performance.now() - t0);
  count = n;
}
ct.close();
console.log(JSON.stringify({ count, ms }));
