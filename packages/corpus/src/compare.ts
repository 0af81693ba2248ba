/**
 * Holds a corpus run against iproute2: for every captured dump, decode each message (a decode
 * error is a finding), scan it for guesses (scan.ts), re-encode it (bytes must be identical),
 * and compare the chosen values (tables.ts) with what `ip`, `bridge` and `tc` print.
 */
import { execFileSync } from 'node:child_process';
import type { Capture } from './capture.js';
import { handleText, ACTION_FIELDS, ACTION_OPTION_FIELDS, ADDR_FIELDS, BRIDGE_LINK_FIELDS, BRPORT_SLAVE_FIELDS, CLASS_FIELDS, CLASS_OPTION_FIELDS, FDB_FIELDS, FILTER_FIELDS, FILTER_OPTION_FIELDS, LINK_DATA_FIELDS, LINK_FIELDS, LINK_STATS_FIELDS, NEIGH_FIELDS, NEIGHTBL_FIELDS, QDISC_FIELDS, QDISC_OPTION_FIELDS, ROUTE_FIELDS, RULE_FIELDS } from './tables.js';
import { compareFields as compareFieldsOf, type Ctx, type Field } from './match.js';
import { scanDecoded, type Finding } from './scan.js';
import { decodeCaptured, reencode } from './golden.js';
import { runInNetns } from './setup.js';
import { parseIprouteJsonList } from './iproute-json.js';

export interface Decoded {
  capture: Capture;
  /** One per message; undefined where it did not decode (a finding says why). */
  values: Array<Record<string, any> | undefined>;
}

/** Decodes every message of every capture; decode errors, guesses and re-encode mismatches are findings. */
export function decodeAll(captures: Capture[]): { decoded: Map<string, Decoded>; findings: Finding[]; messages: number } {
  const findings: Finding[] = [];
  const decoded = new Map<string, Decoded>();
  let messages = 0;
  for (const c of captures) {
    const values: Decoded['values'] = [];
    c.messages.forEach((bytes, i) => {
      messages++;
      const where = `${c.name} #${i}`;
      let v: Record<string, any>;
      try {
        v = decodeCaptured(c.family, c.op, bytes) as Record<string, any>;
      } catch (err) {
        findings.push({ where, path: '', what: `does not decode: ${(err as Error).message}` });
        values.push(undefined);
        return;
      }
      values.push(v);
      findings.push(...scanDecoded(v, `${where} ${describe(c, v)}`));
      findings.push(...roundTrip(c, v, bytes, where));
    });
    decoded.set(c.name, { capture: c, values });
  }
  return { decoded, findings, messages };
}

export function roundTrip(c: { family: string; op: string }, v: unknown, bytes: Uint8Array, where: string): Finding[] {
  let again: Uint8Array;
  try {
    again = reencode(c.family, c.op, v, bytes);
  } catch (err) {
    return [{ where, path: '', what: `does not re-encode: ${(err as Error).message}` }];
  }
  if (Buffer.compare(Buffer.from(again), Buffer.from(bytes)) === 0) return [];
  let at = 0;
  while (at < again.length && at < bytes.length && again[at] === bytes[at]) at++;
  return [{ where, path: '', what: `re-encodes to other bytes (${again.length} vs ${bytes.length}, first difference at byte ${at}: ${Buffer.from(again.subarray(at, at + 8)).toString('hex')} vs ${Buffer.from(bytes.subarray(at, at + 8)).toString('hex')})` }];
}

/** A short name of a decoded message for findings: the link, address or object it is about. */
function describe(c: Capture, v: Record<string, any>): string {
  const bits = [v.ifname, v.kind, v.dst ?? v.local ?? v.address, v.lladdr, v.priority].filter((x) => typeof x === 'string' || typeof x === 'number');
  return bits.length ? `(${bits.slice(0, 3).join(' ')})` : '';
}

