import { Session } from '@nlkit/core';
for (let i = 0; i < 8; i++) {
  const t0 = performance.now();
  const s = await Session.open({ protocol: 0, netns: 'nlprof' });
  const body = new Uint8Array(12); body[0] = 2;
  let n = 0;
  for await (const m of s.dump({ type: 26, body })) n++;
  s.close();
  console.log(n, (performance.now() - t0).toFixed(1));
}
