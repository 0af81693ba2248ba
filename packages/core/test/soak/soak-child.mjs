// Mixed-load soak on one session, against the kernel in a netns. Run by soak.kernel.test.ts
// (bounded) and by scripts/soak.mjs (long):
//   node --expose-gc soak-child.mjs NETNS OPS [SECONDS]
// Runs OPS operations (or until SECONDS pass, if given), 500 at a time on one session: gets,
// dumps, dumps abandoned midway, aborted requests, requests with a 1 ms timeout, and calls on a
// second session that is closed under them. Every call must settle with an allowed outcome.
// Prints one JSON line: outcomes, unexpected errors, session stats, heap/fd samples.
import { readdirSync } from 'node:fs';
import { Session } from '../../dist/index.js';

const [netns, opsArg = '100000', secondsArg] = process.argv.slice(2);
const totalOps = Number(opsArg);
const deadline = secondsArg ? Date.now() + Number(secondsArg) * 1000 : Infinity;
const RTM_GETLINK = 18;
const ifinfomsg = (index) => { const b = new Uint8Array(16); new DataView(b.buffer).setInt32(4, index, true); return b; };
const getLo = { type: RTM_GETLINK, body: ifinfomsg(1) };
const dumpLinks = { type: RTM_GETLINK, body: ifinfomsg(0) };
const fds = () => readdirSync('/proc/self/fd').length;
const heap = () => { for (let i = 0; i < 3; i++) global.gc?.(); return process.memoryUsage().heapUsed; };

const session = await Session.open({ protocol: 0, netns });
const outcomes = {};
const unexpected = [];
const count = (k) => { outcomes[k] = (outcomes[k] ?? 0) + 1; };
const allowed = (kind, names) => (err) => {
  if (names.includes(err?.name)) count(`${kind}:${err.name}`);
  else if (unexpected.length < 5) unexpected.push(`${kind}: ${err?.name}: ${err?.message}`);
  else unexpected.push('');
};

const ops = [
  // 50%: a plain get
  (i) => session.request(getLo).then((r) => { if (r.length !== 1) throw new Error('no reply'); count('get:ok'); }, allowed('get', [])),
  (i) => session.request(getLo).then(() => count('get:ok'), allowed('get', [])),
  (i) => session.request(getLo).then(() => count('get:ok'), allowed('get', [])),
  (i) => session.request(getLo).then(() => count('get:ok'), allowed('get', [])),
  (i) => session.request(getLo).then(() => count('get:ok'), allowed('get', [])),
  // 10%: a whole dump
  (i) => session.dumpAll(dumpLinks).then((all) => { if (all.length < 3) throw new Error('short dump'); count('dump:ok'); }, allowed('dump', [])),
  // 10%: a dump abandoned after its first message
  async (i) => { for await (const _ of session.dump(dumpLinks)) break; count('dump-break:ok'); },
  // 10%: a request aborted before or just after it leaves
  (i) => {
    const ac = new AbortController();
    const p = session.request(getLo, { signal: ac.signal }).then(() => count('abort:ok'), allowed('abort', ['AbortError']));
    if (i % 2) ac.abort(); else queueMicrotask(() => ac.abort());
    return p;
  },
  // 10%: a 1 ms timeout
  (i) => session.request(getLo, { timeoutMs: 1 }).then(() => count('timeout:ok'), allowed('timeout', ['TimeoutError'])),
  // 10%: a session of its own, closed under its calls (after 1 ms on odd ops, at once on even)
  async (i) => {
    const s = await Session.open({ protocol: 0, netns });
    const calls = [
      ...Array.from({ length: 10 }, () => s.request(getLo).then(() => count('closing:ok'), allowed('closing', ['SessionClosedError']))),
      (async () => { for await (const _ of s.dump(dumpLinks)) {} count('closing-dump:ok'); })().catch(allowed('closing-dump', ['SessionClosedError'])),
    ];
    if (i % 2) await new Promise((r) => setTimeout(r, 1));
    s.close();
    await Promise.all(calls);
  },
];

const samples = [];
let done = 0;
async function run(n) {
  const BATCH = 500;
  for (let k = 0; k < n && Date.now() < deadline; k += BATCH) {
    const batch = [];
    for (let j = 0; j < BATCH; j++, done++) batch.push(ops[done % ops.length](done));
    // Every call must settle: a call left pending fails the soak here instead of hanging it.
    const watchdog = new Promise((_, reject) => setTimeout(() => reject(new Error(`a batch did not settle within 60 s (op ${done})`)), 60_000).unref());
    await Promise.race([Promise.all(batch), watchdog]);
  }
}

await run(5000); // warm-up before the baseline
samples.push({ at: 'start', heap: heap(), fds: fds() });
await run(totalOps / 2);
samples.push({ at: 'half', heap: heap(), fds: fds() });
await run(totalOps / 2);
samples.push({ at: 'end', heap: heap(), fds: fds() });
const stats = session.stats;
session.close();
console.log(JSON.stringify({ gc: typeof global.gc === 'function', ops: done, outcomes, unexpected, stats, samples }));
