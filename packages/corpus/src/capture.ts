/**
 * Dumps a namespace through nlkit's runtimes on one NETLINK_ROUTE session, keeping the bytes of
 * every reply message as the kernel sent it (nlmsghdr included) next to the operation that
 * decodes it. The session's own dump() hands out each message in its datagram, so no hook
 * into core is needed.
 */
import { NETLINK_ROUTE, Session } from '@nlkit/core';
import { NLMSG_HDRLEN } from '@nlkit/core/wire';
import { runtimeOf, type FamilyName } from './families.js';

/** One dump: what was asked, and every reply message's bytes. */
export interface Capture {
  /** File-name-safe label, unique in a corpus run (`link`, `route-inet6`, `filter-ve0-1:0`...). */
  name: string;
  family: FamilyName;
  op: string;
  request: Record<string, unknown>;
  messages: Uint8Array[];
}

export interface DumpSpec {
  name: string;
  family: FamilyName;
  op: string;
  request: Record<string, unknown>;
}

/** Runs each dump in turn on `session`; a dump that fails is reported in `failed` and the rest go on. */
export async function captureDumps(session: Session, specs: DumpSpec[], failed: Array<{ spec: DumpSpec; error: string }> = []): Promise<Capture[]> {
  const out: Capture[] = [];
  for (const spec of specs) {
    const runtime = runtimeOf(spec.family);
    const msg = runtime.encodeRequest(spec.op, 'dump', spec.request);
    const messages: Uint8Array[] = [];
    try {
      for await (const m of session.dump(msg, { namer: runtime.namer(spec.op), operation: `corpus ${spec.name}` })) {
        messages.push(m.buf.slice(m.start - NLMSG_HDRLEN, m.end));
      }
    } catch (err) {
      failed.push({ spec, error: `${(err as Error).name}: ${(err as Error).message}` });
      continue;
    }
    out.push({ ...spec, messages });
  }
  return out;
}

export function openRouteSession(netns: string): Promise<Session> {
  return Session.open({ protocol: NETLINK_ROUTE, netns });
}

/** Where the kernel keeps tc filters: per device, the qdiscs that hold filter blocks. */
export interface FilterParent {
  ifindex: number;
  ifname: string;
  parent: number;
}

const AF_INET = 2;
const AF_BRIDGE = 7;
const AF_INET6 = 10;
const AF_MPLS = 28;

/** The first round: everything that needs no knowledge of the namespace. */
export function baseDumps(opts: { mpls: boolean }): DumpSpec[] {
  const specs: DumpSpec[] = [
    { name: 'link', family: 'rt-link', op: 'getlink', request: { header: { ifiFamily: 0 }, extMask: ['vf'] } },
    { name: 'link-bridge', family: 'rt-link', op: 'getlink', request: { header: { ifiFamily: AF_BRIDGE }, extMask: ['brvlan'] } },
    { name: 'addr', family: 'rt-addr', op: 'getaddr', request: { header: { ifaFamily: 0 } } },
    { name: 'route-inet', family: 'rt-route', op: 'getroute', request: { header: { rtmFamily: AF_INET } } },
    { name: 'route-inet6', family: 'rt-route', op: 'getroute', request: { header: { rtmFamily: AF_INET6 } } },
    { name: 'neigh', family: 'rt-neigh', op: 'getneigh', request: { header: { ndmFamily: 0 } } },
    { name: 'neigh-proxy', family: 'rt-neigh', op: 'getneigh', request: { header: { ndmFamily: 0, ndmFlags: ['proxy'] } } },
    { name: 'fdb', family: 'rt-neigh', op: 'getneigh', request: { header: { ndmFamily: AF_BRIDGE } } },
    { name: 'rule', family: 'rt-rule', op: 'getrule', request: { header: { family: 0 } } },
    { name: 'qdisc', family: 'tc', op: 'getqdisc', request: { header: { tcmFamily: 0 } } },
    {
      name: 'link-stats', family: 'rt-link', op: 'getstats',
      request: { header: { family: 0, filterMask: ['link-64', 'link-xstats', 'link-xstats-slave', 'link-offload-xstats', 'af-spec'] } },
    },
    { name: 'addr-multicast6', family: 'rt-addr', op: 'getmulticast', request: { header: { ifaFamily: AF_INET6 } } },
    { name: 'addr-anycast6', family: 'rt-addr', op: 'getanycast', request: { header: { ifaFamily: AF_INET6 } } },
    { name: 'neightbl', family: 'rt-neigh', op: 'getneightbl', request: { header: { ndtmFamily: 0 } } },
  ];
  // Without the mpls module the kernel answers an AF_MPLS dump with every family's routes.
  if (opts.mpls) specs.push({ name: 'route-mpls', family: 'rt-route', op: 'getroute', request: { header: { rtmFamily: AF_MPLS } } });
  return specs;
}

/** The second round: classes per device, filters per filter parent, actions per kind. */
export function tcDumps(devices: Array<{ ifindex: number; ifname: string }>, parents: FilterParent[], actionKinds: string[]): DumpSpec[] {
  const specs: DumpSpec[] = [];
  for (const d of devices) {
    specs.push({ name: `class-${d.ifname}`, family: 'tc', op: 'gettclass', request: { header: { tcmFamily: 0, tcmIfindex: d.ifindex } } });
  }
  for (const p of parents) {
    specs.push({
      name: `chain-${p.ifname}-${handleText(p.parent).replace(':', '_')}`,
      family: 'tc', op: 'getchain', request: { header: { tcmFamily: 0, tcmIfindex: p.ifindex, tcmParent: p.parent } },
    });
    specs.push({
      name: `filter-${p.ifname}-${handleText(p.parent).replace(':', '_')}`,
      family: 'tc', op: 'gettfilter', request: { header: { tcmFamily: 0, tcmIfindex: p.ifindex, tcmParent: p.parent } },
    });
  }
  for (const kind of actionKinds) {
    specs.push({ name: `action-${kind}`, family: 'tc', op: 'getaction', request: { header: { tcaFamily: 0 }, tab: [{ kind }] } });
  }
  return specs;
}

/** A tc handle as tc prints it: `1:`, `1:10`, `ffff:fff2`. */
export function handleText(h: number): string {
  const major = (h >>> 16).toString(16);
  const minor = h & 0xffff;
  return minor ? `${major}:${minor.toString(16)}` : `${major}:`;
}
