// Streams a whole IPv4 route dump as ndjson to stdout (run with stdout on /dev/null) and
// reports this process's peak RSS (VmHWM): a streamed dump must not grow with the table.
//
//   node bench/lib/stream-routes.mjs --ir rt-route.json --netns NAME > /dev/null
//
// Prints one JSON line on stderr: { count, ms, peakRssKiB }.
import { writeSync } from 'node:fs';
import { family, flags, core, peakRssKiB } from './nlkit.mjs';

const f = flags();
const rt = await family(f.ir);
const client = await core.FamilyClient.open(rt, { netns: f.netns });
const t0 = performance.now();
let count = 0;
let chunk = '';
try {
  for await (const r of client.dumpRequest('getroute', { header: { rtmFamily: 2 } })) {
    chunk += JSON.stringify(r) + '\n';
    count++;
    if (chunk.length > 65536) { writeSync(1, chunk); chunk = ''; }
  }
  writeSync(1, chunk);
} finally {
  client.close();
}
process.stderr.write(JSON.stringify({ count, ms: performance.now() - t0, peakRssKiB: peakRssKiB() }) + '\n');
