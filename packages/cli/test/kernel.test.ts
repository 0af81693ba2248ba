/** The nlkit binary against the real kernel, each test in a throwaway network namespace. */
import { describe, expect } from 'vitest';
import { closeSync, existsSync, openSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { nlkit, nlkitBackground, nlkitToFd, oneLine, REPO } from './helpers.js';

interface IpLink { ifindex: number; ifname: string; mtu: number; address?: string; link?: string }

describe('nlkit against the kernel', () => {
  kernelIt('getlink --dump matches ip -j link (names, ifindex, mtu)', () => withNetns((ns) => {
    ns.ip('link', 'add', 'cva', 'type', 'veth', 'peer', 'name', 'cvb');
    ns.ip('link', 'set', 'cva', 'mtu', '1400');
    const r = nlkit(['rt-link', 'getlink', '--dump', '--netns', ns.name]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ours = (JSON.parse(r.stdout) as Array<{ ifname: string; mtu: number; address: string; header: { ifiIndex: number } }>)
      .map((l) => ({ ifindex: l.header.ifiIndex, ifname: l.ifname, mtu: l.mtu, address: l.address })).sort((a, b) => a.ifindex - b.ifindex);
    const theirs = ns.ipJson<IpLink[]>('link', 'show').map((l) => ({ ifindex: l.ifindex, ifname: l.ifname, mtu: l.mtu, address: l.address })).sort((a, b) => a.ifindex - b.ifindex);
    expect(ours).toEqual(theirs);
    expect(ours.find((l) => l.ifname === 'cva')?.mtu).toBe(1400);

    // ndjson streams the same dump one object per line.
    const nd = nlkit(['rt-link', 'getlink', '--dump', '--netns', ns.name, '-o', 'ndjson']);
    expect(nd.code).toBe(0);
    const lines = nd.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ifname: string });
    expect(lines.map((l) => l.ifname).sort()).toEqual(theirs.map((l) => l.ifname).sort());

    // The same through --spec PATH.
    const viaSpec = nlkit(['--spec', join(REPO, 'schemas/rt-link.yaml'), 'getlink', '--dump', '--netns', ns.name]);
    expect(viaSpec.code).toBe(0);
    expect((JSON.parse(viaSpec.stdout) as Array<{ ifname: string }>).map((l) => l.ifname).sort()).toEqual(theirs.map((l) => l.ifname).sort());

    // pretty: aligned, no colour when not a TTY.
    const pretty = nlkit(['rt-link', 'getlink', '--netns', ns.name, '--json', '{"ifname":"cva"}', '-o', 'pretty']);
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toMatch(/^ifname\s+cva$/m);
    expect(pretty.stdout).toMatch(/^mtu\s+1400$/m);
    expect(pretty.stdout).not.toMatch(/\x1b\[/);
  }, 'cli'));

  kernelIt('a large ndjson dump (written from the bytes) has the objects -o json decodes, and ip\'s routes', () => withNetns((ns) => {
    // Past 64 replies the ndjson writer turns to JSON text written straight from each reply's
    // bytes; -o json decodes every reply to an object. The two must carry the same values.
    ns.ip('link', 'add', 'rv0', 'type', 'veth', 'peer', 'name', 'rv1');
    ns.ip('link', 'set', 'rv0', 'up');
    ns.ip('address', 'add', '10.77.0.1/16', 'dev', 'rv0');
    const batch = Array.from({ length: 300 }, (_, i) => `route add 10.${100 + (i >> 8)}.${i & 255}.0/24 via 10.77.0.${2 + (i % 50)} dev rv0 metric ${i}`).join('\n');
    execFileSync('ip', ['-n', ns.name, '-batch', '-'], { input: `${batch}\n` });
    const args = ['rt-route', 'getroute', '--dump', '--netns', ns.name, '--json', '{"header":{"rtmFamily":"inet"}}'];
    const nd = nlkit([...args, '-o', 'ndjson']);
    expect(nd.stderr).toBe('');
    expect(nd.code).toBe(0);
    const lines = nd.stdout.trim().split('\n');
    const json = nlkit([...args, '-o', 'json']);
    expect(json.code).toBe(0);
    const objects = JSON.parse(json.stdout) as unknown[];
    expect(lines.length).toBeGreaterThan(300);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(objects);
    // And what ip sees: every route of the main table with its gateway and metric.
    type Route = { dst?: string; gateway?: string; priority?: number; table?: unknown; header: { rtmDstLen: number } };
    const ours = (objects as Route[]).filter((r) => r.dst?.startsWith('10.1') && r.table === 'main').map((r) => `${r.dst}/${r.header.rtmDstLen} ${r.gateway} ${r.priority}`).sort();
    const theirs = ns.ipJson<Array<{ dst: string; gateway?: string; metric?: number }>>('-4', 'route', 'show').filter((r) => r.dst.startsWith('10.1')).map((r) => `${r.dst} ${r.gateway} ${r.metric}`).sort();
    expect(ours).toHaveLength(300);
    expect(ours).toEqual(theirs);
  }));

  kernelIt('newlink creates a veth pair (linkinfo kind veth with its peer)', () => withNetns((ns) => {
    const req = { ifname: 'cn0', mtu: 1300, linkinfo: { kind: 'veth', data: { peer: { header: {}, ifname: 'cn1' } } } };
    const r = nlkit(['rt-link', 'newlink', '--netns', ns.name, '--flags', 'create,excl', '--json', JSON.stringify(req)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const links = ns.ipJson<IpLink[]>('link', 'show');
    const a = links.find((l) => l.ifname === 'cn0');
    const b = links.find((l) => l.ifname === 'cn1');
    expect(a?.mtu).toBe(1300);
    expect(a?.link).toBe('cn1');
    expect(b?.link).toBe('cn0');
    // Again with excl: the kernel says it exists.
    const again = nlkit(['rt-link', 'newlink', '--netns', ns.name, '--flags', 'create,excl', '--json', JSON.stringify(req)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/EEXIST/);
  }, 'cli'));

  kernelIt('a kernel error prints the message and errno, exit 1', () => withNetns((ns) => {
    const r = nlkit(['rt-link', 'dellink', '--netns', ns.name, '--json', '{"header":{"ifiIndex":4242}}']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/rt-link dellink: .*No such device.*\(ENODEV\)/);
    expect(r.stderr).toMatch(/errno:\s+ENODEV \(19\)/);
    // An extack message and attribute path, when the kernel names one.
    const bad = nlkit(['rt-link', 'newlink', '--netns', ns.name, '--flags', 'create,excl', '--json', '{"ifname":"cx0","linkinfo":{"kind":"veth","data":{"peer":{"header":{},"ifname":"lo"}}}}']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/errno:\s+E[A-Z]+ \(\d+\)/);
    // The kernel's extack message is shown (a read-only dump with a netnsid that does not exist).
    const dump = nlkit(['rt-link', 'getlink', '--dump', '--netns', ns.name, '--json', '{"targetNetnsid":12345}']);
    expect(dump.code).toBe(1);
    expect(dump.stderr).toMatch(/message:\s+Invalid target network namespace id/);
    expect(dump.stderr).toMatch(/\(EINVAL\)/);
  }, 'cli'));

  kernelIt('monitor --count 1 sees a link that ip creates', () => withNetns(async (ns) => {
    const mon = nlkitBackground(['monitor', 'rt-link', '--netns', ns.name, '--group', 'rtnlgrp-link', '--count', '1', '--timeout', '20']);
    await mon.ready('monitoring rt-link');
    ns.ip('link', 'add', 'cm0', 'type', 'veth', 'peer', 'name', 'cm1');
    const r = await mon.done;
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const n = JSON.parse(lines[0]!) as { name: string; value: { ifname: string } };
    expect(n.name).toBe('newlink-ntf');
    expect(['cm0', 'cm1']).toContain(n.value.ifname);
  }, 'cli'), 40_000);

  kernelIt('monitor --timeout ends quietly when nothing happens', () => withNetns(async (ns) => {
    const mon = nlkitBackground(['monitor', 'rt-link', '--netns', ns.name, '--timeout', '1']);
    const r = await mon.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  }, 'cli'));

  kernelIt('--netns by name or path; --timeout of any size, or 0, is honoured', () => withNetns((ns) => {
    for (const args of [['--netns', ns.name], ['--netns', ns.path, '--timeout', '3000000'], ['--netns', ns.name, '--timeout', '0']]) {
      const r = nlkit(['rt-link', 'getlink', '--json', '{"ifname":"lo"}', ...args]);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).ifname).toBe('lo');
    }
    expect(nlkit(['policy', 'nlctrl', 'getfamily', '--netns', ns.path, '--timeout', '3000000']).code).toBe(0);
  }, 'cli'));

  kernelIt('monitor with a --timeout beyond 2^31-1 ms keeps listening', () => withNetns(async (ns) => {
    const mon = nlkitBackground(['monitor', 'rt-link', '--netns', ns.name, '--group', 'rtnlgrp-link', '--timeout', '3000000']);
    await mon.ready('monitoring rt-link');
    let ended = false;
    void mon.done.then(() => { ended = true; });
    await new Promise((r) => setTimeout(r, 1500));
    expect(ended).toBe(false);
    // Still listening: it sees a link appear, then ends on SIGINT.
    ns.ip('link', 'add', 'cq0', 'type', 'veth', 'peer', 'name', 'cq1');
    await new Promise((r) => setTimeout(r, 500));
    mon.child.kill('SIGINT');
    const r = await mon.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"ifname":"cq0"/);
  }, 'cli'), 40_000);

  kernelIt('a dump to a full disk (> /dev/full) ends with one line, exit 1', () => withNetns((ns) => {
    for (let i = 0; i < 10; i++) ns.ip('link', 'add', `cf${i}`, 'type', 'veth', 'peer', 'name', `cg${i}`);
    const fd = openSync('/dev/full', 'w');
    try {
      const r = nlkitToFd(['rt-link', 'getlink', '--dump', '--netns', ns.name], fd);
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)).toBe('nlkit: cannot write the output: ENOSPC: no space left on device, write');
    } finally {
      closeSync(fd);
    }
  }, 'cli'));

  kernelIt('policy nlctrl: the kernel policy, named from the schema', () => withNetns((ns) => {
    const r = nlkit(['policy', 'nlctrl', '--netns', ns.name]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^nlctrl \(generic netlink family id 16\)/);
    expect(r.stdout).toMatch(/getfamily\s+do: policy \d+\s+dump: policy \d+/);
    expect(r.stdout).toMatch(/family-name\s+nul-string\s+max length 15/);
    const json = JSON.parse(nlkit(['policy', 'nlctrl', 'getpolicy', '--netns', ns.name, '-o', 'json']).stdout);
    expect(json.operations).toEqual([expect.objectContaining({ name: 'getpolicy', cmd: 10 })]);
    const attrs = json.policies[0].attributes as Array<{ name?: string; type: string }>;
    expect(attrs.find((a) => a.name === 'op')?.type).toBe('u32');
  }, 'cli'));

  kernelIt('policy ethtool: nested header policy with names', () => withNetns((ns) => {
    if (!existsSync(join(REPO, 'schemas/ethtool.yaml'))) return;
    const r = nlkit(['policy', 'ethtool', 'linkinfo-get', '--netns', ns.name, '-o', 'json']);
    if (r.code === 1 && /not available/.test(r.stderr)) return; // ethtool netlink not built in
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { policies: Array<{ index: number; attributeSet?: string; attributes: Array<{ name?: string; type: string; policyIndex?: number; maxLength?: number }> }> };
    const top = json.policies.find((p) => p.attributes.some((a) => a.name === 'header'))!;
    const header = top.attributes.find((a) => a.name === 'header')!;
    expect(header.type).toBe('nested');
    const inner = json.policies.find((p) => p.index === header.policyIndex)!;
    expect(inner.attributes.find((a) => a.name === 'dev-name')?.type).toBe('nul-string');
  }, 'cli'));

  kernelIt('decode of a reply captured from the kernel', () => withNetns((ns) => {
    // Capture: the bytes of one link message, as the kernel sent them, via the runtime in a child.
    const script = `
      import { FamilyClient, defineFamily } from '@nlkit/core';
      import { loadSchemaFileSync } from '@nlkit/ynl';
      const rt = defineFamily(loadSchemaFileSync(${JSON.stringify(join(REPO, 'schemas/rt-link.yaml'))}));
      const c = await FamilyClient.open(rt, { netns: ${JSON.stringify(ns.name)} });
      const msg = rt.encodeRequest('getlink', 'do', { ifname: 'lo' });
      const [m] = await c.session.request(msg, { expectReply: true });
      process.stdout.write(Buffer.from(m.buf.subarray(m.start - 16, m.end)).toString('hex'));
      c.close();`;
    const hex = runNode(script);
    const r = nlkit(['decode', 'rt-link', hex]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as { name: string; value: { ifname: string; mtu: number } };
    expect(d.value.ifname).toBe('lo');
    expect(d.value.mtu).toBe(65536);
  }, 'cli'));
});

function runNode(script: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(REPO, 'packages/cli'), encoding: 'utf8' });
}
