// nlkit side of the link-dump workload, timed as a whole process (like `ip -j -d link show`):
// node start-up, loading nlkit and the rt-link IR, one RTM_GETLINK dump with every attribute
// decoded (stats64, linkinfo with its kind-specific data, af-spec, ...), and each link written
// to stdout as one JSON line.
//
//   node bench/lib/dump-links.mjs --ir rt-link.json --netns NAME > /dev/null
import { family, flags, core } from './nlkit.mjs';

const f = flags();
const rt = await family(f.ir);
const client = await core.FamilyClient.open(rt, { netns: f.netns });
const bigints = (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);
const lines = [];
let count = 0;
try {
  for await (const link of client.dumpRequest('getlink', {})) {
    lines.push(JSON.stringify(link, bigints));
    count++;
  }
} finally {
  client.close();
}
process.stdout.write(lines.join('\n') + '\n');
process.stderr.write(`count=${count}\n`);
