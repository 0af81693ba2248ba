// Kernel tests for @nlkit/native. They need root: every test makes its own
// throwaway network namespace with `ip netns add` and deletes it afterwards.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSocket, openSocketSync, constants, type NetlinkSocket } from '../index.js';

// --- skip rule: root runs everything; non-root skips, or fails when CI=true ---
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const onCi = process.env.CI === 'true';
function kernelIt(name: string, fn: () => Promise<void> | void, timeout?: number): void {
  if (isRoot) {
    it(name, fn, timeout);
  } else if (onCi) {
    it(name, () => {
      throw new Error('kernel tests need root (network namespaces) and CI=true forbids skipping');
    });
  } else {
    it.skip(`${name} [skipped: not root, kernel tests need network namespaces]`, fn);
  }
}

// --- namespace helpers ---
function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
}

async function withNetns(fn: (ns: string) => Promise<void>): Promise<void> {
  const ns = `nlkit-t-${process.pid}-${randomBytes(4).toString('hex')}`;
  ip('netns', 'add', ns);
  try {
    await fn(ns);
  } finally {
    ip('netns', 'del', ns);
  }
}

function linkNames(ns?: string): string[] {
  const out = ns ? ip('-n', ns, '-j', 'link', 'show') : ip('-j', 'link', 'show');
  return (JSON.parse(out) as Array<{ ifname: string }>).map((l) => l.ifname).sort();
}

// --- a tiny netlink reader for the tests (the addon itself parses nothing) ---
const NLMSG_DONE = 3;
const NLMSG_ERROR = 2;
const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const NLM_F_REQUEST = 0x1;
const NLM_F_MULTI = 0x2;
const NLM_F_DUMP = 0x300;
const IFLA_IFNAME = 3;

interface Msg { type: number; flags: number; seq: number; pid: number; payload: Buffer }

function splitMessages(dgram: Buffer): Msg[] {
  const out: Msg[] = [];
  let off = 0;
  while (off + 16 <= dgram.length) {
    const len = dgram.readUInt32LE(off);
    if (len < 16 || off + len > dgram.length) throw new Error(`bad nlmsg length ${len} at ${off}`);
    out.push({
      type: dgram.readUInt16LE(off + 4),
      flags: dgram.readUInt16LE(off + 6),
      seq: dgram.readUInt32LE(off + 8),
      pid: dgram.readUInt32LE(off + 12),
      payload: dgram.subarray(off + 16, off + len),
    });
    off += (len + 3) & ~3;
  }
  return out;
}

function ifname(msg: Msg): string | undefined {
  let off = 16; // struct ifinfomsg
  const p = msg.payload;
  while (off + 4 <= p.length) {
    const len = p.readUInt16LE(off);
    const type = p.readUInt16LE(off + 2) & 0x3fff;
    if (len < 4) break;
    if (type === IFLA_IFNAME) return p.toString('utf8', off + 4, off + len).replace(/\0+$/, '');
    off += (len + 3) & ~3;
  }
  return undefined;
}

function getlinkDump(seq: number): Buffer {
  const b = Buffer.alloc(32); // nlmsghdr + ifinfomsg, built by hand
  b.writeUInt32LE(32, 0);
  b.writeUInt16LE(RTM_GETLINK, 4);
  b.writeUInt16LE(NLM_F_REQUEST | NLM_F_DUMP, 6);
  b.writeUInt32LE(seq, 8);
  b.writeUInt32LE(0, 12);
  // ifi_family AF_UNSPEC, pad, type, index, flags, change: all zero
  return b;
}

