/**
 * Every qdisc, class, filter and action kind this kernel has, made with non-default options by
 * `tc` in a throwaway netns, dumped through @nlkit/tc and compared with what `tc -j -s -d` (or,
 * where iproute2 prints no JSON, its text) shows. Each decoded object is also checked to hold no
 * `$unknown`, no `$tail` and no raw bytes where the uapi defines structure, and, for qdiscs and
 * bpf filters, re-created by nlkit from the decoded options so that tc shows the same thing twice.
 */
import { describe, expect } from 'vitest';
import { kernelIt, withNetns, tcJson, sh, type Netns } from '@nlkit/testkit';
import { TcClient, TC_H_INGRESS, TC_H_ROOT, clsactParent, filterInfo, filterInfoParts, formatTcHandle as tcHandle } from '../src/index.js';

const create = { flags: ['create', 'excl'] as Array<'create' | 'excl'> };

/** Binary members that are byte arrays in the uapi (__u8 x[N]): allowed as Uint8Array. */
const BYTE_ARRAYS = new Set(['priomap', 'prioTcMap']);

/** Paths of everything that is not plain decoded data: `$unknown`, `$tail`, stray bytes. */
function undecoded(v: unknown, path = ''): string[] {
  if (v instanceof Uint8Array) return BYTE_ARRAYS.has(path.split('.').pop()!) ? [] : [`${path}: ${v.length} raw bytes`];
  if (Array.isArray(v)) return v.flatMap((x, i) => undecoded(x, `${path}[${i}]`));
  if (v && typeof v === 'object') {
    return Object.entries(v).flatMap(([k, x]) => (k === '$unknown' || k.endsWith('$tail') || k.endsWith('$rest') ? [`${path}.${k}`] : undecoded(x, path ? `${path}.${k}` : k)));
  }
  return [];
}

/** tc's names for the verdicts it prints (uapi name on the left). */
const TC_VERDICT: Record<string, string> = { ok: 'pass', shot: 'drop', unspec: 'continue' };
const tcVerdict = (v: unknown) => TC_VERDICT[String(v)] ?? String(v);

