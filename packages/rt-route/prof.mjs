import { RtRouteClient } from './dist/index.js';
const runs = Number(process.argv[2] ?? 10);
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const c = await RtRouteClient.open({ netns: 'nlprof' });
  let n = 0;
  for await (const r of c.getrouteDump({ header: { rtmFamily: 2 } })) { if (r.dst) n++; }
  c.close();
  console.log(n, (performance.now() - t0).toFixed(1));
}
