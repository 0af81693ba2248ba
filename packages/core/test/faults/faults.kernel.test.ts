/**
 * Faults against the real kernel, each in a throwaway network namespace: interrupted dumps,
 * receive-buffer overruns, closing and aborting mid-dump, EPERM for an unprivileged user,
 * EAGAIN on send, and a user-space peer that sends garbage.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng, createNetns, describeKernel, fuzzBytes, kernelIt, kernelUnavailable, sh, type Netns } from '@nlkit/testkit';
import { openSocket } from '@nlkit/native';
import {
  AbortError, DumpInterruptedError, FamilyClient, MessageBuilder, NETLINK_USERSOCK, OverrunError, Session,
  SessionClosedError, defineFamily, readString, splitMessages, stringBytes, walkAttrs, writeHeader,
} from '../core.js';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { IFLA_IFNAME, RTM_GETLINK, RTM_NEWLINK, ifinfomsg, newlinkBody, parseLink } from '../kernel/helpers.js';

const RTM_GETADDR = 22;
const AF_INET6 = 10;
const RTNLGRP_IPV6_IFADDR = 9;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_SNDBUF = 7;
const ADDRS = 15000;

const ifaddrmsg = (family = AF_INET6) => { const b = new Uint8Array(8); b[0] = family; return b; };
const getaddr = { type: RTM_GETADDR, body: ifaddrmsg() };
const addr = (i: number) => `2001:db8:${(i >> 8) & 0xff}::${(i & 0xff) + 1}/128`;

/** Adds `n` addresses to d0 through one `ip -batch` (fast, and what a real user would do). */
function addAddresses(ns: Netns, dir: string, from: number, n: number, verb = 'add'): void {
  const file = join(dir, `batch-${verb}-${from}-${n}`);
  const lines: string[] = [];
  for (let i = from; i < from + n; i++) lines.push(`address ${verb} ${addr(i)} dev d0 nodad`);
  writeFileSync(file, lines.join('\n') + '\n');
  sh('ip', ['-n', ns.name, '-force', '-batch', file]);
}

let ns: Netns;
let dir: string;