function ifindexes(ns: Netns): Record<string, number> {
  return Object.fromEntries(ns.ipJson<Array<{ ifindex: number; ifname: string }>>('link', 'show').map((l) => [l.ifname, l.ifindex]));
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

interface TcQdisc { kind: string; handle: string; dev: string; parent?: string; root?: boolean; options?: Record<string, unknown> }

describe('tc kinds against the kernel (tc -j -s -d)', () => {
  kernelIt('qdiscs: every kind this kernel has, decoded as tc shows it, and re-created from the decoded options', async () => {
    await withNetns(async (ns) => {
      // Each kind on its own device xN; nlkit re-creates it on yN from what it decoded.
      const kinds: Array<[string, string[]]> = [
        ['pfifo', ['limit', '123']],
        ['bfifo', ['limit', '23456']],
        ['pfifo_head_drop', ['limit', '77']],
        ['pfifo_fast', []],
        ['tbf', ['rate', '3mbit', 'burst', '20k', 'limit', '30000']],
        ['htb', ['default', '12', 'r2q', '7', 'direct_qlen', '500']],
        ['mq', []],
        ['noqueue', []],
      ];
      kinds.forEach((_k, i) => ns.ip('link', 'add', `x${i}`, 'numtxqueues', '4', 'type', 'veth', 'peer', 'name', `y${i}`, 'numtxqueues', '4'));
      ns.ip('link', 'add', 'xi', 'type', 'veth', 'peer', 'name', 'yi');
      kinds.forEach(([kind, args], i) => sh('tc', ['-n', ns.name, 'qdisc', 'replace', 'dev', `x${i}`, 'root', 'handle', `${i + 1}:`, kind, ...args]));
      sh('tc', ['-n', ns.name, 'qdisc', 'add', 'dev', 'xi', 'ingress']);
      sh('tc', ['-n', ns.name, 'qdisc', 'add', 'dev', 'yi', 'clsact']);
      const idx = ifindexes(ns);
      const tc = await TcClient.open({ netns: ns.name });
      try {
        const ours = await collect(tc.getqdiscDump());
        const at = (dev: string, kind: string) => ours.find((q) => q.header.tcmIfindex === idx[dev] && q.kind === kind);
        for (const q of ours) expect(undecoded(q), `${q.kind} on ifindex ${q.header.tcmIfindex}`).toEqual([]);
        for (const q of ours) expect(q.header.tcmFamily).toBe('unspec');

        kinds.forEach(([kind], i) => expect(at(`x${i}`, kind), kind).toBeDefined());
        expect(at('xi', 'ingress')!.header).toMatchObject({ tcmHandle: 0xffff0000, tcmParent: TC_H_INGRESS });
        expect(at('yi', 'clsact')!.header).toMatchObject({ tcmHandle: 0xffff0000, tcmParent: TC_H_INGRESS });

        const ref = tcJson<TcQdisc[]>(ns.name, '-s', '-d', 'qdisc', 'show');
        const refAt = (dev: string, kind: string) => ref.find((q) => q.dev === dev && q.kind === kind)!;
        const opts = (dev: string, kind: string) => at(dev, kind)!.options as Record<string, any>;
        expect(opts('x0', 'pfifo')).toEqual({ limit: refAt('x0', 'pfifo').options!.limit });
        expect(opts('x0', 'pfifo').limit).toBe(123);
        expect(opts('x1', 'bfifo')).toEqual({ limit: 23456 });
        expect(refAt('x1', 'bfifo').options!.limit).toBe(23456);
        expect(opts('x2', 'pfifo_head_drop')).toEqual({ limit: 77 });
        expect(refAt('x2', 'pfifo_head_drop').options!.limit).toBe(77);
        const fast = opts('x3', 'pfifo_fast');
        expect({ bands: fast.bands, priomap: Array.from(fast.priomap as Uint8Array) }).toEqual({ bands: refAt('x3', 'pfifo_fast').options!.bands, priomap: refAt('x3', 'pfifo_fast').options!.priomap });
        const tbf = opts('x4', 'tbf');
        expect(tbf.parms.rate.rate).toBe(refAt('x4', 'tbf').options!.rate);
        expect(tbf.parms.rate.rate).toBe(375000);
        expect(tbf.parms.rate.linklayer).toBe(refAt('x4', 'tbf').options!.linklayer);
        expect(tbf.parms.limit).toBe(30000);
        const htb = opts('x5', 'htb');
        const htbRef = refAt('x5', 'htb').options!;
        expect({ r2q: htb.init.rate2quantum, default: `0x${htb.init.defcls.toString(16)}`, direct_packets_stat: htb.init.directPkts, direct_qlen: htb.directQlen, ver: `${htb.init.version >>> 16}.${htb.init.version & 0xffff}` })
          .toEqual({ r2q: htbRef.r2q, default: htbRef.default, direct_packets_stat: htbRef.direct_packets_stat, direct_qlen: htbRef.direct_qlen, ver: htbRef.ver });
        expect(htb.init).toMatchObject({ rate2quantum: 7, defcls: 0x12 });
        for (const [dev, kind] of [['x6', 'mq'], ['x7', 'noqueue'], ['xi', 'ingress'], ['yi', 'clsact']] as const) {
          expect(refAt(dev, kind).options ?? {}).toEqual({});
          expect(Object.keys(opts(dev, kind) ?? {})).toEqual([]);
        }
        // Statistics: the generic counters agree with tc -s.
        const x0 = at('x0', 'pfifo')!;
        expect(x0.stats2!.queue).toMatchObject({ qlen: refAt('x0', 'pfifo')!.qlen, drops: (refAt('x0', 'pfifo') as unknown as { drops: number }).drops });

        // Re-create each kind on yN from the decoded options; tc shows the same options twice.
        for (const [i, [kind]] of kinds.entries()) {
          const q = at(`x${i}`, kind)!;
          // htb dumps its full version (HTB_VER, 3.17) but takes only the major on input.
          if (kind === 'htb') (q.options as { init: { version: number } }).init.version >>>= 16;
          await tc.newqdisc({ header: { tcmIfindex: idx[`y${i}`]!, tcmHandle: q.header.tcmHandle, tcmParent: TC_H_ROOT }, kind, options: q.options } as never, { flags: ['create', 'replace'] })
            .catch((e: Error) => { throw new Error(`re-creating ${kind} from ${JSON.stringify(q.options, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v))}: ${e.message}`); });
        }
        const again = tcJson<TcQdisc[]>(ns.name, '-d', 'qdisc', 'show');
        for (const [i, [kind]] of kinds.entries()) {
          const x = again.find((q) => q.dev === `x${i}` && q.kind === kind);
          const y = again.find((q) => q.dev === `y${i}` && q.kind === kind);
          expect(y, `${kind} re-created`).toBeDefined();
          expect(y!.options, kind).toEqual(x!.options);
          expect(y!.handle).toBe(x!.handle);
        }
      } finally {
        tc.close();
      }
    });
  });

  kernelIt('classes: htb classes (options and xstats) and mq classes, as tc shows them', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb', 'numtxqueues', '4');
      const t = (...a: string[]) => sh('tc', ['-n', ns.name, ...a]);
      t('qdisc', 'add', 'dev', 'va', 'root', 'handle', '1:', 'htb', 'default', '20');
      t('class', 'add', 'dev', 'va', 'parent', '1:', 'classid', '1:1', 'htb', 'rate', '10mbit', 'ceil', '20mbit');
      t('class', 'add', 'dev', 'va', 'parent', '1:1', 'classid', '1:10', 'htb', 'rate', '1mbit', 'ceil', '2mbit', 'prio', '3', 'quantum', '1600', 'burst', '15k', 'cburst', '10k');
      t('class', 'add', 'dev', 'va', 'parent', '1:1', 'classid', '1:20', 'htb', 'rate', '500kbit', 'ceil', '10mbit', 'prio', '5');
      t('qdisc', 'add', 'dev', 'vb', 'root', 'handle', '5:', 'mq');
      ns.ip('link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'vd');
      t('qdisc', 'add', 'dev', 'vc', 'root', 'handle', '7:', 'tbf', 'rate', '1mbit', 'burst', '10k', 'limit', '10000');
      t('qdisc', 'add', 'dev', 'vc', 'parent', '7:1', 'handle', '8:', 'pfifo', 'limit', '33');
      const idx = ifindexes(ns);
      const tc = await TcClient.open({ netns: ns.name });
      try {
        const htb = await collect(tc.gettclassDump({ header: { tcmIfindex: idx.va! } }));
        const text = t('-s', '-d', 'class', 'show', 'dev', 'va');
        expect(htb.map((c) => tcHandle(c.header.tcmHandle)).sort()).toEqual(['1:1', '1:10', '1:20']);
        for (const c of htb) {
          expect(undecoded(c), tcHandle(c.header.tcmHandle)).toEqual([]);
          expect(c.kind).toBe('htb');
          const o = c.options as { parms: { rate: { rate: number }; ceil: { rate: number }; prio: number; quantum: number; level: number } };
          const block = text.split(/\n(?=class )/).find((b) => b.startsWith(`class htb ${tcHandle(c.header.tcmHandle)} `))!;
          expect(block).toBeDefined();
          const num = (re: RegExp) => Number(re.exec(block)![1]);
          // tc prints prio and quantum for leaf classes only.
          if (/ leaf /.test(block)) expect([o.parms.prio, o.parms.quantum]).toEqual([num(/ prio (\d+)/), num(/ quantum (\d+)/)]);
          expect(o.parms.level).toBe(num(/ level (\d+)/));
          const x = c.xstats as { lends: number; borrows: number; giants: number; tokens: number; ctokens: number };
          expect([x.lends, x.borrows, x.giants]).toEqual([num(/lended: (\d+)/), num(/borrowed: (\d+)/), num(/giants: (\d+)/)]);
          expect(typeof x.tokens).toBe('number');
          expect(c.stats2!.app).toEqual(c.xstats);
        }
        const leaf = htb.find((c) => tcHandle(c.header.tcmHandle) === '1:10')!.options as { parms: { rate: { rate: number }; ceil: { rate: number } } };
        expect([leaf.parms.rate.rate, leaf.parms.ceil.rate]).toEqual([125000, 250000]);
        expect(text).toMatch(/class htb 1:10 parent 1:1 (leaf \S+ )?prio 3 quantum 1600 rate 1Mbit ceil 2Mbit/);

        const mq = await collect(tc.gettclassDump({ header: { tcmIfindex: idx.vb! } }));
        const mqText = t('class', 'show', 'dev', 'vb');
        expect(mq.map((c) => `class ${c.kind} ${tcHandle(c.header.tcmHandle)}`).sort()).toEqual(mqText.trim().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')).sort());
        expect(mq).toHaveLength(4);
        for (const c of mq) expect(undecoded(c)).toEqual([]);

        // tbf has one class, 7:1, holding the pfifo 8:.
        const tbf = await collect(tc.gettclassDump({ header: { tcmIfindex: idx.vc! } }));
        expect(t('class', 'show', 'dev', 'vc')).toMatch(/^class tbf 7:1 parent 7: leaf 8: /);
        expect(tbf.map((c) => [c.kind, tcHandle(c.header.tcmHandle), tcHandle(c.header.tcmParent), tcHandle(c.header.tcmInfo)])).toEqual([['tbf', '7:1', '7:', '8:']]);
        for (const c of tbf) expect(undecoded(c)).toEqual([]);
      } finally {
        tc.close();
      }
    });
  });

  kernelIt('filters and actions: u32 (with a mirred action), bpf (classic bytecode), chains and standalone mirred actions', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'vd');
      const t = (...a: string[]) => sh('tc', ['-n', ns.name, ...a]);
      for (const dev of ['va', 'vc']) t('qdisc', 'add', 'dev', dev, 'clsact');
      t('filter', 'add', 'dev', 'va', 'ingress', 'protocol', 'ip', 'prio', '3', 'u32', 'match', 'ip', 'src', '1.2.3.4/32', 'match', 'ip', 'dport', '80', '0xffff', 'classid', '1:5',
        'action', 'mirred', 'egress', 'redirect', 'dev', 'vb');
      t('filter', 'add', 'dev', 'va', 'ingress', 'protocol', 'ip', 'prio', '4', 'bpf', 'bytecode', '4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0', 'classid', '1:7');
      // u32 hashing: a table of 16 buckets, linked from a node that hashes on the source address.
      t('filter', 'add', 'dev', 'va', 'ingress', 'prio', '5', 'handle', '10:', 'protocol', 'ip', 'u32', 'divisor', '16');
      t('filter', 'add', 'dev', 'va', 'ingress', 'prio', '5', 'protocol', 'ip', 'u32', 'link', '10:', 'hashkey', 'mask', '0x0000000f', 'at', '12', 'match', 'ip', 'dst', '10.0.0.0/8');
      t('filter', 'add', 'dev', 'va', 'ingress', 'prio', '7', 'protocol', 'ip', 'u32', 'indev', 'vb', 'match', 'ip', 'protocol', '6', '0xff', 'skip_hw');
      t('chain', 'add', 'dev', 'va', 'ingress', 'chain', '7');
      t('actions', 'add', 'action', 'mirred', 'ingress', 'mirror', 'dev', 'vb', 'pipe', 'index', '42');
      const idx = ifindexes(ns);
      const tc = await TcClient.open({ netns: ns.name });
      try {
        const ingress = { tcmIfindex: idx.va!, tcmParent: clsactParent('ingress') };
        const filters = await collect(tc.gettfilterDump({ header: ingress }));
        for (const f of filters) expect(undecoded(f), `${f.kind} ${f.header.tcmHandle.toString(16)}`).toEqual([]);
        const ref = tcJson<Array<{ kind: string; pref: number; options?: Record<string, any> }>>(ns.name, '-s', '-d', 'filter', 'show', 'dev', 'va', 'ingress');

        // bpf: classic BPF instructions as structs, classid, flags, as tc shows them.
        const bpf = filters.find((f) => f.kind === 'bpf' && f.options)!;
        const bpfRef = ref.find((f) => f.kind === 'bpf' && f.options)!.options!;
        const bo = bpf.options as { classid: number; opsLen: number; ops: Array<{ code: number; jt: number; jf: number; k: number }>; flagsGen?: string[] };
        expect(tcHandle(bo.classid)).toBe(bpfRef.flowid);
        expect({ length: bo.opsLen, insns: bo.ops }).toEqual(bpfRef.bytecode);
        expect(bo.ops).toHaveLength(4);
        expect(bo.flagsGen?.includes('not-in-hw')).toBe(bpfRef.not_in_hw === true);
        expect(filterInfoParts(bpf.header.tcmInfo)).toEqual({ prio: 4, protocol: 0x0800 });

        // u32: the hash table node and the key node, with the action decoded.
        const u32 = filters.filter((f) => f.kind === 'u32' && f.options);
        const node = u32.find((f) => f.header.tcmInfo >>> 16 === 3 && (f.options as { sel?: unknown }).sel)!;
        const table = u32.find((f) => f.header.tcmInfo >>> 16 === 3 && (f.options as { divisor?: number }).divisor !== undefined)!;
        expect((table.options as { divisor: number }).divisor).toBe(ref.find((f) => f.kind === 'u32' && f.pref === 3 && f.options?.ht_divisor !== undefined)!.options!.ht_divisor);
        const uo = node.options as { classid: number; sel: { flags: string[]; nkeys: number; keys?: Array<{ mask: number; val: number; off: number }> }; act: Array<{ kind: string; options: { parms: Record<string, unknown> } }> };
        const uRef = ref.find((f) => f.kind === 'u32' && f.options?.fh === `${(node.header.tcmHandle >>> 20).toString(16)}::${(node.header.tcmHandle & 0xfff).toString(16)}`)!.options!;
        expect(tcHandle(uo.classid)).toBe(uRef.flowid);
        expect(uo.sel.flags).toContain('terminal');
        expect(uo.sel.nkeys).toBe(2);
        const text = t('-d', 'filter', 'show', 'dev', 'va', 'ingress');
        const prio3 = t('-d', 'filter', 'show', 'dev', 'va', 'ingress', 'prio', '3');
        const matches = [...prio3.matchAll(/match ([0-9a-f]{8})\/([0-9a-f]{8}) at (\d+)/g)].map((m) => ({ val: parseInt(m[1]!, 16), mask: parseInt(m[2]!, 16), off: Number(m[3]) }));
        expect(matches).toHaveLength(2);
        expect(uo.sel.keys!.map((k) => ({ val: k.val, mask: k.mask, off: k.off }))).toEqual(matches);
        const act = uo.act[0]!;
        const actRef = uRef.actions[0];
        expect(act.kind).toBe(actRef.kind);
        expect(act.options.parms).toMatchObject({ eaction: 'egress-redir', ifindex: idx.vb, action: 'stolen', index: actRef.index, refcnt: actRef.ref, bindcnt: actRef.bind });
        expect([actRef.mirred_action, actRef.direction, actRef.to_dev, actRef.control_action.type]).toEqual(['redirect', 'egress', 'vb', tcVerdict(act.options.parms.action)]);

        // u32 hashing, indev and flags.
        const byPrio = (prio: number) => u32.filter((f) => f.header.tcmInfo >>> 16 === prio).map((f) => f.options as Record<string, any>);
        expect(byPrio(5).map((o) => o.divisor).filter((d) => d !== undefined).sort((a, b) => a - b)).toEqual([1, 16]);
        const linked = byPrio(5).find((o) => o.sel)!;
        expect(`${(linked.link >>> 20).toString(16)}:`).toBe('10:'); // u32 handles: table id in the top 12 bits
        expect(linked.sel).toMatchObject({ hmask: 0x0000000f, hoff: 12, nkeys: 1, keys: [{ val: 0x0a000000, mask: 0xff000000, off: 16, offmask: 0 }] });
        expect(text).toMatch(/link 10: .*\n\s+match 0a000000\/ff000000 at 16\n\s+hash mask 0000000f at 12/);
        const indev = byPrio(7).find((o) => o.sel)!;
        expect(indev).toMatchObject({ indev: 'vb', flags: ['skip-hw', 'not-in-hw'], sel: { keys: [{ val: 0x00060000, mask: 0x00ff0000, off: 8, offmask: 0 }] } });
        expect(text).toMatch(/skip_hw not_in_hw \n\s+match 00060000\/00ff0000 at 8\n\s+input dev vb/);

        // bpf re-created by nlkit on vc from the decoded options: tc shows the same program.
        await tc.newtfilter({ header: { tcmIfindex: idx.vc!, tcmParent: ingress.tcmParent, tcmHandle: 1, tcmInfo: filterInfo(4, 0x0800) }, kind: 'bpf', options: { classid: bo.classid, opsLen: bo.opsLen, ops: bo.ops } } as never, create);
        const vcRef = tcJson<Array<{ kind: string; options?: Record<string, any> }>>(ns.name, '-d', 'filter', 'show', 'dev', 'vc', 'ingress').find((f) => f.kind === 'bpf' && f.options)!;
        expect(vcRef.options!.bytecode).toEqual(bpfRef.bytecode);
        expect(vcRef.options!.flowid).toBe('1:7');

        // u32 re-created by nlkit on vc from the decoded selector: tc shows the same two keys.
        await tc.newtfilter({ header: { tcmIfindex: idx.vc!, tcmParent: ingress.tcmParent, tcmInfo: filterInfo(3, 0x0800) }, kind: 'u32', options: { classid: uo.classid, sel: uo.sel } } as never, create);
        const vcText = t('-d', 'filter', 'show', 'dev', 'vc', 'ingress', 'prio', '3');
        expect([...vcText.matchAll(/match ([0-9a-f]{8})\/([0-9a-f]{8}) at (\d+)/g)].map((m) => m.slice(1).join(' '))).toEqual([...prio3.matchAll(/match ([0-9a-f]{8})\/([0-9a-f]{8}) at (\d+)/g)].map((m) => m.slice(1).join(' ')));
        expect(vcText).toContain('flowid 1:5');

        // Chains.
        const chains = await collect(tc.getchainDump({ header: ingress }));
        const chainRef = tcJson<Array<{ chain: number }>>(ns.name, 'chain', 'show', 'dev', 'va', 'ingress');
        expect(chains.map((c) => c.chain).sort()).toEqual(chainRef.map((c) => c.chain).sort());
        expect(chains.map((c) => c.chain)).toContain(7);

        // Standalone actions: the dump lists both mirred actions, named as the uapi names them.
        const dump = await collect(tc.getactionDump({ header: { tcaFamily: 'unspec' }, tab: [{ kind: 'mirred' }] } as never));
        const tab = dump.flatMap((m) => (m as { tab?: Array<{ kind: string; options: { parms: Record<string, unknown>; tm: unknown } }> }).tab ?? []);
        for (const m of dump) expect(undecoded(m)).toEqual([]);
        const lsRef = tcJson<Array<{ 'total acts'?: number; actions?: Array<Record<string, any>> }>>(ns.name, 'actions', 'ls', 'action', 'mirred');
        const aRef = lsRef.flatMap((x) => x.actions ?? []);
        // With TCA_ACT_FLAG_LARGE_DUMP_ON (as tc asks) the kernel counts the actions it dumped.
        const counted = await collect(tc.getactionDump({ header: { tcaFamily: 'unspec' }, tab: [{ kind: 'mirred' }], flags: { value: 1, selector: 1 } } as never));
        expect(counted.map((m) => (m as { count?: number }).count)).toEqual(lsRef.filter((x) => x['total acts'] !== undefined).map((x) => x['total acts']));
        expect(tab.map((a) => a.options.parms.index).sort()).toEqual(aRef.map((a) => a.index).sort());
        const mirror = tab.find((a) => a.options.parms.index === 42)!;
        const mirrorRef = aRef.find((a) => a.index === 42)!;
        expect(mirror.options.parms).toMatchObject({ eaction: 'ingress-mirror', action: 'pipe', ifindex: idx.vb, refcnt: mirrorRef.ref, bindcnt: mirrorRef.bind });
        expect([mirrorRef.mirred_action, mirrorRef.direction, mirrorRef.to_dev, mirrorRef.control_action.type]).toEqual(['mirror', 'ingress', 'vb', 'pipe']);
      } finally {
        tc.close();
      }
    });
  });
});
