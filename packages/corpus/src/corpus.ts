/**
 * One corpus run in a namespace: make everything (the scenario), then dump it all through
 * nlkit, keeping the bytes. The namespace is enumerated with iproute2 (devices, qdiscs), so a
 * gap in our decoding never hides a dump from the corpus.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import type { Session } from '@nlkit/core';
import { runScenario, runInNetns, type StepResult } from './setup.js';
import { baseDumps, captureDumps, tcDumps, type Capture, type DumpSpec, type FilterParent } from './capture.js';

export interface CorpusRun {
  steps: StepResult[];
  captures: Capture[];
  /** Dumps the kernel or the session refused (each is a finding). */
  failedDumps: Array<{ spec: DumpSpec; error: string }>;
}

interface TcQdiscJson {
  kind: string;
  handle: string;
  dev: string;
  parent?: string;
  root?: boolean;
}

const TC_H_CLSACT_INGRESS = 0xfffffff2;
const TC_H_CLSACT_EGRESS = 0xfffffff3;
const TC_H_INGRESS = 0xfffffff1;

export function parseHandle(text: string): number {
  const [maj, min] = text.split(':');
  return ((parseInt(maj || '0', 16) << 16) | parseInt(min || '0', 16)) >>> 0;
}

/** Filter parents, from `tc -j qdisc show`: clsact's two hooks, ingress, and each qdisc with a handle. */
export function filterParents(qdiscs: TcQdiscJson[], ifindexOf: (dev: string) => number): FilterParent[] {
  const out: FilterParent[] = [];
  const seen = new Set<string>();
  const add = (ifname: string, parent: number) => {
    const key = `${ifname}/${parent}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ ifname, ifindex: ifindexOf(ifname), parent });
  };
  for (const q of qdiscs) {
    if (q.kind === 'clsact') {
      add(q.dev, TC_H_CLSACT_INGRESS);
      add(q.dev, TC_H_CLSACT_EGRESS);
    } else if (q.kind === 'ingress') add(q.dev, TC_H_INGRESS);
    else if (q.handle && q.handle !== '0:') add(q.dev, parseHandle(q.handle));
  }
  return out;
}

export function tcJsonIn(netns: string, ...args: string[]): any[] {
  const out = runInNetns(netns, ['tc', '-j', ...args]);
  return out.trim() ? JSON.parse(out) : [];
}

export function ipJsonIn(netns: string, tool: 'ip' | 'bridge', ...args: string[]): any[] {
  const out = runInNetns(netns, [tool, '-j', ...args]);
  return out.trim() ? JSON.parse(out) : [];
}

/** Waits (up to 5 s) until no IPv6 address is tentative: DAD's end joins groups and sends, which would change the dumps between nlkit's and iproute2's. */
async function settle(netns: string): Promise<void> {
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    const links = ipJsonIn(netns, 'ip', 'addr', 'show') as Array<{ addr_info?: Array<{ tentative?: boolean }> }>;
    if (!links.some((l) => (l.addr_info ?? []).some((a) => a.tentative))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function runCorpus(netns: string, session: Session): Promise<CorpusRun> {
  const steps = runScenario(netns);
  await settle(netns);
  const made = new Set(steps.filter((s) => s.status === 'made').map((s) => s.step.id));
  const mpls = made.has('mpls-labels') && existsSync(`/proc/sys/net/mpls`);
  const failedDumps: CorpusRun['failedDumps'] = [];
  const captures = await captureDumps(session, baseDumps({ mpls }), failedDumps);

  const links = ipJsonIn(netns, 'ip', 'link', 'show') as Array<{ ifindex: number; ifname: string }>;
  const ifindexOf = (dev: string) => {
    const l = links.find((x) => x.ifname === dev);
    if (!l) throw new Error(`tc names device ${dev}, which ip link does not list`);
    return l.ifindex;
  };
  const qdiscs = tcJsonIn(netns, 'qdisc', 'show') as TcQdiscJson[];
  const devices = [...new Set(qdiscs.filter((q) => q.handle && q.handle !== '0:').map((q) => q.dev))].map((d) => ({ ifname: d, ifindex: ifindexOf(d) }));
  const actionKinds = steps.filter((s) => s.step.group === 'action' && s.status === 'made').map((s) => s.step.kind!);
  captures.push(...(await captureDumps(session, tcDumps(devices, filterParents(qdiscs, ifindexOf), actionKinds), failedDumps)));
  return { steps, captures, failedDumps };
}

/**
 * Removes corpus namespaces left by test processes that no longer exist (a run killed before
 * its finally ran). Namespaces of live processes are not touched.
 */
export function sweepStaleNamespaces(tag = 'corpus'): string[] {
  let list: string[] = [];
  try {
    list = readdirSync('/run/netns');
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const ns of list) {
    const m = new RegExp(`^nlkit-${tag}-(\\d+)-[0-9a-f]+$`).exec(ns);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || existsSync(`/proc/${pid}`)) continue;
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      removed.push(ns);
    } catch { /* gone already */ }
  }
  return removed;
}
