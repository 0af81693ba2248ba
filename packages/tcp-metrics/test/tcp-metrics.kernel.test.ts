import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { TcpMetricsClient } from '../src/index.js';

// A TCP connection over loopback inside the netns; closing it records metrics for 127.0.0.1.
const CONNECT = `
const net = require('net');
const server = net.createServer((c) => c.end('x'.repeat(100000))).listen(5555, '127.0.0.1', () => {
  const c = net.connect(5555, '127.0.0.1');
  c.on('data', () => {});
  c.on('end', () => { c.end(); setTimeout(() => server.close(), 100); });
});`;

describe('tcp_metrics against the kernel (checked with ip -j tcp_metrics)', () => {
  kernelIt('dumps the entry a loopback TCP connection left in the netns', async () => {
    await withNetns(async (ns) => {
      ns.exec(process.execPath, '-e', CONNECT);
      const ref = JSON.parse(ns.exec('ip', '-j', 'tcp_metrics', 'show')) as Array<{ dst: string; source: string; cwnd?: number; rtt?: number; rttvar?: number }>;
      expect(ref.length).toBeGreaterThan(0);
      const tm = await TcpMetricsClient.open({ netns: ns.name });
      try {
        const entries = [];
        for await (const e of tm.getDump()) entries.push(e);
        expect(entries.map((e) => [e.addrIpv4, e.saddrIpv4])).toEqual(ref.map((r) => [r.dst, r.source]));
        const e = entries[0]!;
        if (ref[0]!.cwnd !== undefined) expect(e.vals?.cwnd).toBe(ref[0]!.cwnd);
        // The kernel keeps srtt scaled by 8 and rttvar by 4 (as TCP does); ip unscales and prints seconds.
        if (ref[0]!.rtt !== undefined) expect(e.vals!.rttUs! >> 3).toBe(Math.round(ref[0]!.rtt * 1e6));
        if (ref[0]!.rttvar !== undefined) expect(e.vals!.rttvarUs! >> 2).toBe(Math.round(ref[0]!.rttvar * 1e6));
        expect(typeof e.age).toBe('bigint');
        const one = await tm.get({ addrIpv4: '127.0.0.1' });
        expect(one.addrIpv4).toBe('127.0.0.1');
      } finally {
        tm.close();
      }
    });
  });
});
