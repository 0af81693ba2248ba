/**
 * docs/cookbook.md runs as printed: each numbered section's snippet type-checks, runs with node
 * in a throwaway namespace prepared by the cookbook's own ```sh setup block, and does what the
 * section says, as `ip -j`, `tc -j`, `ethtool --json` and `genl` see it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNetns, kernelIt, sh, tcJson, withNetns, type Netns } from '@nlkit/testkit';
import { BlockRunner, blocksOf, REPO, type Block } from './blocks.js';

const COOKBOOK = 'docs/cookbook.md';
const { blocks, noRun, setup } = blocksOf(COOKBOOK);
const runner = new BlockRunner(blocks, 'cookbook');
afterAll(() => runner.remove());

/** What a section's snippet left behind: its namespace, the second one (`blue`), what it printed. */
interface Outcome {
  ns: Netns;
  blue: Netns;
  stdout: string;
}

interface IpLink {
  ifname: string;
  flags: string[];
  link?: string;
  linkinfo?: { info_kind?: string };
}
interface IpAddr {
  ifname: string;
  addr_info: Array<{ family: string; local: string; prefixlen: number; valid_life_time?: number; preferred_life_time?: number }>;
}
interface IpRoute {
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  nexthops?: Array<{ gateway: string; dev: string; weight: number }>;
}

const lines = (stdout: string) => stdout.split('\n').filter(Boolean);
const inside = (o: Outcome, cmd: string, ...args: string[]) => sh('ip', ['netns', 'exec', o.ns.name, cmd, ...args]);

/** Each section's effect, by its number. */
const CHECKS: Record<string, (o: Outcome) => void> = {
  '1': ({ ns }) => {
    const [veth2, veth3] = ['veth2', 'veth3'].map((n) => ns.ipJson<IpLink[]>('-d', 'link', 'show', n)[0]!);
    expect(veth2!.linkinfo?.info_kind).toBe('veth');
    expect(veth2!.link).toBe('veth3');
    expect(veth2!.flags).toContain('UP');
    expect(veth3!.flags).toContain('UP');
  },
  '2': ({ ns, blue }) => {
    expect(ns.ipJson<IpLink[]>('link', 'show').map((l) => l.ifname)).not.toContain('veth1');
    expect(blue.ipJson<IpLink[]>('link', 'show').map((l) => l.ifname)).toContain('veth1');
  },
  '3': ({ ns, stdout }) => {
    const info = ns.ipJson<IpAddr[]>('addr', 'show', 'dev', 'veth0')[0]!.addr_info;
    const v4 = info.find((a) => a.local === '10.0.0.5')!;
    expect(v4).toMatchObject({ family: 'inet', prefixlen: 24 });
    expect(v4.valid_life_time).toBeGreaterThan(3000);
    expect(v4.valid_life_time).toBeLessThanOrEqual(3600);
    expect(v4.preferred_life_time).toBeLessThanOrEqual(1800);
    expect(info.map((a) => a.local)).not.toContain('2001:db8::5');
    expect(lines(stdout)).toContainEqual(expect.stringMatching(/^\d+ 10\.0\.0\.5 (3[0-5]\d\d|3600)$/));
    expect(lines(stdout)).toContainEqual(expect.stringMatching(/^\d+ 10\.0\.0\.1 4294967295$/));
  },
  '4': ({ ns }) => {
    const routes = ns.ipJson<IpRoute[]>('route', 'show');
    expect(routes).toContainEqual(expect.objectContaining({ dst: '10.9.0.0/16', gateway: '10.0.0.3', dev: 'veth0', protocol: 'static' }));
    expect(routes.map((r) => r.dst)).not.toContain('10.8.0.0/16');
  },
  '5': ({ ns, stdout }) => {
    const route = ns.ipJson<IpRoute[]>('route', 'show', '192.0.2.0/24')[0]!;
    expect(route.nexthops).toEqual([
      expect.objectContaining({ gateway: '10.0.0.2', dev: 'veth0', weight: 1 }),
      expect.objectContaining({ gateway: '10.0.0.3', dev: 'veth0', weight: 3 }),
    ]);
    expect(lines(stdout)).toEqual(['192.0.2.0 10.0.0.2 1', '192.0.2.0 10.0.0.3 3']);
  },
  '6': ({ ns }) => {
    const entries = ns.ipJson<Array<{ dst: string; lladdr: string; state: string[] }>>('neigh', 'show', 'dev', 'veth0');
    expect(entries).toContainEqual(expect.objectContaining({ dst: '10.0.0.2', lladdr: '02:00:00:00:00:02', state: ['PERMANENT'] }));
  },
  '7': ({ ns }) => {
    const rules = ns.ipJson<Array<{ priority: number; src?: string; srclen?: number; table: string }>>('rule', 'show');
    expect(rules).toContainEqual(expect.objectContaining({ priority: 1000, src: '10.0.0.0', srclen: 24, table: '100' }));
  },
  '8': ({ ns }) => {
    const qdisc = tcJson<Array<{ kind: string; handle: string; root?: boolean; options?: Record<string, unknown> }>>(ns.name, 'qdisc', 'show', 'dev', 'veth0')[0]!;
    expect(qdisc).toMatchObject({ kind: 'htb', handle: '1:', root: true, options: { r2q: 10, default: '0x20' } });
    // tc prints htb classes only as text, even with -j.
    const text = sh('tc', ['-n', ns.name, 'class', 'show', 'dev', 'veth0']);
    expect(lines(text).map((l) => l.split(' ').slice(0, 3).join(' ')).sort()).toEqual(['class htb 1:1', 'class htb 1:10', 'class htb 1:20']);
    expect(text).toContain('class htb 1:1 root rate 10Mbit ceil 10Mbit');
    expect(text).toContain('class htb 1:10 parent 1:1 prio 1 rate 6Mbit ceil 10Mbit');
    expect(text).toContain('class htb 1:20 parent 1:1 prio 2 rate 4Mbit ceil 10Mbit');
  },
  '9': (o) => {
    const features = JSON.parse(inside(o, 'ethtool', '--json', '-k', 'veth0'))[0] as Record<string, { active: boolean }>;
    expect(features['generic-receive-offload']?.active).toBe(true);
    expect(features['tx-checksum-ip-generic']?.active).toBe(false);
    const active = o.stdout.trim().split(' ');
    expect(active).toContain('rx-gro');
    expect(active).not.toContain('tx-checksum-ip-generic');
  },
  '10': ({ ns, stdout }) => {
    expect(lines(stdout).at(-1)).toBe('veth1 down');
    expect(ns.ipJson<IpLink[]>('link', 'show', 'veth1')[0]!.flags).not.toContain('UP');
  },
  '11': (o) => {
    const { stdout } = o;
    // `genl ctrl list` prints "Name: nlctrl" and then "ID: 0x10 ..." for each family. Families
    // that are not netns-aware are missing from a namespace's view, so ask from inside it.
    const genl = inside(o, 'genl', 'ctrl', 'list');
    const theirs = [...genl.matchAll(/^Name: (\S+)\s*\n\s*ID: (0x[0-9a-f]+)/gm)].map((m) => `${m[1]} ${Number(m[2])}`).sort();
    const ours = lines(stdout).map((l) => l.split(' ').slice(0, 2).join(' ')).sort();
    expect(theirs.length).toBeGreaterThan(3);
    expect(ours).toEqual(theirs);
    expect(lines(stdout).find((l) => l.startsWith('nlctrl '))).toBe('nlctrl 16 notify');
  },
  '12': ({ ns, stdout }) => {
    // Every IPv4 route of every table, one JSON object a line, as ip lists them.
    const ours = lines(stdout).map((l) => JSON.parse(l) as { header: { rtmFamily: string; rtmDstLen: number; rtmType: string }; dst?: string; table: unknown });
    const theirs = ns.ipJson<Array<{ type?: string; dst: string }>>('-4', 'route', 'show', 'table', 'all');
    expect(ours.length).toBeGreaterThan(2);
    expect(ours.every((r) => r.header.rtmFamily === 'inet')).toBe(true);
    const key = (type: string, dst: string, len: number) => `${type} ${len === 32 || dst === 'default' ? dst : `${dst}/${len}`}`;
    expect(ours.map((r) => key(r.header.rtmType, r.dst ?? 'default', r.header.rtmDstLen)).sort())
      .toEqual(theirs.map((r) => `${r.type ?? 'unicast'} ${r.dst}`).sort());
  },
  '13': ({ ns }) => {
    expect(ns.ipJson<IpLink[]>('link', 'show').map((l) => l.ifname)).toEqual(['lo']);
    expect(ns.ipJson<Array<{ priority: number }>>('rule', 'show').map((r) => r.priority)).not.toContain(1000);
  },
};