describeKernel('faults against the kernel', () => {
  beforeAll(() => {
    if (kernelUnavailable) return;
    ns = createNetns('flt');
    dir = mkdtempSync(join(tmpdir(), 'nlkit-faults-'));
    chmodSync(dir, 0o755);
    ns.ip('link', 'add', 'd0', 'type', 'bridge');
    ns.ip('link', 'set', 'd0', 'up');
    addAddresses(ns, dir, 0, ADDRS);
  }, 120_000);
  afterAll(() => {
    ns?.delete();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  kernelIt('a large address dump spans several recvmsg and is complete', async () => {
    const s = await Session.open({ protocol: 0, netns: ns.name });
    try {
      const msgs = await s.dumpAll(getaddr);
      // d0's addresses + link-locals + ::1
      expect(msgs.length).toBeGreaterThanOrEqual(ADDRS);
      const bytes = msgs.reduce((n, m) => n + (m.end - m.start + 16), 0);
      expect(bytes).toBeGreaterThan(64 * 1024); // more than one dump skb
    } finally {
      s.close();
    }
  });

  kernelIt('NLM_F_DUMP_INTR: DumpInterruptedError with the count; dumpAll and FamilyClient retries succeed', async () => {
    const s = await Session.open({ protocol: 0, netns: ns.name });
    const client = await FamilyClient.open(defineFamily(loadSchemaFileSync(fileURLToPath(new URL('../../../../schemas/rt-addr.yaml', import.meta.url)))), { session: s });
    // Churn: another process adds and removes addresses while the dumps run.
    const churnFile = (n: number) => {
      const file = join(dir, `churn-${n}`);
      const lines: string[] = [];
      for (let i = 0; i < n; i++) lines.push(`address ${i % 2 ? 'del' : 'add'} 2001:db8:ffff::${(i >> 1) % 50 + 1}/128 dev d0 nodad`);
      writeFileSync(file, lines.join('\n') + '\n');
      return file;
    };
    const startChurn = (n: number) => {
      const p = spawn('ip', ['-n', ns.name, '-force', '-batch', churnFile(n)], { stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => p.on('exit', () => resolve()));
      return { exited, stop: () => { if (p.exitCode === null) p.kill(); return exited; } };
    };
    try {
      let interrupted: DumpInterruptedError | undefined;
      let tries = 0;
      const churn = startChurn(2000);
      let done = false;
      void churn.exited.then(() => { done = true; });
      while (!done && !interrupted && tries < 500) {
        tries++;
        let count = 0;
        try {
          for await (const _m of s.dump(getaddr)) count++;
        } catch (err) {
          if (!(err instanceof DumpInterruptedError)) throw err;
          interrupted = err;
          expect(err.received).toBe(count);
        }
      }
      await churn.stop();
      expect(interrupted, `no NLM_F_DUMP_INTR in ${tries} dumps under churn`).toBeInstanceOf(DumpInterruptedError);
      expect(interrupted!.received).toBeGreaterThan(0);
      expect(interrupted!.message).toMatch(/NLM_F_DUMP_INTR/);

      // With retries, during a burst of changes, a dump eventually comes back whole.
      const burst = startChurn(100);
      const all = await s.dumpAll(getaddr, { retries: 1000 });
      expect(all.length).toBeGreaterThanOrEqual(ADDRS);
      await burst.exited;
      const burst2 = startChurn(100);
      const rows: unknown[] = [];
      for await (const r of client.dumpRequest('getaddr', {}, { retries: 1000 })) rows.push(r);
      expect(rows.length).toBeGreaterThanOrEqual(ADDRS);
      await burst2.exited;
      // Without retries the error says how many attempts were made.
      const e = new DumpInterruptedError(5, 3);
      expect(e.attempts).toBe(3);
    } finally {
      s.close();
    }
  }, 120_000);

  kernelIt('ENOBUFS on a flooded notification socket: OverrunError, then resync and continue', async () => {
    const s = await Session.open({ protocol: 0, netns: ns.name, receiveBuffer: 4096 });
    try {
      const sub = s.subscribe([RTNLGRP_IPV6_IFADDR]);
      // Flood while this process does not read (execFileSync blocks the event loop).
      addAddresses(ns, dir, 20_000, 400);
      addAddresses(ns, dir, 20_000, 400, "del");
      let received = 0;
      let overrun: unknown;
      for (;;) {
        try {
          const r = await sub.next();
          if (r.done) break;
          received++;
        } catch (err) {
          overrun = err;
          break;
        }
      }
      expect(overrun).toBeInstanceOf(OverrunError);
      expect(received).toBeLessThan(800);
      // Resync with a dump (on the same small-buffer socket: the kernel paces dumps to fit).
      const all = await s.dumpAll(getaddr);
      expect(all.length).toBeGreaterThanOrEqual(ADDRS);
      // The same subscription keeps delivering after the overrun.
      ns.ip('address', 'add', '2001:db8:eeee::1/128', 'dev', 'd0', 'nodad');
      const seen = await Promise.race([
        (async () => {
          for (;;) {
            const r = await sub.next();
            if (r.done) return 'ended';
            const m = r.value.message;
            let text = '';
            walkAttrs(m.buf, m.start + 8, m.end, (t, vs, ve) => { if (t === 1 || t === 2) text = Buffer.from(m.buf.subarray(vs, ve)).toString('hex'); });
            if (m.type === 20 && text === '20010db8eeee00000000000000000001') return 'new address';
          }
        })(),
        new Promise((r) => setTimeout(() => r('timeout'), 5000)),
      ]);
      expect(seen).toBe('new address');
      ns.ip('address', 'del', '2001:db8:eeee::1/128', 'dev', 'd0');
      await sub.return?.();
    } finally {
      s.close();
    }
  });

  kernelIt('closing the session mid-dump: SessionClosedError', async () => {
    // A small high-water mark pauses reading after the first batch: the rest stays in the kernel.
    const s = await Session.open({ protocol: 0, netns: ns.name, highWaterMark: 8 });
    let count = 0;
    let error: unknown;
    try {
      for await (const _m of s.dump(getaddr)) {
        if (++count === 1) s.close();
      }
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SessionClosedError);
    expect(count).toBeLessThan(ADDRS);
    expect(() => s.dump(getaddr)).toThrow(SessionClosedError);
    // request() throws synchronously on a closed session (like dump()); as a promise it rejects.
    await expect((async () => s.request({ type: RTM_GETLINK, body: ifinfomsg(1).finish() }))()).rejects.toThrow(SessionClosedError);
    // Closed straight after sending, before anything was read.
    const s2 = await Session.open({ protocol: 0, netns: ns.name });
    const it = s2.dump(getaddr);
    s2.close();
    await expect(it.next()).rejects.toThrow(SessionClosedError);
  });

  kernelIt('an AbortSignal fired mid-dump: AbortError, and the session keeps working', async () => {
    const s = await Session.open({ protocol: 0, netns: ns.name, highWaterMark: 8 });
    try {
      for (let round = 0; round < 5; round++) {
        const ac = new AbortController();
        let count = 0;
        let error: unknown;
        try {
          for await (const _m of s.dump(getaddr, { signal: ac.signal })) {
            if (++count === 3) ac.abort(new Error('stop'));
          }
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(AbortError);
        expect(count).toBeLessThan(ADDRS);
        // The rest of the aborted dump is dropped; new calls work and get only their own replies.
        const [lo] = await s.request({ type: RTM_GETLINK, body: ifinfomsg(1).finish() });
        expect(parseLink(lo!).name).toBe('lo');
        const all = await s.dumpAll(getaddr);
        expect(all.length).toBeGreaterThanOrEqual(ADDRS);
        expect(all.every((m) => m.type === 20)).toBe(true);
      }
    } finally {
      s.close();
    }
  });

  kernelIt('EPERM as an unprivileged user: dumps work, newlink fails with a clear NetlinkError', () => {
    const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    const script = join(dir, 'eperm.mjs');
    writeFileSync(script, `
      import { Session } from ${JSON.stringify(dist)};
      const out = {};
      const s = await Session.open({ protocol: 0 });
      const links = await s.dumpAll({ type: ${RTM_GETLINK}, body: new Uint8Array(16) });
      out.links = links.length;
      try {
        await s.request({ type: ${RTM_NEWLINK}, flags: 0x400 | 0x200, body: Uint8Array.from(${JSON.stringify([...newlinkBody('nobody0', 'bridge')])}) });
        out.created = true;
      } catch (err) {
        out.error = { name: err.name, code: err.code, errno: err.errno, message: err.message };
      }
      s.close();
      console.log(JSON.stringify(out));
    `);
    chmodSync(script, 0o644);
    const uid = execFileSync('ip', ['netns', 'exec', ns.name, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'id', '-u'], { encoding: 'utf8' }).trim();
    expect(uid).toBe('65534');
    const raw = execFileSync('ip', ['netns', 'exec', ns.name, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, script], { encoding: 'utf8', cwd: dir });
    const out = JSON.parse(raw.trim().split('\n').pop()!);
    expect(out.links).toBe(2); // lo and d0
    expect(out.created).toBeUndefined();
    expect(out.error).toMatchObject({ name: 'NetlinkError', code: 'EPERM', errno: 1 });
    expect(out.error.message).toMatch(/Operation not permitted \(EPERM\)/);
    expect(ns.ipJson('link', 'show').some((l: { ifname: string }) => l.ifname === 'nobody0')).toBe(false);
  });

  kernelIt('EAGAIN on send to a peer that never reads: the request rejects and the session stays usable', async () => {
    const peer = await openSocket(NETLINK_USERSOCK, { netns: ns.name });
    peer.bind(0, 0);
    peer.setOption(SOL_SOCKET, SO_RCVBUF, 1024);
    const peerPort = peer.getsockname().portId;
    const s = await Session.open({ protocol: NETLINK_USERSOCK, netns: ns.name, peer: peerPort, sendBuffer: 1024 });
    try {
      const body = new Uint8Array(512);
      let eagain: NodeJS.ErrnoException | undefined;
      let sent = 0;
      for (let i = 0; i < 10_000 && !eagain; i++) {
        const p = s.request({ type: 0x20, body }, { timeoutMs: 0 });
        // A rejected send rejects this request at once; an accepted one stays pending.
        const r = await Promise.race([p.then(() => 'acked', (e: NodeJS.ErrnoException) => e), new Promise((res) => setImmediate(() => res('pending')))]);
        if (r instanceof Error) eagain = r as NodeJS.ErrnoException;
        else { sent++; p.catch(() => {}); }
      }
      expect(eagain, 'send never failed').toBeDefined();
      expect(eagain!.code).toBe('EAGAIN');
      expect(eagain!.errno === 11 || eagain!.errno === -11).toBe(true);
      expect(eagain!.message).toMatch(/EAGAIN|temporarily unavailable/i);
      expect(sent).toBeGreaterThan(0);
      // The peer drains and answers the next request with an ack: the session still works.
      const got: Uint8Array[] = [];
      peer.startReading((dgs) => {
        for (const d of dgs) {
          got.push(d);
          for (const m of splitMessages(d)) {
            if (m.type !== 0x21) continue;
            const ack = new Uint8Array(16 + 4 + 16);
            writeHeader(ack, 0, { length: ack.length, type: 2, flags: 0x100, seq: m.seq, portId: peerPort });
            ack.set(d.subarray(m.start - 16, m.start), 20);
            peer.send(ack, s.portId);
          }
        }
      }, () => {});
      await new Promise((r) => setTimeout(r, 50));
      const replies = await s.request({ type: 0x21, body: stringBytes('after EAGAIN') }, { timeoutMs: 5000 });
      expect(replies).toEqual([]);
      expect(got.length).toBeGreaterThan(0);
    } finally {
      s.close();
      peer.close();
    }
  });

  kernelIt('a NETLINK_USERSOCK peer sending garbage: nothing crashes, valid messages still arrive', async () => {
    const s = await Session.open({ protocol: NETLINK_USERSOCK, netns: ns.name });
    const peer = await openSocket(NETLINK_USERSOCK, { netns: ns.name });
    peer.bind(0, 0);
    try {
      const sub = s.subscribe();
      const rng = new Rng(0xbad);
      const garbage: Uint8Array[] = [new Uint8Array(0), new Uint8Array(3), new Uint8Array(15), Uint8Array.from([0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])];
      for (let i = 0; i < 300; i++) {
        const g = fuzzBytes(rng, 200);
        if (i % 3 === 0 && g.length >= 16) new DataView(g.buffer).setUint32(0, g.length + 1 + rng.int(1000), true); // length past the end
        if (i % 3 === 1 && g.length >= 16) new DataView(g.buffer).setUint32(0, 16, true); // a header, then junk
        garbage.push(g);
      }
      for (const g of garbage) {
        try { peer.send(g, s.portId); } catch { /* the kernel may refuse some (e.g. empty) */ }
      }
      const b = new MessageBuilder();
      b.zeros(16);
      b.attr(1, stringBytes('still here'));
      const valid = b.finish();
      writeHeader(valid, 0, { length: valid.length, type: 0x30, flags: 0, seq: 4242, portId: peer.getsockname().portId });
      peer.send(valid, s.portId);
      // Garbage that happens to split may surface as messages; the valid one must come after.
      let found = false;
      const deadline = Date.now() + 5000;
      while (!found && Date.now() < deadline) {
        const r = await Promise.race([sub.next(), new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), 5000))]);
        if (r === 'timeout' || r.done) break;
        const m = r.value.message;
        if (m.type === 0x30 && m.seq === 4242) {
          walkAttrs(m.buf, m.start, m.end, (t, vs, ve) => { if (t === 1) found = readString(m.buf, vs, ve) === 'still here'; });
        }
      }
      expect(found).toBe(true);
      // And the session still does requests.
      expect(s.isClosed).toBe(false);
      await sub.return?.();
    } finally {
      s.close();
      peer.close();
    }
  });
});

void IFLA_IFNAME;
