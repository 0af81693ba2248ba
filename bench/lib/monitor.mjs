// nlkit side of the notification workload: subscribe to RTNLGRP_IPV4_ROUTE, start
// `ip -batch FILE` (N route adds) in the netns, count the route notifications received.
//
//   node bench/lib/monitor.mjs --ir rt-route.json --netns NAME --batch FILE --expect N \
//       [--receive-buffer BYTES] [--stall MS]
//
// --receive-buffer sets SO_RCVBUF(FORCE) (default: the session's 4 MiB); --stall blocks the
// event loop for MS ms right after ip starts, so a small buffer must overflow: the kernel then
// reports ENOBUFS, which the client throws as OverrunError; the loop counts it and goes on.
// Prints one JSON line { received, expected, overruns, ipMs, ms }.
import { spawn } from 'node:child_process';
import { family, flags, core } from './nlkit.mjs';

const f = flags();
const rt = await family(f.ir);
const expected = Number(f.expect);
const client = await core.FamilyClient.open(rt, {
  netns: f.netns,
  receiveBuffer: f['receive-buffer'] !== undefined ? Number(f['receive-buffer']) : undefined,
});
const it = client.notifications(['rtnlgrp-ipv4-route']);
// The group is joined on the way to the first next(): start pulling, let that settle, then
// start the writer.
let pending = it.next();
await new Promise((resolve) => setImmediate(resolve));

let received = 0;
let overruns = 0;
let ipMs = 0;
const t0 = performance.now();
const ip = spawn('ip', ['-n', f.netns, '-batch', f.batch], { stdio: ['ignore', 'ignore', 'inherit'] });
const ipExit = new Promise((resolve) => ip.on('exit', (code) => { ipMs = performance.now() - t0; resolve(code); }));
if (f.stall) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(f.stall));

// Until everything arrived, or nothing more came for 1 s after ip finished.
let idleTimer;
let lastSeen = performance.now();
const idle = ipExit.then(() => new Promise(function poll(resolve) {
  const left = 1000 - (performance.now() - lastSeen);
  if (left <= 0) resolve('idle');
  else idleTimer = setTimeout(() => poll(resolve), left);
}));
for (;;) {
  let r;
  try {
    r = await Promise.race([pending, idle]);
  } catch (err) {
    if (!(err instanceof core.OverrunError)) throw err;
    overruns++;
    pending = it.next();
    continue;
  }
  if (r === 'idle' || r.done) break;
  lastSeen = performance.now();
  if (r.value.name === 'newroute-ntf') received++;
  if (received >= expected) break;
  pending = it.next();
}
const ms = performance.now() - t0;
const code = await ipExit;
clearTimeout(idleTimer);
pending.catch(() => {});
await it.return?.();
client.close();
console.log(JSON.stringify({ received, expected, overruns, ipMs, ipExit: code, ms }));
