// nlkit side of the link-dump workload, timed as a whole process (like `ip -j -d link show`):
// node start-up, loading @nlkit/rt-link, one RTM_GETLINK dump with every attribute decoded
// (stats64, linkinfo with its kind-specific data, af-spec, ...), and each link written to
// stdout as one JSON line.
//
//   node bench/lib/dump-links.mjs --netns NAME > /dev/null
import { flags, pkg } from './nlkit.mjs';

const { RtLinkClient } = await pkg('rt-link');
const f = flags();
const client = await RtLinkClient.open({ netns: f.netns });
const plain = (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);
const lines = [];
let count = 0;
try {
  for await (const link of client.getlinkDump({})) {
    lines.push(JSON.stringify(link, plain));
    count++;
  }
} finally {
  client.close();
}
process.stdout.write(lines.join('\n') + '\n');
process.stderr.write(`count=${count}\n`);
