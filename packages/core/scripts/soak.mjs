#!/usr/bin/env node
// The long soak: `node scripts/soak.mjs --minutes 10` (root; makes and removes its own netns).
// Same workload as the suite's bounded soak, for as long as asked; prints the child's figures.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const i = process.argv.indexOf('--minutes');
const minutes = i > 0 ? Number(process.argv[i + 1]) : 10;
if (!(minutes > 0)) {
  console.error('usage: soak.mjs --minutes N');
  process.exit(2);
}
const ns = `nlkit-soak-${process.pid}`;
const child = fileURLToPath(new URL('../test/soak/soak-child.mjs', import.meta.url));
execFileSync('ip', ['netns', 'add', ns]);
// The namespace goes away on Ctrl-C or a kill too, not only when the run ends.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    try { execFileSync('ip', ['netns', 'del', ns]); } catch { /* already gone */ }
    process.exit(130);
  });
}
try {
  execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  execFileSync('ip', ['-n', ns, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb']);
  const out = execFileSync(process.execPath, ['--expose-gc', child, ns, String(Number.MAX_SAFE_INTEGER), String(minutes * 60)], { encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop());
  console.log(JSON.stringify(r, null, 2));
  const [start, , end] = r.samples;
  const ok = r.unexpected.length === 0 && end.fds === start.fds;
  console.log(ok ? `soak passed: ${r.ops} ops in ${minutes} min, heap ${start.heap} -> ${end.heap}` : 'soak FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  execFileSync('ip', ['netns', 'del', ns]);
}
