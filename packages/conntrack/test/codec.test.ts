/** The conntrack codec without a kernel: golden bytes, round trips, event kinds, mutated input. */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '@nlkit/core';
import { NLM_F_CREATE, NLM_F_EXCL, splitMessages } from '@nlkit/core/wire';
import { Rng, mutate } from '@nlkit/testkit';
import { conntrackRuntime, decodeGetctDumpReply, encodeGetctRequest, encodeNewctRequest, eventKind } from '../src/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const tuple = { ip: { v4Src: '10.0.0.1', v4Dst: '10.0.0.2' }, proto: { num: 'tcp' as const, srcPort: 40000, dstPort: 443 } };

describe('conntrack codec', () => {
  it('a get by tuple is the bytes conntrack -G sends: nested tuple, addresses as bytes, ports big-endian', () => {
    const bytes = encodeGetctRequest({ header: { nfgenFamily: 2 }, tupleOrig: tuple }, 'do', { seq: 7 });
    expect(hex(bytes.subarray(4, 8))).toBe('0101'.padEnd(4, '0') + '0500');
    expect(hex(bytes.subarray(16))).toBe(
      '02000000'
      + '34000180' // CTA_TUPLE_ORIG, nested
      + '14000180' + '080001000a000001' + '080002000a000002' // CTA_TUPLE_IP { V4_SRC, V4_DST }
      + '1c000280' + '0500010006000000' + '060002009c400000' + '0600030001bb0000', // CTA_TUPLE_PROTO { NUM, SRC_PORT, DST_PORT }
    );
  });

  it('an entry round-trips: status flags, protoinfo, counters, zone, mark', () => {
    const entry = {
      header: { nfgenFamily: 10, version: 0, resId: 0 },
      tupleOrig: { ip: { v6Src: '2001:db8::1', v6Dst: '2001:db8::2' }, proto: { num: 'udp' as const, srcPort: 53, dstPort: 5353 } },
      tupleReply: { ip: { v6Src: '2001:db8::2', v6Dst: '2001:db8::1' }, proto: { num: 'udp' as const, srcPort: 5353, dstPort: 53 } },
      status: ['seen-reply' as const, 'assured' as const, 'confirmed' as const],
      timeout: 120, mark: 0xdeadbeef, zone: 7, id: 99, use: 1,
      protoinfo: { tcp: { state: 'established' as const, wscaleOriginal: 7, wscaleReply: 7, flagsOriginal: { flags: 10, mask: 0 } } },
      countersOrig: { packets: 3n, bytes: 180n },
    };
    // As the kernel sends it: a reply of getct (requests may only carry what their op takes).
    const msg = conntrackRuntime.encodeReply('getct', entry);
    const bytes = new Uint8Array(16 + msg.body!.length);
    new DataView(bytes.buffer).setUint32(0, bytes.length, true);
    new DataView(bytes.buffer).setUint16(4, msg.type, true);
    bytes.set(msg.body!, 16);
    expect(msg.type).toBe(0x100);
    const back = decodeGetctDumpReply(bytes);
    expect(back).toMatchObject({ ...entry, header: { nfgenFamily: 10 } });
    expect(back.status).toEqual(['seen-reply', 'assured', 'confirmed']);
  });

  it('events: creation is marked with NLM_F_CREATE|NLM_F_EXCL, an update is not', () => {
    expect(eventKind({ name: 'newct-ntf', flags: NLM_F_CREATE | NLM_F_EXCL })).toBe('new');
    expect(eventKind({ name: 'newct-ntf', flags: 0 })).toBe('update');
    expect(eventKind({ name: 'delct-ntf', flags: 0 })).toBe('destroy');
    expect(eventKind({ name: 'newexp-ntf', flags: 0 })).toBe('expect-new');
    expect(eventKind({ name: 'delexp-ntf', flags: 0 })).toBe('expect-destroy');
  });

  it('mutated messages decode or fail with a DecodeError, nothing else', () => {
    const seed = encodeNewctRequest({
      header: { nfgenFamily: 2 }, tupleOrig: tuple, tupleReply: tuple, status: ['assured', 'confirmed'], mark: 5, timeout: 9,
      protoinfo: { tcp: { state: 'syn-sent', flagsReply: { flags: 1, mask: 1 } } },
    });
    const rng = new Rng(0xc0ffee);
    for (let i = 0; i < 3000; i++) {
      try {
        for (const m of splitMessages(mutate(rng, seed))) conntrackRuntime.decodeMessage(conntrackRuntime.op('getct'), m);
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
      }
    }
  });
});