/** Runs an iproute2 command in the namespace and reads its JSON (duplicate keys kept); a failure is a finding. */
function iprouteOrFinding(findings: Finding[], netns: string, argv: string[]): any[] {
  try {
    return parseIprouteJsonList(runInNetns(netns, argv));
  } catch (err) {
    findings.push({ where: argv.join(' '), path: '', what: `iproute2 gave nothing to compare with: ${(err as Error).message}` });
    return [];
  }
}

export interface CompareStats {
  /** Objects compared value by value, per kind. */
  compared: Record<string, number>;
  /** Keys iproute2 printed that no table field reads, per table (what the corpus does not yet compare). */
  uncovered: Record<string, string[]>;
}

/** Compares the decoded dumps with iproute2's view of the same namespace. */
export function compareWithIproute(netns: string, decoded: Map<string, Decoded>): { findings: Finding[]; stats: CompareStats } {
  const findings: Finding[] = [];
  const stats: CompareStats = { compared: {}, uncovered: {} };
  const seen = new Map<string, Set<string>>();
  const readKeys = new Map<string, Set<string>>();
  // Every comparison goes through here, so the keys iproute2 printed and no table read can be listed
  // (per object kind, table prefix and the kind in the trailing parentheses of `where`).
  const compareFields = (fields: Field[], ours: unknown, theirs: any, c: Ctx, where: string, prefix = '') => {
    const kind = /\(([\w-]+)[^)]*\)$/.exec(where)?.[1];
    const label = `${where.split(' ')[0]}${prefix ? ` ${prefix}` : ''}${kind ? ` (${kind})` : ''}`;
    const read = readKeys.get(label) ?? new Set<string>();
    readKeys.set(label, read);
    for (const f of fields) read.add(typeof f.theirs === 'string' ? f.theirs.split('.')[0]! : (f.name ?? '').split(/[ .]/)[0]!);
    const set = seen.get(label) ?? new Set<string>();
    seen.set(label, set);
    if (theirs && typeof theirs === 'object') for (const k of Object.keys(theirs)) set.add(k);
    return compareFieldsOf(fields, ours, theirs, c, where, prefix);
  };
  const count = (k: string) => (stats.compared[k] = (stats.compared[k] ?? 0) + 1);
  const iproute = (netns: string, argv: string[]) => iprouteOrFinding(findings, netns, argv);
  const ipLinks = iproute(netns, ['ip', '-j', '-d', 'link', 'show']);
  const names = new Map<number, string>(ipLinks.map((l) => [l.ifindex, l.ifname]));
  const ctx: Ctx = { ifname: (i) => (i === undefined ? undefined : names.get(i)) };
  const values = (name: string) => (decoded.get(name)?.values ?? []).filter((v): v is Record<string, any> => v !== undefined);

  /**
   * Pairs each of theirs with one of ours by key; theirs without a partner is a finding unless
   * `mayBeNew` says the kernel can make it on its own between nlkit's dump and iproute2's (a
   * dynamic neighbour or fdb entry).
   */
  const pair = (kind: string, ours: Array<Record<string, any>>, theirs: any[], keyOurs: (o: any) => string, keyTheirs: (t: any) => string, cmp: (o: any, t: any, where: string) => void, mayBeNew?: (t: any) => boolean) => {
    const pool = new Map<string, any[]>();
    for (const o of ours) {
      const k = keyOurs(o);
      pool.set(k, [...(pool.get(k) ?? []), o]);
    }
    for (const t of theirs) {
      const k = keyTheirs(t);
      const o = pool.get(k)?.shift();
      const where = `${kind} ${k}`;
      if (!o) {
        if (mayBeNew?.(t)) continue;
        findings.push({ where, path: '', what: `iproute2 lists it; nlkit's dump has no message with this key (nlkit keys: ${[...pool.keys()].slice(0, 6).join(', ')}...)` });
        continue;
      }
      count(kind);
      cmp(o, t, where);
    }
  };

  // Links, with per-kind linkinfo data and bridge-port slave data.
  pair('link', values('link'), ipLinks, (o) => String(o.header?.ifiIndex), (t) => String(t.ifindex), (o, t, where) => {
    findings.push(...compareFields(LINK_FIELDS, o, t, ctx, where));
    const kind = t.linkinfo?.info_kind;
    const table = kind && LINK_DATA_FIELDS[kind];
    if (table && t.linkinfo.info_data) findings.push(...compareFields(table, o.linkinfo?.data ?? {}, t.linkinfo.info_data, ctx, `${where} (${kind})`, 'info_data.'));
    if (t.linkinfo?.info_slave_kind === 'bridge' && t.linkinfo.info_slave_data) {
      findings.push(...compareFields(BRPORT_SLAVE_FIELDS, o.linkinfo?.slaveData ?? {}, t.linkinfo.info_slave_data, ctx, where, 'info_slave_data.'));
    }
  });

  // AF_BRIDGE links: port flags, and vlans.
  const brLinks = values('link-bridge');
  pair('bridge-link', brLinks, iproute(netns, ['bridge', '-j', '-d', 'link', 'show']), (o) => String(o.header?.ifiIndex), (t) => String(t.ifindex), (o, t, where) => {
    findings.push(...compareFields(BRIDGE_LINK_FIELDS, o, t, ctx, where));
  });
  for (const t of iproute(netns, ['bridge', '-j', 'vlan', 'show'])) {
    const o = brLinks.find((l) => l.ifname === t.ifname);
    const where = `bridge-vlan ${t.ifname}`;
    if (!o) {
      findings.push({ where, path: '', what: 'bridge vlan lists the port; nlkit\'s AF_BRIDGE dump has no message for it' });
      continue;
    }
    count('bridge-vlan');
    const ours = bridgeVlans(o);
    // bridge prints ranges (vlan..vlanEnd); our dump asks for each vlan on its own (RTEXT_FILTER_BRVLAN).
    const theirs = (t.vlans ?? []).flatMap((v: any) => {
      const flags = `${(v.flags ?? []).includes('PVID') ? ' pvid' : ''}${(v.flags ?? []).includes('Egress Untagged') ? ' untagged' : ''}`;
      const ids: number[] = [];
      for (let id = v.vlan; id <= (v.vlanEnd ?? v.vlan); id++) ids.push(id);
      return ids.map((id) => `${id}${flags}`);
    }).sort();
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) findings.push({ where, path: 'af-spec vlan-info', what: `bridge vlan has ${JSON.stringify(theirs)}, nlkit has ${JSON.stringify(ours)}` });
  }

  // Addresses.
  const ipAddrs = ipLinks.length ? iproute(netns, ['ip', '-j', '-d', 'addr', 'show']).flatMap((l) => (l.addr_info ?? []).map((a: any) => ({ ...a, ifindex: l.ifindex }))) : [];
  const addrKey = (fam: string, idx: unknown, local: unknown, len: unknown) => `${fam} if${idx} ${local}/${len}`;
  pair('addr', values('addr'), ipAddrs, (o) => addrKey(afNumber(o.header?.ifaFamily) === 10 ? 'inet6' : 'inet', o.header?.ifaIndex, o.local ?? o.address, o.header?.ifaPrefixlen),
    (t) => addrKey(t.family, t.ifindex, t.local, t.prefixlen), (o, t, where) => findings.push(...compareFields(ADDR_FIELDS, o, t, ctx, where)));

  // Routes.
  const routeKey = (fam: 'inet' | 'inet6' | 'mpls') => (o: any) => {
    const full = fam === 'inet' ? 32 : fam === 'inet6' ? 128 : 20;
    const len = o.header?.rtmDstLen;
    const dst = fam === 'mpls' ? mplsDst(o.dst) : o.dst === undefined ? 'default' : len === full ? String(o.dst) : `${o.dst}/${len}`;
    const table = tableName(o.table ?? o.header?.rtmTable);
    return `${table} ${o.header?.rtmType} ${dst} ${ctx.ifname(o.oif) ?? '-'} ${o.priority ?? '-'} ${o.header?.rtmTos ?? 0}`;
  };
  const routeKeyTheirs = (t: any) => {
    const dst = Array.isArray(t.dst) ? t.dst[0] : t.dst;
    // An encap's tos is printed as a second `tos` (or the only one, when the route has none).
    const tos = Array.isArray(t.tos) ? t.tos[0] : t.encap ? 0 : t.tos;
    return `${t.table ?? 'main'} ${t.type ?? 'unicast'} ${dst} ${t.dev ?? '-'} ${t.metric ?? '-'} ${tos ? Number(tos) : 0}`;
  };
  const routeCmp = (o: any, t: any, where: string) => findings.push(...compareFields(ROUTE_FIELDS, o, t, ctx, where));
  pair('route', values('route-inet'), iproute(netns, ['ip', '-4', '-j', '-d', 'route', 'show', 'table', 'all']), routeKey('inet'), routeKeyTheirs, routeCmp);
  pair('route6', values('route-inet6'), iproute(netns, ['ip', '-j', '-d', '-6', 'route', 'show', 'table', 'all']), routeKey('inet6'), routeKeyTheirs, routeCmp);
  if (decoded.has('route-mpls')) {
    pair('mpls-route', values('route-mpls'), iproute(netns, ['ip', '-j', '-d', '-f', 'mpls', 'route', 'show']), routeKey('mpls'), (t) => routeKeyTheirs({ ...t, table: 'main' }), routeCmp);
  }

  // Rules.
  const rules = values('rule');
  const ruleKey = (fam: unknown, prio: unknown) => `${fam} pref ${prio}`;
  pair('rule', rules, iproute(netns, ['ip', '-4', '-j', '-d', 'rule', 'show']), (o) => ruleKey(afNumber(o.header?.family), o.priority ?? 0), (t) => ruleKey(2, t.priority), (o, t, w) => findings.push(...compareFields(RULE_FIELDS, o, t, ctx, w)));
  pair('rule6', rules, iproute(netns, ['ip', '-j', '-d', '-6', 'rule', 'show']), (o) => ruleKey(afNumber(o.header?.family), o.priority ?? 0), (t) => ruleKey(10, t.priority), (o, t, w) => findings.push(...compareFields(RULE_FIELDS, o, t, ctx, w)));

  // Neighbours, proxies, fdb.
  const neighKey = (o: any) => `${ctx.ifname(o.header?.ndmIfindex)} ${o.dst}`;
  pair('neigh', values('neigh'), iproute(netns, ['ip', '-j', '-d', 'neigh', 'show', 'nud', 'all']), neighKey, (t) => `${t.dev} ${t.dst}`, (o, t, w) => findings.push(...compareFields(NEIGH_FIELDS, o, t, ctx, w)),
    (t) => !(t.state ?? []).some((x: string) => x === 'PERMANENT' || x === 'NOARP'));
  pair('neigh-proxy', values('neigh-proxy'), iproute(netns, ['ip', '-j', 'neigh', 'show', 'proxy']), neighKey, (t) => `${t.dev} ${t.dst}`, (o, t, w) => findings.push(...compareFields(NEIGH_FIELDS, o, t, ctx, w)));
  const fdbKey = (dev: unknown, mac: unknown, vlan: unknown, dst: unknown, self: boolean) => `${dev} ${String(mac).toLowerCase()} vlan ${vlan ?? '-'} dst ${dst ?? '-'}${self ? ' self' : ''}`;
  pair('fdb', values('fdb'), iproute(netns, ['bridge', '-j', '-d', 'fdb', 'show']),
    (o) => fdbKey(ctx.ifname(o.header?.ndmIfindex), o.lladdr, o.vlan, o.dst, Array.isArray(o.header?.ndmFlags) && o.header.ndmFlags.includes('self')),
    (t) => fdbKey(t.ifname, t.mac, t.vlan, t.dst, (t.flags ?? []).includes('self')), (o, t, w) => findings.push(...compareFields(FDB_FIELDS, o, t, ctx, w)),
    (t) => t.state !== 'permanent' && t.state !== 'static');

  // Neighbour tables (one message per table, then one per device's parameters).
  pair('neightbl', values('neightbl'), iproute(netns, ['ip', '-j', 'ntable', 'show']),
    (o) => `${afName(o.header?.ndtmFamily)} ${o.name} ${ctx.ifname(o.parms?.ifindex) ?? '-'}`, (t) => `${t.family} ${t.name} ${t.dev ?? '-'}`,
    (o, t, w) => findings.push(...compareFields(NEIGHTBL_FIELDS, o, t, ctx, w)));

  // Link statistics (RTM_GETSTATS).
  pair('link-stats', values('link-stats'), iproute(netns, ['ip', '-j', 'stats', 'show', 'group', 'link']), (o) => String(o.header?.ifindex), (t) => String(t.ifindex),
    (o, t, w) => findings.push(...compareFields(LINK_STATS_FIELDS, o, t, ctx, w)));

  // IPv6 multicast groups (`ip maddr`) and anycast addresses (/proc/net/anycast6: ip has no view of them).
  const maddrs = iproute(netns, ['ip', '-j', 'maddr', 'show']).flatMap((l) => (l.maddr ?? []).map((m: any) => ({ ...m, ifindex: l.ifindex })));
  for (const fam of ['inet', 'inet6']) {
    const dump = `addr-multicast${fam === 'inet' ? 4 : 6}`;
    if (!decoded.has(dump)) continue;
    pair(`multicast${fam === 'inet' ? 4 : 6}`, values(dump), maddrs.filter((m) => m.family === fam), (o) => `if${o.header?.ifaIndex} ${o.multicast}`, (t) => `if${t.ifindex} ${t.address}`, () => {});
  }
  pair('anycast6', values('addr-anycast6'), procAnycast6(netns), (o) => `if${o.header?.ifaIndex} ${o.anycast}`, (t) => `if${t.ifindex} ${t.address}`, () => {});

  // Qdiscs.
  const qdiscKey = (dev: unknown, handle: unknown, parent: unknown) => `${dev} ${handle} parent ${parent}`;
  pair('qdisc', values('qdisc'), iproute(netns, ['tc', '-j', '-s', '-d', 'qdisc', 'show']),
    (o) => qdiscKey(ctx.ifname(o.header?.tcmIfindex), handleText(o.header?.tcmHandle), handleText(o.header?.tcmParent)),
    (t) => qdiscKey(t.dev, t.handle, t.root ? 'root' : t.parent), (o, t, where) => {
      findings.push(...compareFields(QDISC_FIELDS, o, t, ctx, where));
      const table = QDISC_OPTION_FIELDS[t.kind];
      if (table && t.options) findings.push(...compareFields(table, o.options ?? {}, t.options, ctx, `${where} (${t.kind})`, 'options.'));
    });

  // Classes, filters and actions, dump by dump.
  for (const [name, d] of decoded) {
    const spec = d.capture.request as { header?: { tcmIfindex?: number; tcmParent?: number }; tab?: Array<{ kind: string }> };
    if (name.startsWith('class-')) {
      const dev = ctx.ifname(spec.header?.tcmIfindex)!;
      const theirs = tcClasses(netns, dev);
      pair('class', values(name), theirs, (o) => `${dev} ${handleText(o.header?.tcmHandle)}`, (t) => `${dev} ${t.handle}`, (o, t, where) => {
        findings.push(...compareFields(CLASS_FIELDS, o, t, ctx, `${where} (${t.kind})`));
        const table = CLASS_OPTION_FIELDS[t.kind];
        if (table) findings.push(...compareFields(table, o.options ?? {}, t.options ?? t, ctx, `${where} (${t.kind})`, t.options ? 'options.' : ''));
      });
    } else if (name.startsWith('filter-')) {
      const dev = ctx.ifname(spec.header?.tcmIfindex)!;
      const theirs = iproute(netns, ['tc', '-j', '-s', '-d', 'filter', 'show', 'dev', dev, 'parent', handleText(spec.header?.tcmParent) as string]);
      const ours = values(name);
      if (theirs.length !== d.values.length) findings.push({ where: `${name}`, path: '', what: `tc lists ${theirs.length} entries, nlkit's dump has ${d.values.length} messages` });
      theirs.forEach((t, i) => {
        const o = ours[i];
        if (!o) return;
        const where = `filter ${dev} ${handleText(spec.header?.tcmParent)} #${i} (${t.kind} pref ${t.pref})`;
        count('filter');
        findings.push(...compareFields(FILTER_FIELDS, o, t, ctx, where));
        const table = FILTER_OPTION_FIELDS[t.kind];
        if (table && t.options) findings.push(...compareFields(table, o, t.options, ctx, where, 'options.'));
        const acts: any[] = t.options?.actions ?? [];
        const ourActs: any[] = Array.isArray(o.options?.act) ? o.options.act : [];
        acts.forEach((ta, j) => {
          const oa = ourActs[j];
          if (!oa) {
            findings.push({ where, path: `options.actions.${j}`, what: `tc shows action ${ta.kind}; nlkit has none at this position` });
            return;
          }
          findings.push(...compareAction(oa, ta, ctx, `action-in-filter ${j} (${ta.kind})`, compareFields).map((f) => ({ ...f, where: `${where} action ${j}` })));
        });
      });
    } else if (name.startsWith('chain-')) {
      const dev = ctx.ifname(spec.header?.tcmIfindex)!;
      const theirs = iproute(netns, ['tc', '-j', 'chain', 'show', 'dev', dev, 'parent', handleText(spec.header?.tcmParent) as string]).map((c) => c.chain).sort();
      const ours = values(name).map((c) => c.chain).sort();
      count('chain');
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) findings.push({ where: name, path: 'chain', what: `tc lists chains ${JSON.stringify(theirs)}, nlkit has ${JSON.stringify(ours)}` });
    } else if (name.startsWith('action-')) {
      const kind = spec.tab?.[0]?.kind ?? '';
      const theirs = iproute(netns, ['tc', '-j', '-s', '-d', 'actions', 'ls', 'action', kind]).flatMap((x) => x.actions ?? []);
      const ours = values(name).flatMap((m) => (Array.isArray(m.tab) ? m.tab : []));
      pair('action', ours, theirs, (o) => `${kind} ${o.options?.parms?.index ?? o.index}`, (t) => `${kind} ${t.index}`, (o, t, where) => findings.push(...compareAction(o, t, ctx, where, compareFields)));
    }
  }
  for (const [table, keys] of seen) {
    const left = [...keys].filter((k) => !readKeys.get(table)?.has(k) && !PAIRING_KEYS.has(k)).sort();
    if (left.length) stats.uncovered[table] = left;
  }
  return { findings, stats };
}