class Collector {
  datagrams: Buffer[] = [];
  senders: number[] = [];
  errors: Error[] = [];
  batches = 0;
  private waiters: Array<() => void> = [];
  constructor(readonly sock: NetlinkSocket) {}
  start(): this {
    this.sock.startReading(
      (dgrams, pids) => {
        expect(dgrams.length).toBe(pids.length);
        this.batches++;
        this.datagrams.push(...(dgrams as Buffer[])); // Buffers at run time (typed as Uint8Array)
        this.senders.push(...pids);
        this.wake();
      },
      (err) => {
        this.errors.push(err);
        this.wake();
      },
    );
    return this;
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  async until(pred: () => boolean, what: string, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
  messages(): Msg[] {
    return this.datagrams.flatMap(splitMessages);
  }
}

/** Sends an RTM_GETLINK dump and returns the interface names up to NLMSG_DONE. */
async function dumpLinkNames(sock: NetlinkSocket, seq = 1): Promise<{ names: string[]; msgs: Msg[] }> {
  const c = new Collector(sock).start();
  expect(sock.send(getlinkDump(seq))).toBe(32);
  await c.until(() => c.messages().some((m) => m.seq === seq && (m.type === NLMSG_DONE || m.type === NLMSG_ERROR)), 'NLMSG_DONE');
  sock.stopReading();
  const msgs = c.messages().filter((m) => m.seq === seq);
  expect(msgs.find((m) => m.type === NLMSG_ERROR)).toBeUndefined();
  const names = msgs.filter((m) => m.type === RTM_NEWLINK).map((m) => ifname(m)!).sort();
  return { names, msgs };
}

/** A netns with `n` IPv4 /32 routes on a veth (made with one `ip -batch`). */
function addRoutes(ns: string, n: number): void {
  ip('-n', ns, 'link', 'add', 'r0', 'type', 'veth', 'peer', 'name', 'r1');
  ip('-n', ns, 'link', 'set', 'r0', 'up');
  const lines = Array.from({ length: n }, (_, i) => `route add 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 dev r0`);
  execFileSync('ip', ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n', stdio: ['pipe', 'ignore', 'pipe'] });
}

const RTM_NEWROUTE = 24;
const RTM_GETROUTE = 26;

function getrouteDump(seq: number): Buffer {
  const b = Buffer.alloc(28); // nlmsghdr + rtmsg
  b.writeUInt32LE(28, 0);
  b.writeUInt16LE(RTM_GETROUTE, 4);
  b.writeUInt16LE(NLM_F_REQUEST | NLM_F_DUMP, 6);
  b.writeUInt32LE(seq, 8);
  b[16] = 2; // rtm_family AF_INET
  return b;
}

/** The IPv4 routes ip sees in every table (the dump's reference count). */
function ipRouteCount(ns: string): number {
  return (JSON.parse(ip('-n', ns, '-j', '-4', 'route', 'show', 'table', 'all')) as unknown[]).length;
}

/** Polls `done` every few ms (callbacks run meanwhile) until it holds or `ms` have passed. */
async function settle(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
}

/** Keeps the main thread busy, as a consumer decoding a batch would. */
function work(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

function expectSysError(fn: () => unknown, code: string, errno: number, syscall: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(Error);
  expect(caught).toMatchObject({ code, errno, syscall });
  expect((caught as Error).message).toMatch(new RegExp(`^${syscall} ${code}: `));
}

describe('@nlkit/native (no kernel state)', () => {
  it('exports the netlink constants from the uapi headers', () => {
    expect(constants).toMatchObject({
      NETLINK_ROUTE: 0, NETLINK_USERSOCK: 2, NETLINK_NETFILTER: 12, NETLINK_GENERIC: 16,
      SOL_NETLINK: 270, NETLINK_ADD_MEMBERSHIP: 1, NETLINK_DROP_MEMBERSHIP: 2,
      NETLINK_BROADCAST_ERROR: 4, NETLINK_NO_ENOBUFS: 5, NETLINK_LISTEN_ALL_NSID: 8,
      NETLINK_CAP_ACK: 10, NETLINK_EXT_ACK: 11, NETLINK_GET_STRICT_CHK: 12,
      SOL_SOCKET: 1, SO_RCVBUF: 8, SO_SNDBUF: 7, SO_RCVBUFFORCE: 33, SO_SNDBUFFORCE: 32,
    });
    expect(Object.isFrozen(constants)).toBe(true);
  });

  it('rejects bad arguments before any syscall', async () => {
    expect(() => openSocketSync(-1)).toThrow(RangeError);
    expect(() => openSocketSync('0' as unknown as number)).toThrow(TypeError);
    await expect(openSocket(0, { netns: 'a/b' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    await expect(openSocket(0, { netns: {} as unknown as string })).rejects.toThrow(TypeError);
  });
});

describe('@nlkit/native (kernel, each test in its own netns)', () => {
  kernelIt('opens NETLINK_ROUTE, binds, and getsockname gives a port id', async () => {
    await withNetns(async (ns) => {
      const s = await openSocket(constants.NETLINK_ROUTE, { netns: ns });
      try {
        expect(s.fd).toBeGreaterThanOrEqual(0);
        expect(s.protocol).toBe(0);
        s.bind();
        const name = s.getsockname();
        expect(name.portId).not.toBe(0);
        expect(name.groups).toBe(0);
        s.setOption(constants.SOL_NETLINK, constants.NETLINK_EXT_ACK, 1);
        expect(s.getOption(constants.SOL_NETLINK, constants.NETLINK_EXT_ACK)).toBe(1);
        s.setOption(constants.SOL_SOCKET, constants.SO_RCVBUF, 65536);
        expect(s.getOption(constants.SOL_SOCKET, constants.SO_RCVBUF)).toBeGreaterThanOrEqual(65536);
      } finally {
        s.close();
      }
    });
  });

  kernelIt('dumps links (RTM_GETLINK) as multipart replies ending in NLMSG_DONE', async () => {
    await withNetns(async (ns) => {
      ip('-n', ns, 'link', 'add', 'nlk-va', 'type', 'veth', 'peer', 'name', 'nlk-vb');
      const s = await openSocket(constants.NETLINK_ROUTE, { netns: ns });
      try {
        s.bind();
        const { names, msgs } = await dumpLinkNames(s, 7);
        expect(names).toEqual(['lo', 'nlk-va', 'nlk-vb']);
        expect(msgs[msgs.length - 1].type).toBe(NLMSG_DONE);
        for (const m of msgs) expect(m.flags & NLM_F_MULTI).toBe(NLM_F_MULTI);
        expect(msgs.every((m) => m.pid === s.getsockname().portId)).toBe(true);
      } finally {
        s.close();
      }
    });
  });

  kernelIt('a socket opened by netns name sees that namespace, not the host', async () => {
    await withNetns(async (ns) => {
      ip('-n', ns, 'link', 'add', 'nlk-x0', 'type', 'veth', 'peer', 'name', 'nlk-x1');
      const s = await openSocket(constants.NETLINK_ROUTE, { netns: ns });
      try {
        const { names } = await dumpLinkNames(s);
        expect(names).toEqual(linkNames(ns));
        const host = linkNames();
        expect(host).not.toContain('nlk-x0'); // the veth lives only in the test netns
        for (const n of host.filter((h) => h !== 'lo')) expect(names).not.toContain(n);
      } finally {
        s.close();
      }
    });
  });

  kernelIt('the main thread never changes namespace; parallel opens work', async () => {
    await withNetns(async (ns) => {
      const before = readlinkSync('/proc/thread-self/ns/net');
      const socks = await Promise.all(Array.from({ length: 8 }, () => openSocket(constants.NETLINK_ROUTE, { netns: ns })));
      try {
        expect(readlinkSync('/proc/thread-self/ns/net')).toBe(before);
        expect(new Set(socks.map((s) => s.fd)).size).toBe(8);
        for (const s of socks) expect((await dumpLinkNames(s)).names).toEqual(['lo']);
      } finally {
        for (const s of socks) s.close();
      }
    });
  });

  kernelIt('a FIFO or a plain file named as the namespace is refused by setns (EINVAL), never waited on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlkit-ns-'));
    try {
      execFileSync('mkfifo', [join(dir, 'fifo')]);
      writeFileSync(join(dir, 'file'), 'not a namespace');
      for (const path of [join(dir, 'fifo'), join(dir, 'file')]) {
        await expect(openSocket(constants.NETLINK_ROUTE, { netns: path })).rejects.toMatchObject({ code: 'EINVAL', syscall: 'setns' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  kernelIt('opens by absolute path and by fd', async () => {
    await withNetns(async (ns) => {
      ip('-n', ns, 'link', 'add', 'nlk-p0', 'type', 'veth', 'peer', 'name', 'nlk-p1');
      const byPath = await openSocket(constants.NETLINK_ROUTE, { netns: `/run/netns/${ns}` });
      const fd = openSync(`/run/netns/${ns}`, 'r');
      let byFd: NetlinkSocket | undefined;
      try {
        byFd = await openSocket(constants.NETLINK_ROUTE, { netns: fd });
        expect((await dumpLinkNames(byPath)).names).toEqual(['lo', 'nlk-p0', 'nlk-p1']);
        expect((await dumpLinkNames(byFd)).names).toEqual(['lo', 'nlk-p0', 'nlk-p1']);
      } finally {
        closeSync(fd); // the addon used its own dup
        byPath.close();
        byFd?.close();
      }
      await expect(openSocket(0, { netns: `${ns}-missing` })).rejects.toMatchObject({
        code: 'ENOENT',
        errno: 2,
        syscall: 'open',
        path: `/run/netns/${ns}-missing`,
      });
    });
  });

  kernelIt('addMembership(RTNLGRP_LINK) delivers a notification for a new link', async () => {
    await withNetns(async (ns) => {
      const s = await openSocket(constants.NETLINK_ROUTE, { netns: ns });
      try {
        s.bind();
        s.addMembership(1); // RTNLGRP_LINK
        const c = new Collector(s).start();
        ip('-n', ns, 'link', 'add', 'nlk-m0', 'type', 'veth', 'peer', 'name', 'nlk-m1');
        await c.until(
          () => c.messages().some((m) => m.type === RTM_NEWLINK && ifname(m) === 'nlk-m0'),
          'RTM_NEWLINK for nlk-m0',
        );
        expect(c.senders.every((p) => p === 0)).toBe(true); // from the kernel
        s.dropMembership(1);
      } finally {
        s.close();
      }
    });
  });

  kernelIt('protocol 27 fails with a Node-style EPROTONOSUPPORT error', async () => {
    await withNetns(async (ns) => {
      const err = await openSocket(27, { netns: ns }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err).toMatchObject({ code: 'EPROTONOSUPPORT', errno: 93, syscall: 'socket' });
      expect((err as Error).message).toBe('socket EPROTONOSUPPORT: Protocol not supported');
    });
  });

  kernelIt('bind to a port id already taken fails with EADDRINUSE', async () => {
    await withNetns(async (ns) => {
      const a = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      const b = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      try {
        a.bind(4242);
        expect(a.getsockname().portId).toBe(4242);
        expectSysError(() => b.bind(4242), 'EADDRINUSE', 98, 'bind');
      } finally {
        a.close();
        b.close();
      }
    });
  });

  kernelIt('NETLINK_USERSOCK: two sockets exchange datagrams by port id', async () => {
    await withNetns(async (ns) => {
      const a = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      const b = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      try {
        a.bind();
        b.bind();
        const ca = a.getsockname().portId;
        const cb = b.getsockname().portId;
        const rb = new Collector(b).start();
        expect(a.send(Buffer.from('hello netlink'), cb)).toBe(13);
        // one datagram from several iovecs
        expect(a.send([Buffer.from('io'), new Uint8Array(0), Buffer.from('vec')], cb)).toBe(5);
        await rb.until(() => rb.datagrams.length >= 2, 'two datagrams');
        expect(rb.datagrams.map((d) => d.toString())).toEqual(['hello netlink', 'iovec']);
        expect(rb.senders).toEqual([ca, ca]);
      } finally {
        a.close();
        b.close();
      }
    });
  });

  kernelIt('a 200 KB datagram arrives whole', async () => {
    await withNetns(async (ns) => {
      const a = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      const b = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      try {
        a.bind();
        b.bind();
        a.setOption(constants.SOL_SOCKET, constants.SO_SNDBUFFORCE, 1 << 20);
        b.setOption(constants.SOL_SOCKET, constants.SO_RCVBUFFORCE, 1 << 20);
        const big = randomBytes(200_000);
        expect(a.send(big, b.getsockname().portId)).toBe(200_000);
        const rb = new Collector(b).start();
        await rb.until(() => rb.datagrams.length >= 1, 'the big datagram');
        expect(rb.datagrams[0].length).toBe(200_000);
        expect(rb.datagrams[0].equals(big)).toBe(true);
      } finally {
        a.close();
        b.close();
      }
    });
  });

  kernelIt('datagrams of up to 1 MiB arrive whole in one read each, on the big-buffer path too; a larger one is an EMSGSIZE error, never passed on cut', async () => {
    await withNetns(async (ns) => {
      const a = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      const b = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      try {
        a.bind();
        b.bind();
        a.setOption(constants.SOL_SOCKET, constants.SO_SNDBUFFORCE, 8 << 20);
        b.setOption(constants.SOL_SOCKET, constants.SO_RCVBUFFORCE, 8 << 20); // rcvbuf/4 ≥ 32 KiB: the no-peek path
        const small = randomBytes(36);
        const mib = randomBytes(1 << 20);
        const tooBig = randomBytes((2 << 20) + 4096); // more than any read offers (1 to 2 MiB)
        const after = randomBytes(100);
        const to = b.getsockname().portId;
        for (const d of [small, mib, tooBig, after]) a.send(d, to);
        const rb = new Collector(b).start();
        await rb.until(() => rb.datagrams.length >= 3 && rb.errors.length >= 1, 'three datagrams and one error');
        expect(rb.datagrams.map((d: Buffer) => d.length)).toEqual([36, 1 << 20, 100]);
        expect(rb.datagrams[0].equals(small) && rb.datagrams[1].equals(mib) && rb.datagrams[2].equals(after)).toBe(true);
        expect(rb.errors[0]).toMatchObject({ code: 'EMSGSIZE', syscall: 'recvmsg' });
      } finally {
        a.close();
        b.close();
      }
    });
  });

  kernelIt('close is idempotent and later calls fail with EBADF', async () => {
    await withNetns(async (ns) => {
      const s = await openSocket(constants.NETLINK_ROUTE, { netns: ns });
      s.startReading(() => {}, () => {});
      s.close();
      expect(s.fd).toBe(-1);
      expect(() => s.close()).not.toThrow();
      expect(s.fd).toBe(-1);
      expectSysError(() => s.bind(), 'EBADF', 9, 'bind');
      expectSysError(() => s.send(Buffer.alloc(16)), 'EBADF', 9, 'sendmsg');
      expect(() => s.stopReading()).not.toThrow();
    });
  });

  kernelIt('ENOBUFS on receive-queue overrun reaches onError and reading continues', async () => {
    await withNetns(async (ns) => {
      const tx = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      const rx = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      const sink = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      try {
        tx.bind();
        sink.bind();
        rx.bind();
        rx.addMembership(1);
        rx.setOption(constants.SOL_SOCKET, constants.SO_RCVBUF, 4096);
        sink.setOption(constants.SOL_SOCKET, constants.SO_RCVBUFFORCE, 4 << 20);
        const c = new Collector(rx).start();
        rx.stopReading();
        const sinkId = sink.getsockname().portId;
        // multicast to group 1 (a unicast copy goes to the sink, which has room)
        const payload = Buffer.alloc(512, 0xab);
        for (let i = 0; i < 64; i++) tx.send(payload, sinkId, 1);
        await new Promise((r) => setTimeout(r, 50));
        expect(c.datagrams.length).toBe(0); // paused: nothing delivered
        c.start();
        await c.until(() => c.errors.length > 0 && c.datagrams.length > 0, 'ENOBUFS and queued datagrams');
        expect(c.errors[0]).toMatchObject({ code: 'ENOBUFS', errno: 105, syscall: 'recvmsg' });
        const before = c.datagrams.length;
        expect(before).toBeLessThan(64); // some were dropped
        tx.send(Buffer.from('after overrun'), sinkId, 1);
        await c.until(() => c.datagrams.some((d) => d.toString() === 'after overrun'), 'datagram after ENOBUFS');
        expect(c.errors.length).toBe(1);
      } finally {
        tx.close();
        rx.close();
        sink.close();
      }
    });
  });

  kernelIt('batches many queued datagrams into few callbacks', async () => {
    await withNetns(async (ns) => {
      const a = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      const b = await openSocket(constants.NETLINK_USERSOCK, { netns: ns });
      try {
        a.bind();
        b.bind();
        b.setOption(constants.SOL_SOCKET, constants.SO_RCVBUFFORCE, 8 << 20);
        const dst = b.getsockname().portId;
        for (let i = 0; i < 300; i++) a.send(Buffer.from(`m${i}`), dst);
        const c = new Collector(b).start();
        await c.until(() => c.datagrams.length >= 300, '300 datagrams');
        expect(c.datagrams.map((d) => d.toString())).toEqual(Array.from({ length: 300 }, (_, i) => `m${i}`));
        expect(c.batches).toBe(2); // 256 + 44
      } finally {
        a.close();
        b.close();
      }
    });
  });
  kernelIt('a large dump is read on the thread pool while JS works: every message, in order, once', async () => {
    await withNetns(async (ns) => {
      addRoutes(ns, 20000);
      const want = ipRouteCount(ns);
      const sock = await openSocket(constants.NETLINK_ROUTE, { netns: ns });
      try {
        sock.bind();
        let routes = 0;
        let done = false;
        const seqs = new Set<number>();
        const errors: Error[] = [];
        sock.startReading(
          (dgrams) => {
            for (const d of dgrams) {
              for (const m of splitMessages(d as Buffer)) {
                seqs.add(m.seq);
                if (done) throw new Error('a message after NLMSG_DONE');
                if (m.type === RTM_NEWROUTE) routes++;
                else if (m.type === NLMSG_DONE) done = true;
                else throw new Error(`unexpected message type ${m.type}`);
              }
            }
            work(2); // the kernel builds the next datagrams meanwhile, on the pool's thread
          },
          (err) => errors.push(err),
        );
        sock.send(getrouteDump(7));
        await settle(() => done, 20_000);
        expect(done).toBe(true);
        expect(errors).toEqual([]);
        expect(routes).toBe(want);
        expect([...seqs]).toEqual([7]);
        expect(sock.pooledReads).toBeGreaterThan(0);
      } finally {
        sock.close();
      }
    });
  });

  kernelIt('stopReading with a pooled read in flight: at most that batch arrives, and the dump resumes whole', async () => {
    await withNetns(async (ns) => {
      addRoutes(ns, 20000);
      const want = ipRouteCount(ns);
      const sock = await openSocket(constants.NETLINK_ROUTE, { netns: ns });
      try {
        sock.bind();
        let routes = 0;
        let done = false;
        let batches = 0;
        let paused = false;
        let whilePaused = 0;
        const onData = (dgrams: Uint8Array[]) => {
          batches++;
          if (paused) whilePaused++;
          for (const d of dgrams) for (const m of splitMessages(d as Buffer)) {
            if (m.type === RTM_NEWROUTE) routes++;
            if (m.type === NLMSG_DONE) done = true;
          }
          if (batches === 1) {
            paused = true;
            sock.stopReading();
          }
        };
        const errors: Error[] = [];
        sock.startReading(onData, (e) => errors.push(e));
        sock.send(getrouteDump(9));
        await new Promise((r) => setTimeout(r, 200));
        expect(done).toBe(false);
        expect(whilePaused).toBeLessThanOrEqual(1);
        paused = false;
        sock.startReading(onData, (e) => errors.push(e));
        await settle(() => done, 20_000);
        expect(errors).toEqual([]);
        expect(done).toBe(true);
        expect(routes).toBe(want);
      } finally {
        sock.close();
      }
    });
  });

  kernelIt('close() with a pooled read in flight: no callback after it, and the fd is closed', async () => {
    await withNetns(async (ns) => {
      addRoutes(ns, 20000);
      for (let round = 0; round < 20; round++) {
        const sock = await openSocket(constants.NETLINK_ROUTE, { netns: ns });
        sock.bind();
        const fd = sock.fd;
        let closed = false;
        let after = 0;
        sock.startReading(
          () => {
            if (closed) after++;
            else {
              closed = true;
              sock.close();
            }
          },
          () => {
            if (closed) after++;
          },
        );
        sock.send(getrouteDump(round + 1));
        await settle(() => closed, 5000);
        await new Promise((r) => setTimeout(r, 20));
        expect(closed).toBe(true);
        expect(after).toBe(0);
        expect(sock.fd).toBe(-1);
        // The fd number is free again (or reused by something that is not this socket).
        let target = '';
        try {
          target = readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          /* closed */
        }
        if (target !== '') expect(target).not.toMatch(/^socket:/);
      }
    });
  });
});
