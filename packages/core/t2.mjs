import { loadSchemaFileSync } from '../ynl/dist/index.js';
import { defineFamily, FamilyClient } from '@nlkit/core';
import { execSync } from 'node:child_process';
const ns = 'nlkit-dbg';
execSync(`ip netns add ${ns}; ip -n ${ns} link add va type veth peer name vb; ip -n ${ns} link add br0 type bridge; ip -n ${ns} link add vx0 type vxlan id 42 dstport 4789 group 239.1.1.1 dev va; ip -n ${ns} link set va master br0`);
try {
  const rt = defineFamily(loadSchemaFileSync('/work/main/schemas/rt-link.yaml'));
  const c = await FamilyClient.open(rt, { netns: ns });
  for await (const l of c.dumpRequest('getlink', {})) console.log(JSON.stringify(l, (k, v) => typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? `<${v.length}b>` : v).slice(0, 600));
  const one = await c.doRequest('getlink', { ifname: 'vx0' });
  console.log('DO', JSON.stringify(one.linkinfo));
  await c.doRequest('newlink', { ifname: 'vy0', linkinfo: { kind: 'veth', data: { peer: { header: {}, ifname: 'vy1' } } } }, { flags: ['create', 'excl'] }).catch(e => console.log('ERR', e.message));
  console.log(execSync(`ip -n ${ns} -br link`).toString());
  await c.doRequest('newlink', { ifname: 'x', linkinfo: { kind: 'vxlan', data: { id: 99999999 } } }, { flags: ['create', 'excl'] }).catch(e => console.log('ERR', e.message));
  c.close();
} finally { execSync(`ip netns del ${ns}`); }
