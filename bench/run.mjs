#!/usr/bin/env node
// nlkit benchmarks against iproute2, libmnl, pyroute2 and the npm package `netlink`, each
// workload in a throwaway network namespace. Reports only: it never fails a build.
//
//   pnpm bench                      (= turbo run build && node bench/run.mjs)
//   node bench/run.mjs [--routes 100000] [--links 1000] [--create 10000] [--notify 100000]
//                      [--stream 1000000] [--rules 10000] [--conntrack 20000] [--runs 7]
//                      [--only routes|oneshot|links|create|notify|rss|nftables|conntrack]
//                      [--out bench/RESULTS.md] [--svg bench/results.svg]
//
// Peers are optional (bash bench/setup-peers.sh); a missing one is reported "not available".
// Must run as root (network namespaces). See bench/README.md.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flags, nthAddress } from './lib/nlkit.mjs';
import { ratioChart } from './lib/chart.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const f = flags();
const opt = {
  routes: Number(f.routes ?? 100000),
  links: Number(f.links ?? 1000),
  create: Number(f.create ?? 10000),
  notify: Number(f.notify ?? 100000),
  stream: Number(f.stream ?? 1000000),
  rules: Number(f.rules ?? 10000),
  conntrack: Number(f.conntrack ?? 20000),
  runs: Math.max(1, Number(f.runs ?? 7)),
  only: typeof f.only === 'string' ? f.only.split(',') : undefined,
  out: typeof f.out === 'string' ? f.out : join(HERE, 'RESULTS.md'),
  svg: typeof f.svg === 'string' ? f.svg : join(HERE, 'results.svg'),
};
// Peers are optional: their sources come from NLKIT_BENCH_PEERS (a bench-peers checkout), and
// bench/setup-peers.sh builds them into NLKIT_BENCH_PEER_BUILD (default: under the temp dir).
const PEERS = process.env.NLKIT_BENCH_PEER_BUILD ?? join(tmpdir(), 'nlkit-bench-peers');
const SHARED = process.env.NLKIT_BENCH_PEERS;
const work = mkdtempSync(join(tmpdir(), 'nlkit-bench-'));
// The CLI runs with its own IR cache, warmed once before it is timed (as on a user's machine).
const CLI = join(ROOT, 'packages', 'cli', 'bin', 'nlkit.cjs');
const CLI_ENV = { XDG_CACHE_HOME: join(work, 'cache'), NLKIT_NO_CACHE: '' };
const devnull = openSync('/dev/null', 'w');

// ---------------------------------------------------------------- netns and processes

const live = new Set();
function cleanup() {
  for (const ns of live) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  live.clear();
}
process.on('exit', () => { cleanup(); rmSync(work, { recursive: true, force: true }); });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { cleanup(); process.exit(130); });

/** Runs fn(ns) in a fresh netns (lo up, veth v0/v1 with v0 up, 10.0.0.1/8); always deletes it. */
async function withNetns(tag, fn) {
  const ns = `nlkit-bench-${tag}-${process.pid}`;
  spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  sh('ip', ['netns', 'add', ns]);
  live.add(ns);
  try {
    sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    sh('ip', ['-n', ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
    sh('ip', ['-n', ns, 'link', 'set', 'v0', 'up']);
    sh('ip', ['-n', ns, 'addr', 'add', '10.0.0.1/8', 'dev', 'v0']);
    return await fn(ns);
  } finally {
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    live.delete(ns);
  }
}

function sh(cmd, args, options = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, ...options });
}

/** An `ip -batch` file adding n routes 10.x.y.z/32 dev v0 (x from `base`). */
function routeBatch(n, base = 1, name = `routes-${n}-${base}`) {
  const path = join(work, `${name}.batch`);
  if (!existsSync(path)) {
    const lines = new Array(n);
    for (let i = 0; i < n; i++) lines[i] = `route add ${nthAddress(i, base)}/32 dev v0`;
    writeFileSync(path, lines.join('\n') + '\n');
  }
  return path;
}

function addRoutes(ns, n) {
  if (n > 0) sh('ip', ['-n', ns, '-batch', routeBatch(n)]);
}

