import { describe, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kernelIt, waitFor, withNetns, type Netns } from '@nlkit/testkit';
import { BatchError, Nftables, addRuleset, elements, expr, readRuleset, type NftablesNotification } from '../src/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/ruleset.nft', import.meta.url));

/** nft -j list ruleset, without metainfo. */
function nftJson(ns: Netns): Array<Record<string, any>> {
  const out = JSON.parse(ns.exec('nft', '-j', 'list', 'ruleset')) as { nftables: Array<Record<string, any>> };
  return out.nftables.filter((x) => !('metainfo' in x));
}

/** The same, minus what differs between two equal rulesets: handles and running expiry times. */
function comparable(ns: Netns): string {
  return JSON.stringify(nftJson(ns), (k, v) => (k === 'handle' || k === 'expires' ? undefined : v));
}

function loadFixture(ns: Netns): void {
  ns.ip('link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1');
  ns.exec('nft', '-f', FIXTURE);
}

const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('hex') : undefined);

describe('nftables against the kernel (checked with nft -j)', () => {
  kernelIt('reads a ruleset made by nft as nft -j shows it', async () => {
    await withNetns(async (ns) => {
      loadFixture(ns);
      const ref = nftJson(ns);
      const nft = await Nftables.open({ netns: ns.name });
      try {
        const rs = await readRuleset(nft);
        const famName = (f: string | number) => (f === 'ipv4' ? 'ip' : String(f));

        const refTables = ref.filter((x) => x.table).map((x) => x.table);
        expect(rs.tables.map((t) => ({ family: famName(t.header.nfgenFamily), name: t.name, handle: Number(t.handle) })))
          .toEqual(refTables.map((t) => ({ family: t.family, name: t.name, handle: t.handle })));

        const hooks = ['prerouting', 'input', 'forward', 'output', 'postrouting'];
        const refChains = ref.filter((x) => x.chain).map((x) => x.chain);
        expect(rs.chains.map((c) => ({
          family: famName(c.header.nfgenFamily), table: c.table, name: c.name, handle: Number(c.handle),
          ...(c.hook ? { type: c.type, hook: hooks[c.hook.hooknum!], prio: c.hook.priority, policy: c.policy } : {}),
        }))).toEqual(refChains.map((c) => ({
          family: c.family, table: c.table, name: c.name, handle: c.handle,
          ...(c.hook ? { type: c.type, hook: c.hook, prio: c.prio, policy: c.policy } : {}),
        })));

        // Named sets (nft -j leaves anonymous ones inline in their rules).
        const refSets = ref.filter((x) => x.set || x.map).map((x) => x.set ?? x.map);
        const named = rs.sets.filter((s) => !s.flags?.includes('anonymous'));
        expect(named.map((s) => ({ name: s.name, handle: Number(s.handle) }))).toEqual(refSets.map((s) => ({ name: s.name, handle: s.handle })));
        const anon = rs.sets.filter((s) => s.flags?.includes('anonymous'));
        expect(anon).toHaveLength(1);
        expect(anon[0]!.elements.map((e) => hex(e.key?.value)).sort()).toEqual(['0050', '01bb']);

        // Element values as nft shows them.
        const v6 = rs.sets.find((s) => s.name === 'v6')!;
        expect(v6.elements.map((e) => hex(e.key?.value)).sort()).toEqual(['20010db8000000000000000000000001', '20010db8000000000000000000000002']);
        const portmap = rs.sets.find((s) => s.name === 'portmap')!;
        expect(portmap.flags).toContain('map');
        expect(portmap.elements.map((e) => [Buffer.from(e.key!.value!).readUInt16BE(0), [...e.data!.value!].join('.')]).sort())
          .toEqual(refSets.find((s) => s.name === 'portmap')!.elem.map((e: [number, string]) => e).sort());
        const verdicts = rs.sets.find((s) => s.name === 'verdicts')!;
        expect(verdicts.dataType).toBe(0xffffff00);
        expect(verdicts.elements.map((e) => e.data?.verdict).sort((a, b) => String(a?.code).localeCompare(String(b?.code))))
          .toEqual([{ code: 'drop' }, { code: 'jump', chain: 'helper' }]);
        // Interval set: 10.0.0.0/8, 192.0.2.1, and a range, each a start plus an interval-end element.
        const blocked = rs.sets.find((s) => s.name === 'blocked')!;
        expect(blocked.flags).toContain('interval');
        const starts = blocked.elements.filter((e) => !e.flags?.includes('interval-end')).map((e) => [...e.key!.value!].join('.')).sort();
        expect(starts).toEqual(['10.0.0.0', '192.0.2.1', '198.51.100.10']);
        const seen = rs.sets.find((s) => s.name === 'seen')!;
        expect(seen.timeout).toBe(3_600_000n);
        expect(seen.elements[0]!.timeout).toBe(1_800_000n);
        expect(Number(seen.elements[0]!.expiration)).toBeGreaterThan(1_700_000);

        const refObjs = ref.filter((x) => x.counter || x.quota || x.limit);
        expect(rs.objects.map((o) => ({ type: o.type, name: o.name, handle: Number(o.handle) })))
          .toEqual(refObjs.map((x) => { const [type, o] = Object.entries(x)[0]!; return { type, name: o.name, handle: o.handle }; }));
        const q1 = rs.objects.find((o) => o.name === 'q1')!;
        expect(q1.type === 'quota' && !(q1.data instanceof Uint8Array) && q1.data).toEqual({ bytes: 100n * 1024n * 1024n, flags: ['invert'], consumed: 0n });
        const lim = rs.objects.find((o) => o.name === 'lim1')!;
        expect(lim.type === 'limit' && !(lim.data instanceof Uint8Array) && lim.data?.rate).toBe(400n);

        // Rules: the same handles per chain, and the expressions behind a few of them.
        const refRules = ref.filter((x) => x.rule).map((x) => x.rule);
        expect(rs.rules.map((r) => `${r.table}/${r.chain}/${r.handle}`)).toEqual(refRules.map((r) => `${r.table}/${r.chain}/${r.handle}`));
        const exprs = (i: number) => rs.rules[i]!.expressions!.elem!;
        const ssh = refRules.findIndex((r) => r.expr.some((e: any) => e.counter === 'cnt_ssh'));
        expect(exprs(ssh).map((e) => e.name)).toEqual(['meta', 'cmp', 'payload', 'cmp', 'objref', 'immediate']);
        expect(exprs(ssh)[2]).toEqual({ name: 'payload', data: { dreg: 'reg-1', base: 'transport-header', offset: 2, len: 2 } });
        expect(exprs(ssh)[4]).toEqual({ name: 'objref', data: { immType: 'counter', immName: 'cnt_ssh' } });
        const ranged = refRules.findIndex((r) => r.expr.some((e: any) => e.reject?.type === 'tcp reset'));
        expect(exprs(ranged).find((e) => e.name === 'range')).toEqual({
          name: 'range', data: { sreg: 'reg-1', op: 'neq', fromData: { value: Buffer.from([0x03, 0xe8]) }, toData: { value: Buffer.from([0x07, 0xd0]) } },
        });
        expect(exprs(ranged).at(-1)).toEqual({ name: 'reject', data: { type: 'tcp-rst' } });
        const all = rs.rules.flatMap((r) => r.expressions?.elem ?? []);
        const names = new Set(all.map((e) => e.name));
        for (const n of ['payload', 'cmp', 'meta', 'counter', 'immediate', 'bitwise', 'lookup', 'range', 'ct', 'nat', 'masq', 'redir', 'limit', 'quota', 'log', 'reject', 'fib', 'dynset', 'objref']) {
          expect(names, n).toContain(n);
        }
        const log = all.find((e) => e.name === 'log')!;
        expect(expr.is(log, 'log') && log.data?.prefix).toBe('blocked: ');
        const jump = all.find((e) => expr.is(e, 'immediate') && e.data?.data?.verdict?.code === 'goto');
        expect(expr.is(jump, 'immediate') && jump.data?.data?.verdict?.chain).toBe('helper');
      } finally {
        nft.close();
      }
    });
  });

  kernelIt('recreates an nft-made ruleset in one transaction; nft -j lists it identically', async () => {
    await withNetns(async (a) => {
      loadFixture(a);
      await withNetns(async (b) => {
        b.ip('link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1');
        const src = await Nftables.open({ netns: a.name });
        const dst = await Nftables.open({ netns: b.name });
        try {
          const rs = await readRuleset(src);
          const before = await dst.generation();
          const result = await dst.transaction((tx) => addRuleset(tx, rs));
          expect(result.size).toBe(rs.tables.length + rs.chains.length + rs.objects.length + rs.sets.length
            + rs.sets.filter((s) => s.elements.length).length + rs.rules.length);
          expect(result.generation).toBe(before + 1);
          expect(comparable(b)).toBe(comparable(a));
        } finally {
          src.close();
          dst.close();
        }
      });
    });
  });

  kernelIt('builds a ruleset with typed expressions; nft lists what was asked for', async () => {
    await withNetns(async (ns) => {
      const nft = await Nftables.open({ netns: ns.name });
      try {
        const h = { nfgenFamily: 'inet' as const };
        const verdict = (code: 'accept' | 'drop' | 'jump' | 'return', chain?: string) =>
          ({ name: 'immediate' as const, data: { dreg: 'verdict' as const, data: { verdict: { code, chain } } } });
        const r = await nft.transaction((tx) => {
          tx.newtable({ header: h, name: 'app' });
          tx.newchain({ header: h, table: 'app', name: 'allowed' });
          tx.newchain({ header: h, table: 'app', name: 'in', hook: { hooknum: 1, priority: -10 }, type: 'filter', policy: 'drop' });
          tx.newobj({ header: h, table: 'app', name: 'web', type: 'counter', data: {} });
          tx.newobj({ header: h, table: 'app', name: 'cap', type: 'quota', data: { bytes: 5_000_000n } });
          tx.newset({ header: h, table: 'app', name: 'nets', keyType: 7, keyLen: 4, flags: ['interval', 'timeout'], timeout: 600_000n });
          tx.newsetelem({ header: h, table: 'app', set: 'nets', elements: { elem: elements.intervals([
            elements.prefix([10, 0, 0, 0], 8), [192, 0, 2, 7], [[198, 51, 100, 10], [198, 51, 100, 20]],
          ]) } });
          tx.newset({ header: h, table: 'app', name: 'vmap', keyType: 13, keyLen: 2, flags: ['map'], dataType: 0xffffff00, dataLen: 0 });
          tx.newsetelem({ header: h, table: 'app', set: 'vmap', elements: { elem: [
            { key: { value: Uint8Array.of(0, 22) }, data: { verdict: { code: 'jump', chain: 'allowed' } } },
            { key: { value: Uint8Array.of(0, 23) }, data: { verdict: { code: 'drop' } } },
          ] } });
          tx.newrule({ header: h, table: 'app', chain: 'allowed', expressions: { elem: [{ name: 'counter', data: {} }, verdict('accept')] } });
          // tcp dport vmap @vmap
          tx.newrule({ header: h, table: 'app', chain: 'in', expressions: { elem: [
            { name: 'meta', data: { key: 'l4proto', dreg: 'reg-1' } },
            { name: 'cmp', data: { sreg: 'reg-1', op: 'eq', data: { value: Uint8Array.of(6) } } },
            { name: 'payload', data: { dreg: 'reg-1', base: 'transport-header', offset: 2, len: 2 } },
            { name: 'lookup', data: { set: 'vmap', sreg: 'reg-1', dreg: 'verdict' } },
          ] } });
          // ip saddr @nets counter name "web" accept
          tx.newrule({ header: h, table: 'app', chain: 'in', expressions: { elem: [
            { name: 'meta', data: { key: 'nfproto', dreg: 'reg-1' } },
            { name: 'cmp', data: { sreg: 'reg-1', op: 'eq', data: { value: Uint8Array.of(2) } } },
            { name: 'payload', data: { dreg: 'reg-1', base: 'network-header', offset: 12, len: 4 } },
            { name: 'lookup', data: { set: 'nets', sreg: 'reg-1' } },
            { name: 'objref', data: { immType: 'counter', immName: 'web' } },
            verdict('accept'),
          ] } });
          // meta mark 0x2a limit rate 5/second quota name "cap" jump allowed
          tx.newrule({ header: h, table: 'app', chain: 'in', expressions: { elem: [
            { name: 'meta', data: { key: 'mark', dreg: 'reg-1' } },
            { name: 'cmp', data: { sreg: 'reg-1', op: 'eq', data: { value: Uint8Array.of(0x2a, 0, 0, 0) } } },
            { name: 'limit', data: { rate: 5n, unit: 1n, burst: 0, type: 'pkts' } },
            { name: 'objref', data: { immType: 'quota', immName: 'cap' } },
            verdict('jump', 'allowed'),
          ] } }, { echo: true });
          // tcp dport 8080 counter drop, with the builders
          const { rule, meta, cmp, payload, counter, drop } = expr;
          tx.newrule({ header: h, table: 'app', chain: 'allowed', expressions: rule(meta('l4proto'), cmp('eq', [6]), payload('transport-header', 2, 2), cmp('eq', [0x1f, 0x90]), counter(), drop()) }, { flags: ['create'] });
        });
        expect(r.size).toBe(14);
        const echoed = r.replies[12]!;
        expect(echoed.map((x) => x.name)).toEqual(['newrule-ntf']);
        const listed = ns.exec('nft', 'list', 'table', 'inet', 'app');
        for (const line of [
          'counter web {', 'quota cap {', 'bytes 0', 'set nets {', 'type ipv4_addr', 'flags interval,timeout', 'timeout 10m',
          'elements = { 10.0.0.0/8 expires', '192.0.2.7 expires', '198.51.100.10-198.51.100.20 expires', 'map vmap {', 'type inet_service : verdict', '22 : jump allowed', '23 : drop',
          'type filter hook input priority filter - 10; policy drop;', 'tcp dport vmap @vmap',
          'ip saddr @nets counter name "web" accept', 'meta mark 0x0000002a limit rate 5/second quota name "cap" jump allowed',
          'tcp dport 8080 counter packets 0 bytes 0 drop',
        ]) expect(listed).toContain(line);
        // The echoed rule carries the handle nft shows.
        const handle = (echoed[0]!.value as { handle?: bigint }).handle!;
        expect(ns.exec('nft', '-a', 'list', 'chain', 'inet', 'app', 'in')).toContain(`jump allowed # handle ${handle}`);
      } finally {
        nft.close();
      }
    });
  });

  kernelIt('a transaction failing on its last message leaves nothing behind, and names that message', async () => {
    await withNetns(async (ns) => {
      loadFixture(ns);
      const before = nftJson(ns);
      const nft = await Nftables.open({ netns: ns.name });
      try {
        const gen = await nft.generation();
        const err = await nft.transaction((tx) => {
          tx.newtable({ header: { nfgenFamily: 'ipv4' }, name: 'fresh' });
          tx.newchain({ header: { nfgenFamily: 'ipv4' }, table: 'fresh', name: 'c' });
          tx.deltable({ header: { nfgenFamily: 'inet' }, name: 'fw' });
          tx.newrule({ header: { nfgenFamily: 'ipv4' }, table: 'fresh', chain: 'missing', expressions: { elem: [{ name: 'counter', data: {} }] } });
        }).then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(BatchError);
        const b = err as BatchError;
        expect(b.index).toBe(3);
        expect(b.operation).toBe('newrule');
        expect(b.code).toBe('ENOENT');
        expect(b.extack.attributePath).toEqual(['chain']);
        expect(b.failures.map((f) => f.index)).toEqual([3]);
        expect(b.message).toContain('message 3 of 4 (newrule)');
        expect(nftJson(ns)).toEqual(before);
        expect(await nft.generation()).toBe(gen);
      } finally {
        nft.close();
      }
    });
  });

  kernelIt('the generation guards a transaction: a stale one is refused with ERESTART and changes nothing', async () => {
    await withNetns(async (ns) => {
      const nft = await Nftables.open({ netns: ns.name });
      try {
        const gen = await nft.generation();
        ns.exec('nft', 'add', 'table', 'ip', 'other');
        const stale = await nft.transaction((tx) => { tx.newtable({ header: { nfgenFamily: 'ipv4' }, name: 'mine' }); }, { generation: gen })
          .then(() => undefined, (e: unknown) => e as BatchError);
        expect(stale).toBeInstanceOf(BatchError);
        expect(stale!.errno).toBe(85);
        expect(stale!.index).toBe(-1);
        expect(stale!.message).toContain('generation changed');
        expect(ns.exec('nft', 'list', 'tables')).not.toContain('mine');
        const current = await nft.generation();
        expect(current).toBe(gen + 1);
        const ok = await nft.transaction((tx) => { tx.newtable({ header: { nfgenFamily: 'ipv4' }, name: 'mine' }); }, { generation: current, acks: true });
        expect(ok.generation).toBe(current + 1);
        expect(ns.exec('nft', 'list', 'tables')).toContain('table ip mine');
      } finally {
        nft.close();
      }
    });
  });

  kernelIt('destroy* ignores what is missing, del* does not; dumps filter by table', async () => {
    await withNetns(async (ns) => {
      const nft = await Nftables.open({ netns: ns.name });
      try {
        const h = { nfgenFamily: 'ipv4' as const };
        await nft.transaction((tx) => {
          tx.newtable({ header: h, name: 'a' });
          tx.newtable({ header: h, name: 'b' });
          tx.newchain({ header: h, table: 'a', name: 'x' });
          tx.newchain({ header: h, table: 'b', name: 'y' });
          tx.destroytable({ header: h, name: 'never-made' });
        });
        await nft.transaction((tx) => {
          tx.newrule({ header: h, table: 'a', chain: 'x', expressions: expr.rule(expr.counter()) });
          tx.newrule({ header: h, table: 'b', chain: 'y', expressions: expr.rule(expr.accept()) });
        });
        const rules = [];
        for await (const r of nft.getruleDump({ header: h, table: 'b', chain: 'y' })) rules.push(`${r.table}/${r.chain}`);
        expect(rules).toEqual(['b/y']);
        const t = await nft.gettable({ header: h, name: 'a' });
        expect(t.name).toBe('a');
        await expect(nft.gettable({ header: h, name: 'zzz' })).rejects.toMatchObject({ code: 'ENOENT' });
        const err = await nft.transaction((tx) => { tx.deltable({ header: h, name: 'never-made' }); }).then(() => undefined, (e: unknown) => e as BatchError);
        expect(err!.code).toBe('ENOENT');
        expect(err!.operation).toBe('deltable');
        await nft.transaction((tx) => { tx.destroytable({ header: h, name: 'a' }); tx.deltable({ header: h, name: 'b' }); });
        expect(ns.exec('nft', 'list', 'tables').trim()).toBe('');
      } finally {
        nft.close();
      }
    });
  });

  kernelIt('every message of an acked transaction is acked; errors map back without acks too', async () => {
    await withNetns(async (ns) => {
      const nft = await Nftables.open({ netns: ns.name });
      try {
        const tx = (n: number, bad: boolean) => nft.transaction((t) => {
          t.newtable({ header: { nfgenFamily: 'ipv4' }, name: 't' });
          t.newchain({ header: { nfgenFamily: 'ipv4' }, table: 't', name: 'c' });
          for (let i = 0; i < n; i++) t.newrule({ header: { nfgenFamily: 'ipv4' }, table: 't', chain: 'c', expressions: { elem: [{ name: 'counter', data: {} }] } });
          // An existing table with create+excl: EEXIST on this message only.
          if (bad) t.newtable({ header: { nfgenFamily: 'ipv4' }, name: 't' }, { flags: ['create', 'excl'] });
        }, { acks: true });
        await tx(3000, false);
        expect(ns.exec('nft', 'list', 'chain', 'ip', 't', 'c').match(/counter packets/g)).toHaveLength(3000);
        const err = await tx(5, true).then(() => undefined, (e: unknown) => e as BatchError);
        expect(err!.index).toBe(7);
        expect(err!.code).toBe('EEXIST');
        expect(err!.operation).toBe('newtable');
        expect(ns.exec('nft', 'list', 'chain', 'ip', 't', 'c').match(/counter packets/g)).toHaveLength(3000);
      } finally {
        nft.close();
      }
    });
  });

  kernelIt('traces a packet (meta nftrace), and reads counters while resetting them', async () => {
    await withNetns(async (ns) => {
      const nft = await Nftables.open({ netns: ns.name });
      try {
        const h = { nfgenFamily: 'inet' as const };
        const { rule, payload, cmp, counter, objref, immediate, meta } = expr;
        await nft.transaction((tx) => {
          tx.newtable({ header: h, name: 'tr' });
          tx.newobj({ header: h, table: 'tr', name: 'pings', type: 'counter', data: {} });
          tx.newchain({ header: h, table: 'tr', name: 'out', hook: { hooknum: 3, priority: 0 }, type: 'filter', policy: 'accept' });
          // meta nftrace set 1
          tx.newrule({ header: h, table: 'tr', chain: 'out', expressions: rule(immediate([1]), { name: 'meta', data: { key: 'nftrace', sreg: 'reg-1' } }) });
          // meta l4proto icmp counter counter name "pings"
          tx.newrule({ header: h, table: 'tr', chain: 'out', expressions: rule(meta('l4proto'), cmp('eq', [1]), counter(), objref('counter', 'pings')) });
        });
        const traces: Array<{ chain?: string; type?: string | number; ruleHandle?: bigint; policy?: string | number }> = [];
        const events = nft.notifications(['nftrace']);
        const reader = (async () => {
          for await (const n of events) {
            if (n.name !== 'trace') continue;
            traces.push(n.value);
            if (n.value.type === 'policy') break;
          }
        })();
        await new Promise((r) => setTimeout(r, 50));
        ns.exec('ping', '-c', '1', '-W', '1', '127.0.0.1');
        await waitFor(() => (traces.some((t) => t.type === 'policy') ? true : undefined), 5000, 'trace of the chain policy');
        await reader;
        expect(traces.every((t) => t.chain === 'out')).toBe(true);
        expect(traces.filter((t) => t.type === 'rule').length).toBeGreaterThanOrEqual(2);
        expect(traces.find((t) => t.type === 'policy')!.policy).toBe('accept');
        const handles = ns.exec('nft', '-a', 'list', 'chain', 'inet', 'tr', 'out').match(/# handle (\d+)/g)!.map((m) => BigInt(m.split(' ').pop()!));
        expect(handles).toContain(traces.find((t) => t.type === 'rule')!.ruleHandle);

        // Reset dumps return the counts and zero them, as `nft reset` does.
        const rules = [];
        for await (const r of nft.getruleResetDump({ header: h, table: 'tr', chain: 'out' })) rules.push(r);
        const counted = rules.flatMap((r) => r.expressions?.elem ?? []).find((e) => e.name === 'counter');
        expect(expr.is(counted, 'counter') && Number(counted.data?.packets)).toBeGreaterThanOrEqual(2);
        const objs = [];
        for await (const o of nft.getobjResetDump({ header: h, table: 'tr' })) objs.push(o);
        const pings = objs.find((o) => o.name === 'pings')!;
        expect(pings.type === 'counter' && !(pings.data instanceof Uint8Array) && Number(pings.data?.packets)).toBeGreaterThanOrEqual(2);
        expect(ns.exec('nft', 'list', 'chain', 'inet', 'tr', 'out')).toContain('counter packets 0 bytes 0 counter name "pings"');
        expect(ns.exec('nft', 'list', 'counter', 'inet', 'tr', 'pings')).toContain('packets 0 bytes 0');
      } finally {
        nft.close();
      }
    });
  });

  kernelIt('notifications: changes made by nft arrive typed', async () => {
    await withNetns(async (ns) => {
      const nft = await Nftables.open({ netns: ns.name });
      try {
        const events = nft.notifications(['nftables']);
        const seen: NftablesNotification[] = [];
        const reader = (async () => { for await (const n of events) { seen.push(n); if (n.name === 'deltable-ntf') break; } })();
        await new Promise((r) => setTimeout(r, 50));
        ns.exec('nft', 'add table inet ev; add chain inet ev c { type filter hook output priority 0; }; add rule inet ev c counter accept');
        ns.exec('nft', 'delete', 'table', 'inet', 'ev');
        await waitFor(() => (seen.some((n) => n.name === 'deltable-ntf') ? true : undefined), 5000, 'deltable notification');
        await reader;
        expect(seen.map((n) => n.name)).toEqual(['newtable-ntf', 'newchain-ntf', 'newrule-ntf', 'newgen-ntf', 'delrule-ntf', 'delchain-ntf', 'deltable-ntf']);
        const rule = seen.find((n) => n.name === 'newrule-ntf')!;
        expect(rule.name === 'newrule-ntf' && rule.value.expressions?.elem?.map((e) => e.name)).toEqual(['counter', 'immediate']);
        const gen = seen.find((n) => n.name === 'newgen-ntf')!;
        expect(gen.name === 'newgen-ntf' && gen.value.procName).toBe('nft');
      } finally {
        nft.close();
      }
    });
  });
});