/** The section number of a block: its heading reads `N. Title`. */
const sectionOf = (b: Block) => /^(\d+)\. /.exec(b.heading)?.[1] ?? '';

/** The cookbook's set-up, run for a namespace: its `ip netns add` lines are the test's own job. */
function prepare(ns: Netns): void {
  for (const b of setup) {
    const script = b.code
      .split('\n')
      .filter((l) => !/^\s*ip netns add\b/.test(l))
      .join('\n')
      .replace(/\bdemo\b/g, ns.name);
    sh('sh', ['-ec', script]);
  }
}

describe(`${COOKBOOK} runs as printed`, () => {
  it('thirteen numbered sections, one snippet each, a check for each, and a set-up', () => {
    const text = readFileSync(join(REPO, COOKBOOK), 'utf8');
    const sections = [...text.matchAll(/^## (\d+)\. /gm)].map((m) => m[1]);
    expect(sections).toEqual(Object.keys(CHECKS));
    expect(sections).toHaveLength(13);
    expect(blocks.map(sectionOf)).toEqual(sections);
    expect(blocks.every((b) => b.lang === 'ts')).toBe(true);
    expect(setup).toHaveLength(1);
    expect(noRun).toEqual([]);
  });

  for (const b of blocks) {
    kernelIt(`${COOKBOOK}:${b.line} §${b.heading}`, async () => {
      expect(runner.typeErrors(b), `${COOKBOOK}:${b.line} does not type-check`).toBeUndefined();
      const check = CHECKS[sectionOf(b)];
      expect(check, `no check for section "${b.heading}"`).toBeDefined();
      await withNetns(async (ns) => {
        prepare(ns);
        const blue = createNetns('cookbook-blue');
        try {
          const r = runner.run(b, ns.name, { demo: ns.name, blue: blue.name });
          expect(r.status, `${COOKBOOK}:${b.line} exited ${r.status}\n${r.stderr}\n${r.stdout}`).toBe(0);
          check!({ ns, blue, stdout: r.stdout });
        } finally {
          blue.delete();
        }
      }, 'cookbook');
    }, 120_000);
  }
});
