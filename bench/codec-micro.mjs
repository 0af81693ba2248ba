#!/usr/bin/env node
// Decode microbenchmark of the IR-driven codec, without a kernel: a dump's worth of rt-route
// and rt-link replies (encoded once) decoded again and again, compiled and interpreted.
//
//   node bench/codec-micro.mjs [--core packages/core/dist/index.js] [--schemas schemas] [--runs 7] [--messages 20000]
//
// --core points at another build of @nlkit/core (e.g. one made from an older commit) to compare
// the decode hot path before and after a change; --schemas at another folder of schemas (by
// default this checkout's).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { flags } from './lib/nlkit.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { loadSchemaFileSync } = await import(pathToFileURL(`${ROOT}packages/ynl/dist/index.js`).href);
const { IR_VERSION } = await import(pathToFileURL(`${ROOT}packages/ir/dist/index.js`).href);
const f = flags();
const corePath = resolve(String(f.core ?? `${ROOT}packages/core/dist/index.js`));
const runs = Number(f.runs ?? 7);
const schemaDir = resolve(String(f.schemas ?? `${ROOT}schemas`));
const count = Number(f.messages ?? 20000);
const core = await import(pathToFileURL(corePath).href);

/** The IR as the core under test expects it (older cores refuse a newer irVersion). */
function load(name, version) {
  const ir = loadSchemaFileSync(`${schemaDir}/${name}.yaml`);
  return { ...ir, irVersion: version };
}

function nlmsg(type, body) {
  const out = new Uint8Array(16 + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, out.length, true);
  v.setUint16(4, type, true);
  out.set(body, 16);
  return out;
}

const workloads = [
  {
    family: 'rt-route',
    op: 'getroute',
    value: (i) => ({
      header: { rtmFamily: 2, rtmDstLen: 24, rtmTable: 'main', rtmProtocol: 'static', rtmScope: 'universe', rtmType: 'unicast' },
      table: 'main',
      dst: `10.${(i >> 8) & 255}.${i & 255}.0`,
      gateway: '10.0.0.2',
      oif: 2,
      priority: 100 + (i % 7),
    }),
  },
  {
    family: 'rt-addr',
    op: 'getaddr',
    value: (i) => ({
      header: { ifaFamily: 2, ifaPrefixlen: 24, ifaScope: 0, ifaIndex: 2 + (i % 5) },
      address: `10.${(i >> 8) & 255}.${i & 255}.1`,
      local: `10.${(i >> 8) & 255}.${i & 255}.1`,
      label: 'eth0',
      cacheinfo: { ifaPrefered: 0xffffffff, ifaValid: 0xffffffff, cstamp: i, tstamp: i },
    }),
  },
  {
    family: 'rt-link',
    op: 'getlink',
    value: (i) => ({
      header: { ifiIndex: i + 1, ifiFlags: ['up', 'broadcast', 'multicast'] },
      ifname: `veth${i}`,
      mtu: 1500,
      txqlen: 1000,
      operstate: 'up',
      address: '02:00:00:00:00:01',
      broadcast: 'ff:ff:ff:ff:ff:ff',
      group: 0,
      promiscuity: 0,
      numTxQueues: 1,
      numRxQueues: 1,
    }),
  },
];

for (const w of workloads) {
  let ir;
  try {
    ir = load(w.family, IR_VERSION);
    new core.FamilyRuntime(ir);
  } catch {
    ir = load(w.family, 1);
  }
  for (const compile of [true, false]) {
    const rt = new core.FamilyRuntime(ir, { compile, compileAfter: 0 });
    const op = rt.op(w.op);
    const msgs = [];
    for (let i = 0; i < 256; i++) msgs.push(nlmsg(op.replyValue ?? 24, rt.encodeReply(w.op, w.value(i)).body));
    const decodeAll = () => {
      let n = 0;
      for (let i = 0; i < count; i++) n += Object.keys(rt.decodeMessageBytes(w.op, msgs[i & 255])).length;
      return n;
    };
    for (let i = 0; i < 3; i++) decodeAll();
    const times = [];
    for (let r = 0; r < runs; r++) {
      const t0 = process.hrtime.bigint();
      decodeAll();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const med = times[0];
    console.log(`${w.family} ${compile ? 'compiled   ' : 'interpreted'}: ${(count / med).toFixed(0)}k msg/s (best of ${runs}, ${med.toFixed(1)} ms per ${count})`);
  }
}
