/**
 * The capture corpus: in a throwaway namespace, make every link kind, address, route, rule,
 * neighbour and tc object this kernel supports (with iproute2), dump it all through nlkit,
 * and hold each decoded message to the never-guess rule and to iproute2's view. Every finding
 * is collected first, so one run shows all that is missing. NLKIT_UPDATE_CORPUS=1 also
 * rewrites the golden files that golden.test.ts replays without root.
 */
import { release } from 'node:os';
import { describeKernel, kernelIt, withNetns } from '@nlkit/testkit';
import { compareWithIproute, decodeAll, formatFindings, openRouteSession, runCorpus, summarize, sweepStaleNamespaces, updateCorpus, writeGoldens } from '../src/index.js';

/** What this project's machines always have (see DESIGN.md): the corpus is void without them. */
const REQUIRED_STEPS = ['veth', 'veth-bridge-port', 'bridge', 'brport-flags', 'macvlan-bridge', 'macvlan-source', 'vxlan', 'vxlan-external', 'ifb', 'tun', 'tap',
  'addr-lifetimes', 'addr6-flags', 'route-metrics', 'route-ecmp', 'route6-ecmp', 'encap-ip', 'rule-selectors', 'neigh-permanent', 'neigh-proxy', 'fdb-static', 'fdb-vxlan',
  'htb', 'tbf', 'clsact', 'ingress', 'u32', 'u32-hash', 'act-mirred'];

describeKernel('capture corpus: what this kernel makes, decoded by nlkit and held to iproute2', () => {
  kernelIt('decodes every message with no guess, re-encodes it byte for byte, and agrees with ip, bridge and tc', async () => {
    sweepStaleNamespaces('corpus');
    await withNetns(async (ns) => {
      const session = await openRouteSession(ns.name);
      try {
        const run = await runCorpus(ns.name, session);
        const perFamily: Record<string, number> = {};
        for (const c of run.captures) perFamily[c.family] = (perFamily[c.family] ?? 0) + c.messages.length;
        const { decoded, findings, messages } = decodeAll(run.captures);
        for (const f of run.failedDumps) findings.unshift({ where: `dump ${f.spec.name}`, path: '', what: `${f.spec.family} ${f.spec.op} ${JSON.stringify(f.spec.request)} failed: ${f.error}` });
        const cmp = compareWithIproute(ns.name, decoded);
        findings.push(...cmp.findings);
        console.log(`corpus on ${release()}:\n${summarize(run.steps)}\nmessages captured: ${messages} ${JSON.stringify(perFamily)}\nobjects compared with iproute2: ${JSON.stringify(cmp.stats.compared)}`);
        if (updateCorpus) {
          const files = writeGoldens(run.captures.filter((c) => c.messages.length > 0), release());
          console.log(`NLKIT_UPDATE_CORPUS=1: wrote ${files.length} golden files`);
        }
        // The corpus is void without what every supported machine makes, and a comparison table
        // that compared nothing proves nothing: both are findings like the rest.
        const made = new Set(run.steps.filter((s) => s.status === 'made').map((s) => s.step.id));
        for (const id of REQUIRED_STEPS.filter((x) => !made.has(x))) {
          const r = run.steps.find((s) => s.step.id === id);
          findings.unshift({ where: `scenario step ${id}`, path: '', what: `not made: ${r?.reason ?? 'unknown step'}` });
        }
        for (const family of ['rt-link', 'rt-addr', 'rt-route', 'rt-neigh', 'rt-rule', 'tc']) {
          if (!perFamily[family]) findings.unshift({ where: `family ${family}`, path: '', what: 'no message captured' });
        }
        for (const kind of ['link', 'bridge-link', 'addr', 'route', 'route6', 'rule', 'rule6', 'neigh', 'neigh-proxy', 'fdb', 'neightbl', 'link-stats', 'multicast6', 'anycast6', 'qdisc', 'class', 'filter', 'chain', 'action']) {
          if (!cmp.stats.compared[kind]) findings.unshift({ where: `${kind} table`, path: '', what: 'no object of this kind was paired with iproute2\'s, so none was compared' });
        }
        if (findings.length) throw new Error(formatFindings(findings));
      } finally {
        session.close();
      }
    }, 'corpus');
  }, 120_000);
});