/** Keys that pair objects (so they agree already) or only say what iproute2 printed. */
const PAIRING_KEYS = new Set(['ifindex', 'ifname', 'dev', 'dst', 'handle', 'parent', 'root', 'family', 'name', 'table', 'options', 'actions', 'order', 'group', 'vlans', 'maddr', 'addr_info']);

function compareAction(o: any, t: any, ctx: Ctx, where: string, cmp: typeof compareFieldsOf = compareFieldsOf): Finding[] {
  const table = ACTION_OPTION_FIELDS[t.kind];
  return [...cmp(ACTION_FIELDS, o, t, ctx, `${where} (${t.kind})`), ...(table ? cmp(table, o, t, ctx, `${where} (${t.kind})`) : [])];
}

/** `tc -j class show dev D`; iproute2 up to 6.2 prints text for classes even with -j, so that is read too. */
function tcClasses(netns: string, dev: string): any[] {
  const text = runInNetns(netns, ['tc', '-j', '-d', 'class', 'show', 'dev', dev]);
  const t = text.trim();
  if (!t) return [];
  if (t.startsWith('[')) return parseIprouteJsonList(t);
  return t.split('\n').filter((l) => l.startsWith('class ')).map((line) => {
    const words = line.trim().split(/\s+/);
    const entry: Record<string, unknown> = { kind: words[1], handle: words[2] };
    for (let i = 3; i < words.length; i++) {
      const w = words[i]!;
      if (w === 'root') entry.parent = 'root';
      else if (w === 'parent' || w === 'leaf') entry[w] = words[++i];
      else if (['prio', 'quantum', 'level'].includes(w)) entry[w] = Number(words[++i]);
      else if (w === 'rate' || w === 'ceil') entry[w] = rateBytes(words[++i]!);
    }
    return entry;
  });
}

