// nlkit side of the link-dump workload, timed as a whole process (like `ip -j -d link show`):
// node start-up, loading @nlkit/rt-link, one RTM_GETLINK dump with every attribute decoded
// (stats64, linkinfo with its kind-specific data, af-spec, ...), and each link written to
// stdout as one JSON line.
//
//   node bench/lib/dump-links.mjs --netns NAME [--raw] > /dev/null
//
// --raw: the same process with the same dump, its replies counted and not decoded, nothing
// written: the floor under this row (start-up, loading the package, the socket, the kernel).
import { flags, pkg } from './nlkit.mjs';

const { RtLinkClient } = await pkg('rt-link');
const f = flags();
const client = await RtLinkClient.open({ netns: f.netns });
if (f.raw) {
  let n = 0;
  try {
    for await (const batch of client.dumpBatches('getlink', {})) n += batch.length;
  } finally {
    client.close();
  }
  process.stderr.write(`count=${n}\n`);
  process.exit(0);
}
// JSON for bigint (counters) and bytes (addresses) the way an application would set it up once:
// toJSON on the prototypes keeps JSON.stringify on its fast path (a replacer function does not).
BigInt.prototype.toJSON = function toJSON() { return this.toString(); };
Uint8Array.prototype.toJSON = function toJSON() { return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString('hex'); };
Buffer.prototype.toJSON = Uint8Array.prototype.toJSON;
// Lines go out in ~64 KiB writes as they are made, as a program streaming a dump writes them
// (holding every line and writing one 4 MB string at the end took ~70 ms more).
let chunk = '';
let count = 0;
try {
  for await (const link of client.getlinkDump({})) {
    chunk += `${JSON.stringify(link)}\n`;
    if (chunk.length >= 65536) {
      process.stdout.write(chunk);
      chunk = '';
    }
    count++;
  }
} finally {
  client.close();
}
process.stdout.write(chunk);
process.stderr.write(`count=${count}\n`);
