// Run by leak.kernel.test.ts as `node --expose-gc leak-child.mjs NETNS REQUESTS DUMPS`.
// One session: REQUESTS RTM_GETLINK requests for lo (pipelined in batches) and DUMPS link
// dumps; prints heap used (after gc) and the fd count at the start, midway and at the end.
import { readdirSync } from 'node:fs';
import { Session } from '../../dist/index.js';

const [netns, requests = '100000', dumps = '1000'] = process.argv.slice(2);
const RTM_GETLINK = 18;
const ifinfomsg = (index) => { const b = new Uint8Array(16); new DataView(b.buffer).setInt32(4, index, true); return b; };
const fds = () => readdirSync('/proc/self/fd').length;
const heap = () => { for (let i = 0; i < 3; i++) global.gc?.(); return process.memoryUsage().heapUsed; };

const s = await Session.open({ protocol: 0, netns });
const getLo = { type: RTM_GETLINK, body: ifinfomsg(1) };
const dumpMsg = { type: RTM_GETLINK, body: ifinfomsg(0) };

async function work(nReq, nDump) {
  const BATCH = 500;
  for (let done = 0; done < nReq; done += BATCH) {
    const n = Math.min(BATCH, nReq - done);
    const replies = await Promise.all(s.requestBatch(Array.from({ length: n }, () => getLo)));
    if (replies.some((r) => r.length !== 1)) throw new Error('a getlink request had no reply');
  }
  for (let i = 0; i < nDump; i++) {
    const all = await s.dumpAll(dumpMsg);
    if (all.length < 1) throw new Error('empty dump');
  }
}

const samples = [];
// Warm up (JIT, pools) before the baseline.
await work(5000, 50);
samples.push({ at: 'start', heap: heap(), fds: fds(), rss: process.memoryUsage().rss });
const reqs = Number(requests);
const nd = Number(dumps);
await work(reqs / 2, nd / 2);
samples.push({ at: 'half', heap: heap(), fds: fds(), rss: process.memoryUsage().rss });
await work(reqs / 2, nd / 2);
samples.push({ at: 'end', heap: heap(), fds: fds(), rss: process.memoryUsage().rss });
s.close();
console.log(JSON.stringify({ gc: typeof global.gc === 'function', samples }));