/** `10Mbit` → bytes per second, as the kernel keeps rates. */
function rateBytes(text: string): number | string {
  const m = /^([\d.]+)([KMGT]?)bit$/i.exec(text);
  if (!m) return text;
  const mult = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2]!.toUpperCase()] ?? 1;
  return Math.round((Number(m[1]) * mult) / 8);
}

/** An address family as a number, whether the schema names it (`inet6`) or not. */
function afNumber(v: unknown): unknown {
  return typeof v === 'string' ? ({ unspec: 0, inet: 2, bridge: 7, inet6: 10, mpls: 28 } as Record<string, number>)[v] ?? v : v;
}

function afName(v: unknown): unknown {
  return ({ 2: 'inet', 10: 'inet6', 7: 'bridge' } as Record<number, string>)[v as number] ?? v;
}

/** /proc/net/anycast6 of the namespace: `ifindex ifname address-hex refcount` per line. */
function procAnycast6(netns: string): Array<{ ifindex: number; address: string }> {
  const text = execFileSync('ip', ['netns', 'exec', netns, 'cat', '/proc/net/anycast6'], { encoding: 'utf8' });
  return text.trim().split('\n').filter(Boolean).map((line) => {
    const [idx, , hex] = line.trim().split(/\s+/);
    const groups = hex!.match(/.{4}/g)!.map((g) => g);
    return { ifindex: Number(idx), address: formatIpv6(groups) };
  });
}