/** Wall time of a whole process, in ms; stdout goes to /dev/null unless `capture`. */
function wall(cmd, args, { env, capture = false } = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', capture ? 'pipe' : devnull, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}: ${(r.stderr ?? '').slice(-500)}`);
  return { ms, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs a node script of ours and parses the JSON line it prints (stdout, or stderr). */
function nodeJson(script, args, { stream = 'stdout' } = {}) {
  const r = wall(process.execPath, [join(HERE, 'lib', script), ...args], { capture: stream === 'stdout' });
  const text = stream === 'stdout' ? r.stdout : r.stderr;
  const line = text.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`${script} printed no result: ${r.stderr.slice(-500)}`);
  return { ...JSON.parse(line), wallMs: r.ms };
}

function inProcessMs(stdout) {
  const m = /count=(\d+) ms=([\d.]+)/.exec(stdout);
  return m ? { count: Number(m[1]), ms: Number(m[2]) } : undefined;
}

/**
 * Two whole processes timed in turn, A B A B ..., after one unmeasured run of each: the ratio
 * is taken pair by pair, so a machine that speeds up or slows down during the run moves both.
 */
function pairs(a, b, n) {
  wall(...a);
  wall(...b);
  const as = [];
  const bs = [];
  const ratios = [];
  for (let i = 0; i < n; i++) {
    const x = wall(...a).ms;
    const y = wall(...b).ms;
    as.push(x);
    bs.push(y);
    ratios.push(x / y);
  }
  return { a: as, b: bs, ratio: median(ratios), ratios };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
/** 100000 -> '100k', 1001 -> '1k' (for labels). */
const k = (n) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const spread = (xs) => (xs.length ? `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}, n=${xs.length})` : '–');

// ---------------------------------------------------------------- peers

const peers = {
  libmnl: join(PEERS, 'libmnl', 'dump_routes'),
  pyroute2: SHARED ? join(SHARED, 'pyroute2') : '',
  netlink: join(PEERS, 'node-netlink'),
};
const has = {
  ip: spawnSync('ip', ['-V'], { stdio: 'ignore' }).status === 0,
  libmnl: existsSync(peers.libmnl),
  pyroute2: peers.pyroute2 !== '' && existsSync('/usr/bin/python3') && existsSync(peers.pyroute2)
    && spawnSync('/usr/bin/python3', ['-c', 'import pyroute2'], { stdio: 'ignore' }).status === 0,
  netlink: existsSync(join(peers.netlink, 'node_modules', 'netlink')),
};
const NA = 'not available (NLKIT_BENCH_PEERS=<bench-peers dir> bash bench/setup-peers.sh)';

// ---------------------------------------------------------------- IR for the child scripts

async function writeIr() {
  const { loadSchemaFileSync } = await import(new URL('packages/ynl/dist/index.js', `file://${ROOT}/`).href);
  const out = {};
  for (const name of ['rt-route', 'rt-link']) {
    out[name] = join(work, `${name}.json`);
    writeFileSync(out[name], JSON.stringify(loadSchemaFileSync(join(ROOT, 'schemas', `${name}.yaml`))));
  }
  return out;
}

// ---------------------------------------------------------------- workloads

const results = []; // { workload, rows: [[name, value, note]], targets: [{ text, ratio, met }] }
const log = (...a) => console.log(...a);

/** A row of the targets table: `value` against `limit`, lower (or higher) is better. */
function target(text, value, limit, better, short) {
  const met = Number.isFinite(value) ? (better === 'lower' ? value <= limit : value >= limit) : undefined;
  return { text, value, limit, better, met, short };
}

async function routesWorkload() {
  const n = opt.routes;
  log(`\n## routes: dump ${n} IPv4 routes, decoded (${opt.runs} runs)`);
  return withNetns('routes', async (ns) => {
    addRoutes(ns, n);
    const rows = [];
    const nl = nodeJson('dump-routes.mjs', ['--netns', ns, '--runs', String(opt.runs)]);
    const nlMs = median(nl.ms);
    rows.push(['nlkit: `@nlkit/rt-route` `getrouteDump` (in-process, warm)', nl.count, spread(nl.ms)]);
    log(`  nlkit ${spread(nl.ms)} count=${nl.count}`);

    let mnlMs = NaN;
    if (has.libmnl) {
      const xs = [];
      let count;
      for (let i = 0; i <= opt.runs; i++) {
        const r = inProcessMs(wall(peers.libmnl, [], { env: { NETNS: ns }, capture: true }).stdout);
        count = r.count;
        if (i > 0) xs.push(r.ms);
      }
      mnlMs = median(xs);
      rows.push(['libmnl dump_routes (C, in-process)', count, spread(xs)]);
      log(`  libmnl ${spread(xs)}`);
    } else rows.push(['libmnl dump_routes (C, in-process)', '', NA]);

    // The CLI against ip, whole process, both writing JSON for every IPv4 route to /dev/null.
    const cliArgs = [CLI, 'rt-route', 'getroute', '--dump', '-o', 'ndjson', '--json', '{"header":{"rtmFamily":2}}', '--netns', ns];
    const lines = wall(process.execPath, cliArgs, { env: CLI_ENV, capture: true }).stdout.split('\n').filter(Boolean).length;
    const ipArgs = ['-n', ns, '-j', '-4', 'route', 'show', 'table', 'all'];
    const cli = pairs([process.execPath, cliArgs, { env: CLI_ENV }], ['ip', ipArgs], opt.runs);
    rows.push(['`nlkit rt-route getroute --dump -o ndjson` (whole process, > /dev/null)', lines, spread(cli.a)]);
    rows.push(['`ip -j -4 route show table all` (whole process, > /dev/null)', '', spread(cli.b)]);
    log(`  nlkit CLI ${spread(cli.a)} lines=${lines}; ip -j ${spread(cli.b)}; ratio ${fmt(cli.ratio, 2)}`);

    const slowRuns = Math.min(opt.runs, 3);
    let pyMs = NaN;
    if (has.pyroute2) {
      const xs = [];
      let count;
      for (let i = 0; i < slowRuns; i++) {
        const r = inProcessMs(wall('/usr/bin/python3', [join(peers.pyroute2, 'dump_routes.py')], { env: { NETNS: ns, MODE: 'setns' }, capture: true }).stdout);
        count = r.count;
        xs.push(r.ms);
      }
      pyMs = median(xs);
      rows.push(['pyroute2 0.7 (in-process, setns)', count, spread(xs)]);
      log(`  pyroute2 ${spread(xs)}`);
    } else rows.push(['pyroute2', '', NA]);

    let npmMs = NaN;
    if (has.netlink) {
      const xs = [];
      let count;
      for (let i = 0; i < slowRuns; i++) {
        const r = inProcessMs(wall('ip', ['netns', 'exec', ns, process.execPath, join(peers.netlink, 'dump-routes.mjs')], { capture: true }).stdout);
        count = r.count;
        xs.push(r.ms);
      }
      npmMs = median(xs);
      rows.push(['npm `netlink` 0.3 (in-process, first run in its process)', count, spread(xs)]);
      log(`  netlink ${spread(xs)}`);
    } else rows.push(['npm `netlink`', '', NA]);

    return {
      workload: `Dump ${n} IPv4 routes (ms)`,
      rows,
      notes: [
        'nlkit and libmnl time socket open (inside the netns) + dump + decode of every message, warm (after 2 unmeasured runs for nlkit, 1 for libmnl).',
        'The CLI and `ip` run as whole processes in turn (A B A B …, one unmeasured run each first); their ratio is the median of the pairwise ratios. The CLI reads its IR from its cache (warmed first), as it does on a user\'s machine after the first run.',
        'pyroute2 and npm `netlink` get at most 3 runs (they are slow); npm `netlink` cannot be warmed up (one dump per process).',
        `For scale: pyroute2 / nlkit ${fmt(pyMs / nlMs)}×, npm \`netlink\` / nlkit ${fmt(npmMs / nlMs)}×.`,
      ],
      targets: [
        target(`${k(n)} routes dumped + decoded in-process (\`@nlkit/rt-route\`), warm: nlkit / libmnl`, nlMs / mnlMs, 1.5, 'lower', `${k(n)} routes dumped in-process / libmnl`),
        target(`\`nlkit rt-route getroute --dump -o ndjson\`, ${k(n)} routes, whole process: nlkit / \`ip -j route show\``, cli.ratio, 1.5, 'lower', `CLI ndjson, ${k(n)} routes / ip -j route show`),
      ],
    };
  });
}

async function oneshotWorkload() {
  const runs = Math.max(opt.runs, 11);
  log(`\n## oneshot: one CLI request, whole process (${runs} pairs)`);
  return withNetns('oneshot', async (ns) => {
    const args = [CLI, 'rt-link', 'getlink', '--json', '{"ifname":"lo"}', '--netns', ns];
    const out = wall(process.execPath, args, { env: CLI_ENV, capture: true }).stdout;
    if (JSON.parse(out).ifname !== 'lo') throw new Error(`unexpected reply: ${out.slice(0, 200)}`);
    const r = pairs([process.execPath, args, { env: CLI_ENV }], [process.execPath, ['-e', '0']], runs);
    log(`  nlkit ${spread(r.a)}; node -e 0 ${spread(r.b)}; ratio ${fmt(r.ratio, 2)}`);
    return {
      workload: 'One-shot CLI request, whole process (wall ms)',
      rows: [
        ['`nlkit rt-link getlink --json \'{"ifname":"lo"}\'` (--netns, IR from the cache)', 1, spread(r.a)],
        ['`node -e 0`', '', spread(r.b)],
      ],
      notes: ['Run in turn (A B A B …); the ratio is the median of the pairwise ratios. The request goes to a throwaway netns (`--netns`), so the figure includes opening it.'],
      targets: [target('one-shot `nlkit rt-link getlink --json \'{"ifname":"lo"}\'`, whole process: nlkit / `node -e 0`', r.ratio, 1.6, 'lower', 'CLI one-shot request / node -e 0')],
    };
  });
}

async function linksWorkload() {
  const n = opt.links;
  const pairsCount = Math.max(0, Math.ceil((n - 3) / 2));
  log(`\n## links: dump ${n} links with every attribute, whole process (${opt.runs} runs)`);
  return withNetns('links', async (ns) => {
    if (pairsCount > 0) {
      const path = join(work, `links-${pairsCount}.batch`);
      writeFileSync(path, Array.from({ length: pairsCount }, (_, i) => `link add va${i} type veth peer name vb${i}`).join('\n') + '\n');
      sh('ip', ['-n', ns, '-batch', path]);
    }
    const total = JSON.parse(sh('ip', ['-n', ns, '-j', 'link', 'show'])).length;
    const script = [process.execPath, [join(HERE, 'lib', 'dump-links.mjs'), '--netns', ns]];
    const node0 = [process.execPath, ['-e', '0']];
    const lib = pairs(script, node0, opt.runs);
    log(`  nlkit ${spread(lib.a)} links=${total}; node -e 0 ${spread(lib.b)}; ratio ${fmt(lib.ratio, 2)}`);
    // The floor under the row: the same process and dump, replies neither decoded nor written.
    const floor = pairs([process.execPath, [join(HERE, 'lib', 'dump-links.mjs'), '--netns', ns, '--raw']], node0, opt.runs);
    log(`  floor (no decoding, no output) ${spread(floor.a)}; ratio ${fmt(floor.ratio, 2)}`);
    const cliArgs = [CLI, 'rt-link', 'getlink', '--dump', '-o', 'ndjson', '--netns', ns];
    wall(process.execPath, cliArgs, { env: CLI_ENV });
    const cli = pairs([process.execPath, cliArgs, { env: CLI_ENV }], node0, opt.runs);
    log(`  nlkit CLI ${spread(cli.a)}; ratio ${fmt(cli.ratio, 2)}`);
    const ipx = [];
    for (let i = 0; i <= opt.runs; i++) {
      const r = wall('ip', ['-n', ns, '-j', '-d', 'link', 'show']);
      if (i > 0) ipx.push(r.ms);
    }
    log(`  ip -j -d ${spread(ipx)}`);
    return {
      workload: `Dump ${total} links with all attributes, whole process (wall ms)`,
      rows: [
        ['nlkit: dump-links.mjs (`@nlkit/rt-link` `getlinkDump`, JSON lines)', total, spread(lib.a)],
        ['`node -e 0` (in turn with the row above)', '', spread(lib.b)],
        ['floor: dump-links.mjs --raw (start-up, package, socket, the same dump; nothing decoded or written)', total, `${spread(floor.a)}; ${fmt(floor.ratio, 2)}× \`node -e 0\``],
        ['nlkit CLI: `nlkit rt-link getlink --dump -o ndjson`', total, `${spread(cli.a)}; ${fmt(cli.ratio, 2)}× \`node -e 0\``],
        ['`ip -j -d link show` (whole process, > /dev/null)', total, spread(ipx)],
      ],
      notes: [
        'Each writes every link as JSON to /dev/null. nlkit rows run in turn with `node -e 0` (A B A B …); ratios are medians of the pairwise ratios.',
        `The floor row is what no decoder can go below: with nothing decoded it is already ${fmt(floor.ratio, 2)}× \`node -e 0\` of the ≤ 2× target, which leaves about ${fmt(Math.max(0, (2 - floor.ratio) * median(floor.b)), 0)} ms (the rest of the target, at the \`node -e 0\` time of the floor's own pairs, ${fmt(median(floor.b), 1)} ms) for decoding ${total} links with every attribute and writing them as JSON.`,
        `For scale: dump-links.mjs / \`ip -j -d link show\` ${fmt(median(lib.a) / median(ipx), 1)}× (Node's own start-up alone is ${fmt(median(lib.b) / median(ipx), 1)}× ip's whole run).`,
      ],
      targets: [target(`${k(total)} links with all attributes, whole process (\`@nlkit/rt-link\`): nlkit / \`node -e 0\``, lib.ratio, 2, 'lower', `${k(total)} links, whole process / node -e 0`)],
    };
  });
}

async function createWorkload() {
  const n = opt.create;
  const runs = Math.min(opt.runs, 3);
  log(`\n## create: ${n} routes (${runs} runs, fresh netns each)`);
  const ifindex = (ns) => JSON.parse(sh('ip', ['-n', ns, '-j', 'link', 'show', 'v0']))[0].ifindex;
  let api = '';
  const measure = async (mode, times = runs) => {
    const xs = [];
    for (let i = 0; i < times; i++) {
      await withNetns('create', async (ns) => {
        if (mode === 'ip') {
          xs.push(wall('ip', ['-n', ns, '-batch', routeBatch(n, 20, `create-${n}`)]).ms);
        } else {
          const r = nodeJson('create-routes.mjs', ['--netns', ns, '--oif', String(ifindex(ns)), '--count', String(n), '--mode', mode, '--base', '20']);
          if (r.created !== n) throw new Error(`created ${r.created} of ${n}`);
          xs.push(r.ms);
          api = r.api ?? api;
        }
        const have = sh('ip', ['-n', ns, '-4', 'route', 'show', 'dev', 'v0', 'proto', 'boot']).split('\n').filter((l) => l.startsWith('10.20.')).length;
        if (have !== n) throw new Error(`${mode}: ${have} routes in the table, want ${n}`);
      });
    }
    return xs;
  };
  const seq = await measure('seq');
  log(`  nlkit one at a time ${spread(seq)}`);
  // Batch and ip in turn, so drift moves both.
  const batch = [];
  const ipb = [];
  for (let i = 0; i < runs; i++) {
    batch.push(...await measure('batch', 1));
    ipb.push(...await measure('ip', 1));
  }
  log(`  nlkit ${api} ${spread(batch)}`);
  log(`  ip -batch ${spread(ipb)}`);
  const ratios = batch.map((x, i) => x / ipb[i]);
  return {
    workload: `Create ${n} routes (ms)`,
    rows: [
      ['nlkit, `newroute` one request + ack at a time (in-process)', n, spread(seq)],
      [`nlkit, \`${api}\` (batch: pipelined, in-process)`, n, spread(batch)],
      ['`ip -batch` (whole process)', n, spread(ipb)],
    ],
    notes: [
      'Every run starts from an empty netns; the route count is checked with `ip route show` afterwards. The nlkit requests are checked byte for byte against what `ip route add` sends before they go out.',
      `The batch and \`ip -batch\` runs alternate; the ratio is the median of the pairwise ratios (${ratios.map((r) => fmt(r, 2)).join(', ')}).`,
    ],
    targets: [target(`${k(n)} routes created in-process (\`${api}\`): nlkit / \`ip -batch\``, median(ratios), 0.9, 'lower', `${k(n)} routes created, batch / ip -batch`)],
  };
}

async function notifyWorkload(ir) {
  const n = opt.notify;
  log(`\n## notify: ${n} route notifications while \`ip -batch\` adds routes`);
  const normal = await withNetns('notify', async (ns) =>
    nodeJson('monitor.mjs', ['--ir', ir['rt-route'], '--netns', ns, '--batch', routeBatch(n, 30, `notify-${n}`), '--expect', String(n)]));
  log(`  received ${normal.received}/${normal.expected}, overruns ${normal.overruns}, ip ${fmt(normal.ipMs)} ms`);
  const small = Math.min(n, 10000);
  const forced = await withNetns('overrun', async (ns) =>
    nodeJson('monitor.mjs', ['--ir', ir['rt-route'], '--netns', ns, '--batch', routeBatch(small, 30, `notify-${small}`), '--expect', String(small), '--receive-buffer', '4096', '--stall', '300']));
  log(`  forced: received ${forced.received}/${forced.expected}, overruns ${forced.overruns}`);
  return {
    workload: `Route notifications (RTNLGRP_IPV4_ROUTE) while \`ip -batch\` adds routes`,
    rows: [
      ['default receive buffer (4 MiB)', `${normal.received} / ${normal.expected} received`, `overruns ${normal.overruns}; ip took ${fmt(normal.ipMs)} ms (${fmt(normal.expected / normal.ipMs * 1000, 0)} routes/s)`],
      ['forced: SO_RCVBUF 4096 (receiveBuffer), event loop blocked 300 ms', `${forced.received} / ${forced.expected} received`, `overruns reported (OverrunError): ${forced.overruns}`],
    ],
    notes: ['An overrun is the kernel\'s ENOBUFS on the socket; the client throws it as OverrunError and iterating again continues.'],
    targets: [
      target('no notification lost at ip\'s rate (received / sent)', normal.received / normal.expected, 1, 'higher', 'notifications received / sent'),
      target('forced overrun reported (OverrunError count)', forced.overruns, 1, 'higher', 'forced overrun reported'),
    ],
  };
}

async function rssWorkload(ir) {
  const big = opt.stream;
  const small = Math.min(opt.routes, big);
  log(`\n## rss: stream ${small} and ${big} routes as ndjson to /dev/null`);
  const measure = (count) => withNetns('rss', async (ns) => {
    const t0 = performance.now();
    addRoutes(ns, count);
    log(`  fixture ${count} routes in ${fmt((performance.now() - t0) / 1000)} s`);
    return nodeJson('stream-routes.mjs', ['--ir', ir['rt-route'], '--netns', ns], { stream: 'stderr' });
  });
  const a = await measure(small);
  log(`  ${a.count}: peak RSS ${a.peakRssKiB} KiB in ${fmt(a.ms)} ms`);
  const b = await measure(big);
  log(`  ${b.count}: peak RSS ${b.peakRssKiB} KiB in ${fmt(b.ms)} ms`);
  const mib = (k) => fmt(k / 1024);
  return {
    workload: 'Peak RSS while streaming a route dump as ndjson to /dev/null',
    rows: [
      [`${a.count} routes`, `${mib(a.peakRssKiB)} MiB`, `${fmt(a.ms)} ms`],
      [`${b.count} routes`, `${mib(b.peakRssKiB)} MiB`, `${fmt(b.ms)} ms`],
    ],
    notes: ['Peak RSS is the child\'s VmHWM (/proc/self/status) at exit; the child is a fresh node process.'],
    targets: [target(`peak RSS at ${b.count} ≤ 1.3× at ${a.count}`, b.peakRssKiB / a.peakRssKiB, 1.3, 'lower', 'peak RSS streaming, 1M / 100k routes')],
  };
}

// ---------------------------------------------------------------- main

/** An `nft -f` file with the ruleset nft-rules.mjs makes in one transaction. */
function nftRulesFile(n) {
  const path = join(work, `nft-rules-${n}.nft`);
  if (!existsSync(path)) {
    const lines = ['add table ip bench', 'add chain ip bench c { type filter hook input priority 0; policy accept; }'];
    for (let i = 0; i < n; i++) lines.push(`add rule ip bench c ip saddr ${nthAddress(i, 40)} counter accept`);
    writeFileSync(path, lines.join('\n') + '\n');
  }
  return path;
}

async function nftablesWorkload() {
  const n = opt.rules;
  const runs = Math.min(opt.runs, 3);
  log(`\n## nftables: ${n} rules in one transaction (${runs} runs, fresh netns each)`);
  const count = (ns) => sh('ip', ['netns', 'exec', ns, 'nft', 'list', 'chain', 'ip', 'bench', 'c']).split('\n').filter((l) => l.includes('counter packets')).length;
  const nl = [];
  const nlWarm = [];
  const nlWall = [];
  const nftx = [];
  for (let i = 0; i < runs; i++) {
    await withNetns('nft', async (ns) => {
      const r = nodeJson('nft-rules.mjs', ['--netns', ns, '--count', String(n)]);
      if (r.rules !== n || count(ns) !== n) throw new Error(`nlkit: ${count(ns)} rules in the chain, want ${n}`);
      nl.push(r.ms);
      nlWall.push(r.wallMs);
    });
    await withNetns('nft', async (ns) => {
      const r = nodeJson('nft-rules.mjs', ['--netns', ns, '--count', String(n), '--warm']);
      if (r.rules !== n || count(ns) !== n) throw new Error(`nlkit (warm): ${count(ns)} rules in the chain, want ${n}`);
      nlWarm.push(r.warmMs);
    });
    await withNetns('nft', async (ns) => {
      nftx.push(wall('ip', ['netns', 'exec', ns, 'nft', '-f', nftRulesFile(n)]).ms);
      if (count(ns) !== n) throw new Error(`nft -f: ${count(ns)} rules in the chain, want ${n}`);
    });
  }
  log(`  nlkit transaction ${spread(nl)} (warm ${spread(nlWarm)}; whole process ${spread(nlWall)}); nft -f ${spread(nftx)}`);
  return {
    workload: `nftables: ${n} rules in one transaction (ms)`,
    rows: [
      ['nlkit `transaction()` (in-process: build, encode, send, commit)', n, spread(nl)],
      ['nlkit `transaction()`, warm (the same load again in that process)', n, spread(nlWarm)],
      ['nlkit, whole process (node start-up included)', n, spread(nlWall)],
      ['`nft -f` (whole process)', n, spread(nftx)],
    ],
    notes: ['Both load table ip bench, a base input chain and the same rules `ip saddr 10.x.y.z counter accept` as one batch into an empty netns; the rule count is checked with `nft list chain` afterwards.'],
    targets: [
      target('nlkit transaction (whole process) faster than `nft -f`', median(nftx) / median(nlWall), 1, 'higher', 'nft -f / nlkit transaction'),
      target('nlkit transaction (warm, in-process) faster than `nft -f`', median(nftx) / median(nlWarm), 1, 'higher', 'nft -f / nlkit warm transaction'),
    ],
  };
}

async function conntrackWorkload() {
  const n = opt.conntrack;
  log(`\n## conntrack: dump ${n} entries (${opt.runs} runs)`);
  return withNetns('ct', async (ns) => {
    nodeJson('ct-fill.mjs', ['--netns', ns, '--count', String(n)]);
    const have = Number(sh('ip', ['netns', 'exec', ns, 'conntrack', '-C']).trim());
    if (have !== n) throw new Error(`${have} conntrack entries, want ${n}`);
    const nl = nodeJson('ct-dump.mjs', ['--netns', ns, '--runs', String(opt.runs)]);
    if (nl.count !== n) throw new Error(`nlkit dumped ${nl.count} entries, want ${n}`);
    const ctx = [];
    for (let i = 0; i <= opt.runs; i++) {
      const r = wall('ip', ['netns', 'exec', ns, 'conntrack', '-L']);
      if (i > 0) ctx.push(r.ms);
    }
    log(`  nlkit ${spread(nl.ms)}; conntrack -L ${spread(ctx)}`);
    return {
      workload: `conntrack: dump ${n} entries, decoded (ms)`,
      rows: [
        ['nlkit `getctDump` (in-process, warm)', nl.count, spread(nl.ms)],
        ['`conntrack -L` (whole process, > /dev/null)', n, spread(ctx)],
      ],
      notes: ['The table holds UDP entries made through ctnetlink (ct-fill.mjs) and is checked with `conntrack -C`.'],
      targets: [target('nlkit dump faster than `conntrack -L`', median(ctx) / median(nl.ms), 1, 'higher', 'conntrack -L / nlkit dump')],
    };
  });
}

const workloads = { routes: routesWorkload, oneshot: oneshotWorkload, links: linksWorkload, create: createWorkload, notify: notifyWorkload, rss: rssWorkload, nftables: nftablesWorkload, conntrack: conntrackWorkload };

function machine() {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    kernel: release(),
    node: process.version,
    date: new Date().toISOString(),
    iproute2: has.ip ? sh('ip', ['-V']).trim() : 'not available',
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
}

function report(m, elapsed) {
  const L = [];
  L.push('# nlkit benchmark results', '');
  L.push('Written by `pnpm bench` (bench/run.mjs). Compare figures only within one run: the machine is shared and noisy.', '');
  L.push('| | |', '| --- | --- |');
  L.push(`| date | ${m.date} |`, `| CPU | ${m.cpu} (${m.cores} cores) |`, `| kernel | ${m.kernel} |`, `| node | ${m.node} |`, `| iproute2 | ${m.iproute2} |`);
  L.push(`| load average at start | ${m.load} |`, `| flags | routes ${opt.routes}, links ${opt.links}, create ${opt.create}, notify ${opt.notify}, stream ${opt.stream}, rules ${opt.rules}, conntrack ${opt.conntrack}, runs ${opt.runs}${opt.only ? `, only ${opt.only.join(',')}` : ''} |`);
  L.push(`| peers | libmnl ${has.libmnl ? 'yes' : 'no'}, pyroute2 ${has.pyroute2 ? 'yes' : 'no'}, npm netlink ${has.netlink ? 'yes' : 'no'}, iproute2 ${has.ip ? 'yes' : 'no'} |`);
  L.push(`| total time | ${fmt(elapsed / 1000)} s |`, '');
  L.push('## Targets', '', '![ratios against targets](results.svg)', '', '| row | measured | target | measured / target | |', '| --- | --- | --- | --- | --- |');
  for (const r of results) for (const t of r.targets) {
    const measured = Number.isFinite(t.value) ? fmt(t.value, 2) : 'peer not available';
    const rel = Number.isFinite(t.value) ? fmt(t.value / t.limit, 2) : '–';
    L.push(`| ${t.text} | ${measured} | ${t.better === 'lower' ? '≤' : '≥'} ${t.limit} | ${rel} | ${t.met === undefined ? '–' : t.met ? 'met' : '**not met**'} |`);
  }
  L.push('', 'Within this run: a ≤ row is nlkit over its peer (lower is better), a ≥ row the peer over nlkit or a count (higher is better). In-process figures are medians over medians; whole processes run in turn with their peer give the median of the pairwise ratios.', '');
  for (const r of results) {
    L.push(`## ${r.workload}`, '');
    if (r.error) { L.push(`Failed: \`${r.error}\``, ''); continue; }
    L.push('| case | count | median (min–max, n) |', '| --- | --- | --- |');
    for (const row of r.rows) L.push(`| ${row.join(' | ')} |`);
    L.push('');
    for (const n of r.notes ?? []) L.push(`- ${n}`);
    L.push('');
  }
  return L.join('\n');
}

const t0 = performance.now();
const m = machine();
log(`nlkit bench: ${m.cpu} x${m.cores}, ${m.kernel}, node ${m.node}, load ${m.load}`);
log(`peers: libmnl ${has.libmnl ? 'yes' : NA}; pyroute2 ${has.pyroute2 ? 'yes' : NA}; npm netlink ${has.netlink ? 'yes' : NA}`);
if (process.getuid?.() !== 0) log('warning: not root; network namespaces will fail');
const ir = await writeIr();
for (const [name, fn] of Object.entries(workloads)) {
  if (opt.only && !opt.only.includes(name)) continue;
  try {
    results.push(await fn(ir));
  } catch (err) {
    log(`  ${name} failed: ${err.message}`);
    results.push({ workload: name, error: err.message.split('\n')[0], rows: [], targets: [] });
  }
}
cleanup();
writeFileSync(opt.out, report(m, performance.now() - t0) + '\n');
const chartRows = results.flatMap((r) => r.targets).map((t) => ({ label: t.short ?? t.text.replace(/`/g, '').slice(0, 62), value: t.value, limit: t.limit, better: t.better, met: t.met }));
writeFileSync(opt.svg, ratioChart(chartRows, { title: `nlkit bench ${m.date.slice(0, 10)}: ratio against target` }));
log(`\nwrote ${opt.out} and ${opt.svg}`);
for (const r of results) for (const t of r.targets) log(`  ${t.met === undefined ? '–' : t.met ? 'met    ' : 'NOT MET'}  ${t.text}: ${fmt(t.value, 2)}`);
process.exitCode = 0;
