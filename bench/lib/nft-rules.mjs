// nlkit side of the nftables workload: one transaction that makes table ip bench, a base chain
// and N rules `ip saddr 10.B.y.z counter accept`, the same ruleset `nft -f` loads from the file
// run.mjs writes (payload, cmp, counter, immediate, as nft encodes them).
//
//   node bench/lib/nft-rules.mjs --netns NAME --count 10000 [--warm]
//
// Prints one JSON line { rules, ms, warmMs }: ms covers building, encoding, sending and the
// commit of the first transaction; with --warm, warmMs the same load again in the same process.
import { ROOT, flags, nthAddress } from './nlkit.mjs';

const { Nftables } = await import(new URL('packages/nftables/dist/index.js', `file://${ROOT}`).href);
const f = flags();
const count = Number(f.count ?? 10000);
const nft = await Nftables.open({ netns: f.netns });
const h = { nfgenFamily: 'ipv4' };
const load = (table) => nft.transaction((tx) => {
  tx.newtable({ header: h, name: table });
  tx.newchain({ header: h, table, name: 'c', hook: { hooknum: 1, priority: 0 }, type: 'filter', policy: 'accept' });
  for (let i = 0; i < count; i++) {
    const addr = Uint8Array.from(nthAddress(i, 40).split('.').map(Number));
    tx.newrule({ header: h, table, chain: 'c', expressions: { elem: [
      { name: 'payload', data: { dreg: 'reg-1', base: 'network-header', offset: 12, len: 4 } },
      { name: 'cmp', data: { sreg: 'reg-1', op: 'eq', data: { value: addr } } },
      { name: 'counter', data: { bytes: 0n, packets: 0n } },
      { name: 'immediate', data: { dreg: 'verdict', data: { verdict: { code: 'accept' } } } },
    ] } });
  }
});
let t0 = performance.now();
const result = await load('bench');
const ms = performance.now() - t0;
// The same load again in this process (a long-running agent's case), into a table removed after.
let warmMs;
if (f.warm) {
  t0 = performance.now();
  await load('warm');
  warmMs = performance.now() - t0;
  await nft.transaction((tx) => { tx.deltable({ header: h, name: 'warm' }); });
}
nft.close();
console.log(JSON.stringify({ rules: result.size - 2, ms, warmMs }));