/** The canonical text of an IPv6 address from its eight 16-bit groups in hex (RFC 5952). */
function formatIpv6(groups: string[]): string {
  const words = groups.map((g) => parseInt(g, 16));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexes = words.map((w) => w.toString(16));
  if (best < 0) return hexes.join(':');
  return `${hexes.slice(0, best).join(':')}::${hexes.slice(best + bestLen).join(':')}`;
}

function tableName(t: unknown): string {
  const names: Record<string, string> = { 255: 'local', 254: 'main', 253: 'default' };
  if (typeof t === 'number') return names[t] ?? String(t);
  return String(t);
}

function mplsDst(d: unknown): string {
  if (Array.isArray(d)) return d.map((e: any) => e.label ?? e).join('/');
  return String(d);
}

/** The vlans of an AF_BRIDGE link message, as `bridge vlan show` lists them. */
function bridgeVlans(o: any): string[] {
  const info = o.afSpec?.vlanInfo ?? o.afSpec?.bridge?.vlanInfo;
  const list: any[] = Array.isArray(info) ? info : info ? [info] : [];
  return list.map((v) => {
    const flags: string[] = Array.isArray(v.flags) ? v.flags : [];
    return `${v.vid}${flags.includes('pvid') ? ' pvid' : ''}${flags.includes('untagged') ? ' untagged' : ''}`;
  }).sort();
}
