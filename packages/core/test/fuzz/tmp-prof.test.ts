import { it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '@nlkit/testkit';
import { IrArbitraries, decodableOps, loadFamilies, replyBytes } from './gen.js';
import { hostile } from './hostile.js';
it('prof', () => {
  for (const { file, ir, rt } of loadFamilies()) {
    if (!['rt-link.yaml'].includes(file)) continue;
    const arbs = new IrArbitraries(ir, { maxDepth: 3, maxItems: 2 });
    let t = performance.now();
    const seeds: any[] = [];
    for (const op of decodableOps(rt)) for (const v of fc.sample(arbs.message(op), { numRuns: 12, seed: 1 })) { try { seeds.push({ op, bytes: replyBytes(rt, op, v) }); } catch {} }
    console.log(file, 'gen', (performance.now() - t).toFixed(0), 'ms', seeds.length, 'avg bytes', seeds.reduce((s,x)=>s+x.bytes.length,0)/seeds.length);
    const rng = new Rng(5);
    const per = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const s = seeds[rng.int(seeds.length)];
      const r2 = new Rng(i + 1); const kind = new Rng(r2.next()).int(12);
      t = performance.now();
      const inp = hostile(rng, ir, s.op, s.bytes);
      const t1 = performance.now();
      per.set(-1, (per.get(-1) ?? 0) + t1 - t);
      let err = '';
      try { rt.decodeMessageBytes(s.op.name, inp); } catch (e) { err = (e as Error).message.slice(0, 80); }
      const dt = performance.now() - t1;
      per.set(inp.length > 20000 ? 99 : 0, (per.get(inp.length > 20000 ? 99 : 0) ?? 0) + dt);
      if (dt > 50) console.log('slow', dt.toFixed(0), inp.length, err);
    }
    console.log(file, [...per.entries()].map(([k, v]) => k + ':' + v.toFixed(0)).join(' '));
  }
}, 600000);
