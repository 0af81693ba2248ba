/**
 * The nftables codec without a kernel: golden bytes for what nft itself sends, every expression
 * kind round-tripped through encode and decode, and mutated messages that may only fail with a
 * typed decode error.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '@nlkit/core';
import { splitMessages } from '@nlkit/core/wire';
import { Rng, mutate } from '@nlkit/testkit';
import {
  NftTransaction, decodeGetruleDumpReply, elements, expr, encodeNewruleRequest, encodeNewtableRequest, nftablesRuntime, type ExprAttrsInput,
} from '../src/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const v = (...b: number[]) => ({ value: Uint8Array.from(b) });
const verdict = (code: 'accept' | 'drop' | 'jump' | 'goto' | 'return' | 'continue', chain?: string) =>
  ({ name: 'immediate' as const, data: { dreg: 'verdict' as const, data: { verdict: chain ? { code, chain } : { code } } } });

/** One of every expression the issue names, as nft would encode them. */
const EXPRESSIONS: ExprAttrsInput[] = [
  { name: 'payload', data: { dreg: 'reg-1', base: 'network-header', offset: 12, len: 4 } },
  { name: 'cmp', data: { sreg: 'reg-1', op: 'gte', data: v(10, 0, 0, 1) } },
  { name: 'meta', data: { key: 'l4proto', dreg: 'reg-1' } },
  { name: 'meta', data: { key: 'mark', sreg: 'reg-1' } },
  { name: 'counter', data: { bytes: 12n, packets: 1n } },
  verdict('accept'), verdict('jump', 'other'), verdict('goto', 'other'), verdict('return'), verdict('continue'),
  { name: 'immediate', data: { dreg: 'reg32-01', data: v(0, 80) } },
  { name: 'bitwise', data: { sreg: 'reg-1', dreg: 'reg-1', len: 4, op: 'mask-xor', mask: v(0, 0, 0, 0xff), xor: v(0, 0, 0, 0) } },
  { name: 'bitwise', data: { sreg: 'reg-1', dreg: 'reg-1', len: 4, op: 'lshift', data: v(0, 0, 0, 8) } },
  { name: 'lookup', data: { set: 'blocked', sreg: 'reg-1', flags: ['invert'] } },
  { name: 'lookup', data: { set: 'vmap', setId: 3, sreg: 'reg-1', dreg: 'verdict' } },
  { name: 'range', data: { sreg: 'reg-1', op: 'neq', fromData: v(3, 232), toData: v(7, 208) } },
  { name: 'ct', data: { dreg: 'reg-1', key: 'state' } },
  { name: 'ct', data: { sreg: 'reg-1', key: 'mark', direction: 1 } },
  { name: 'nat', data: { type: 'snat', family: 'ipv4', regAddrMin: 'reg-1', regProtoMin: 'reg-2', flags: ['map-ips', 'proto-specified'] } },
  { name: 'masq', data: { flags: ['proto-random-fully'] } },
  { name: 'redir', data: { regProtoMin: 'reg-1', flags: ['proto-specified'] } },
  { name: 'limit', data: { rate: 10n, unit: 1n, burst: 5, type: 'pkts', flags: [] } },
  { name: 'quota', data: { bytes: 10_485_760n, flags: ['invert'], consumed: 0n } },
  { name: 'log', data: { prefix: 'blocked: ', level: 'warning', flags: ['tcpseq', 'uid'], group: 2, snaplen: 64, qthreshold: 1 } },
  { name: 'reject', data: { type: 'icmpx-unreach', icmpCode: 3 } },
  { name: 'fib', data: { dreg: 'reg-1', result: 'oif', flags: ['saddr', 'iif', 'present'] } },
  { name: 'dynset', data: { setName: 'dyn', op: 'update', sregKey: 'reg-1', timeout: 600_000n, flags: [], expressions: { elem: [{ name: 'counter', data: { bytes: 0n, packets: 0n } }] } } },
  { name: 'objref', data: { immType: 'counter', immName: 'web' } },
  { name: 'notrack' },
  { name: 'queue', data: { num: 3, total: 2, flags: ['bypass'] } },
  { name: 'numgen', data: { dreg: 'reg-1', modulus: 4, type: 'random', offset: 0 } },
];

describe('nftables codec', () => {
  it('newtable is the bytes nft sends: nfgenmsg, then NFTA_TABLE_NAME and NFTA_TABLE_FLAGS', () => {
    const bytes = encodeNewtableRequest({ header: { nfgenFamily: 'inet' }, name: 'x', flags: [] }, 'do', { seq: 1 });
    // nlmsghdr: len 36, type 0x0a00, flags REQUEST|ACK, seq 1, pid 0
    expect(hex(bytes)).toBe('24000000000a05000100000000000000' + '01000000' + '0600010078000000' + '0800020000000000');
  });

  it('an expression is a nested NFTA_LIST_ELEM with its name and data, in network byte order', () => {
    const bytes = encodeNewruleRequest({
      header: { nfgenFamily: 'ipv4' }, table: 't', chain: 'c',
      expressions: { elem: [{ name: 'meta', data: { dreg: 'reg-1', key: 'l4proto' } }] },
    });
    const body = hex(bytes.subarray(16));
    expect(body.startsWith('02000000' + '0600010074000000' + '0600020063000000')).toBe(true);
    // NFTA_RULE_EXPRESSIONS { NFTA_LIST_ELEM { NFTA_EXPR_NAME "meta", NFTA_EXPR_DATA { DREG 1, KEY 16 } } }. nft also
    // sets NLA_F_NESTED on NFTA_EXPR_DATA (a sub-message here); the kernel parses it either way.
    expect(body.slice(40)).toBe('28000480' + '24000180' + '090001006d65746100000000' + '14000200' + '0800010000000001' + '0800020000000010');
  });

  it('every expression kind survives encode → decode (a discriminated union by name)', () => {
    const bytes = encodeNewruleRequest({ header: { nfgenFamily: 'inet' }, table: 't', chain: 'c', expressions: { elem: EXPRESSIONS } });
    const back = decodeGetruleDumpReply(bytes);
    const norm = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, val) => (typeof val === 'bigint' ? `${val}n` : val instanceof Uint8Array ? hex(val) : val)));
    expect(norm(back.expressions!.elem)).toEqual(norm(EXPRESSIONS.map((e) => ('data' in e ? e : { name: e.name }))));
    const first = back.expressions!.elem![0]!;
    // The union narrows on the name.
    if (expr.is(first, 'payload')) expect(first.data?.base).toBe('network-header');
    else throw new Error('expected payload first');
  });

  it('expression builders make the same messages as the expressions written out', () => {
    const { rule, meta, cmp, payload, counter, accept, jump, lookup, range, bitwise, ct } = expr;
    const built = encodeNewruleRequest({ table: 't', chain: 'c', expressions: rule(
      meta('l4proto'), cmp('eq', [6]), payload('transport-header', 2, 2), range('neq', [3, 232], [7, 208]),
      lookup('vmap', { dreg: 'verdict' }), ct('state'), bitwise([0, 0, 0, 6], [0, 0, 0, 0]), counter(), jump('x'), accept(),
    ) });
    const written = encodeNewruleRequest({ table: 't', chain: 'c', expressions: { elem: [
      { name: 'meta', data: { key: 'l4proto', dreg: 'reg-1' } },
      { name: 'cmp', data: { sreg: 'reg-1', op: 'eq', data: v(6) } },
      { name: 'payload', data: { dreg: 'reg-1', base: 'transport-header', offset: 2, len: 2 } },
      { name: 'range', data: { sreg: 'reg-1', op: 'neq', fromData: v(3, 232), toData: v(7, 208) } },
      { name: 'lookup', data: { set: 'vmap', sreg: 'reg-1', dreg: 'verdict' } },
      { name: 'ct', data: { key: 'state', dreg: 'reg-1' } },
      { name: 'bitwise', data: { sreg: 'reg-1', dreg: 'reg-1', len: 4, op: 'mask-xor', mask: v(0, 0, 0, 6), xor: v(0, 0, 0, 0) } },
      { name: 'counter', data: { bytes: 0n, packets: 0n } },
      verdict('jump', 'x'), verdict('accept'),
    ] } });
    expect(hex(built)).toBe(hex(written));
  });

  it('flowtables, sets with concatenations and objects round-trip (what a kernel without flowtables cannot show)', () => {
    const ft = { header: { nfgenFamily: 'inet' as const }, table: 't', name: 'ft', hook: { num: 0, priority: -100, devs: { name: ['eth0', 'eth1'] } }, flags: ['counter' as const] };
    const msg = nftablesRuntime.encodeRequest('newflowtable', 'do', ft);
    expect(msg.type).toBe(0xa16);
    const back = nftablesRuntime.decodeMessage(nftablesRuntime.op('getflowtable'), splitMessages(withHeader(msg.type, msg.body!))[0]!);
    expect(back).toEqual({ ...ft, header: { nfgenFamily: 'inet', version: 0, resId: 0 } });
    const set = { table: 't', name: 's', keyLen: 8, flags: ['interval' as const, 'concat' as const], desc: { size: 64, concat: { elem: [{ len: 4 }, { len: 4 }] } }, id: 1 };
    const sm = nftablesRuntime.encodeRequest('newset', 'do', set);
    expect(nftablesRuntime.decodeMessage(nftablesRuntime.op('getset'), splitMessages(withHeader(sm.type, sm.body!))[0]!)).toMatchObject(set);
    const obj = { table: 't', name: 'l', type: 'limit' as const, data: { rate: 400n, unit: 60n, burst: 0, type: 'pkts' as const, flags: [] } };
    const om = nftablesRuntime.encodeRequest('newobj', 'do', obj);
    expect(nftablesRuntime.decodeMessage(nftablesRuntime.op('getobj'), splitMessages(withHeader(om.type, om.body!))[0]!)).toMatchObject(obj);
  });

  it('interval elements: a start, the key past the end flagged interval-end, and an opening end at zero', () => {
    const hx = (e: { key?: { value?: Uint8Array | string }; flags?: unknown }) => `${hex(e.key!.value as Uint8Array)}${e.flags ? '/end' : ''}`;
    expect(elements.intervals([elements.prefix([10, 1, 2, 3], 8), [192, 0, 2, 1], [[198, 51, 100, 10], [198, 51, 100, 20]]]).map(hx))
      .toEqual(['00000000/end', '0a000000', '0b000000/end', 'c0000201', 'c0000202/end', 'c633640a', 'c6336415/end']);
    // A range from zero needs no opening end; one that runs to the top has no end of its own.
    expect(elements.intervals([[[0, 0], [0, 9]], [[0xff, 0], [0xff, 0xff]]]).map(hx)).toEqual(['0000', '000a/end', 'ff00']);
    expect(elements.intervals([[1, 2]], { timeout: 5000 })[1]).toEqual({ key: { value: Uint8Array.of(1, 2) }, timeout: 5000n });
    expect(() => elements.intervals([[[1], [5]], [[3], [9]]])).toThrow(/overlap/);
    expect(() => elements.prefix([10, 0, 0, 0], 33)).toThrow(RangeError);
    expect(elements.prefix([0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff], 32).map(hex)).toEqual(['20010db80000', '20010db8ffff']);
  });

  it('verdict codes are signed: jump is -3 on the wire, decoded by name; unknown codes stay numbers', () => {
    const bytes = encodeNewruleRequest({ table: 't', chain: 'c', expressions: { elem: [verdict('jump', 'x'), verdict('drop')] } });
    expect(hex(bytes)).toContain('08000100fffffffd');
    const unknown = encodeNewruleRequest({ table: 't', chain: 'c', expressions: { elem: [{ name: 'immediate', data: { dreg: 'verdict', data: { verdict: { code: -9 } } } }] } });
    const e = decodeGetruleDumpReply(unknown).expressions!.elem![0]!;
    expect(expr.is(e, 'immediate') && e.data?.data?.verdict?.code).toBe(-9);
    expect(expr.is(e, 'payload')).toBe(false);
    expect(expr.is({ name: 'immediate', data: Uint8Array.of(1, 2) }, 'immediate')).toBe(false);
  });

  it('a transaction assigns set ids, defaults flags per operation and refuses bad requests before sending', () => {
    const tx = new NftTransaction();
    tx.newtable({ name: 't' });
    tx.newset({ table: 't', name: 's', keyLen: 4 });
    tx.newset({ table: 't', name: 'u', keyLen: 4, id: 40 });
    tx.newrule({ table: 't', chain: 'c' });
    tx.delrule({ table: 't', chain: 'c', handle: 4n });
    tx.newtable({ name: 'u' }, { flags: ['create', 'excl'], echo: true });
    expect(tx.messages.map((m) => m.flags)).toEqual([0x400, 0x400, 0x400, 0xc00, 0, 0x608]);
    const ids = tx.messages.slice(1, 3).map((m) => nftablesRuntime.decodeRequest(splitMessages(withHeader(m.type, m.body))[0]!)!.value.id);
    expect(ids).toEqual([1, 40]);
    expect(() => tx.newtable({ name: 't', chain: 'x' } as never)).toThrow(/does not take this attribute/);
    expect(tx.size).toBe(6);
  });

  it('mutated messages decode or fail with a DecodeError, nothing else', () => {
    const seed = encodeNewruleRequest({ header: { nfgenFamily: 'inet' }, table: 't', chain: 'c', expressions: { elem: EXPRESSIONS } });
    const rng = new Rng(0x6e667421);
    for (let i = 0; i < 3000; i++) {
      const bytes = mutate(rng, seed);
      try {
        for (const m of splitMessages(bytes)) nftablesRuntime.decodeMessage(nftablesRuntime.op('getrule'), m);
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
      }
    }
  });
});

function withHeader(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, out.length, true);
  dv.setUint16(4, type, true);
  out.set(body, 16);
  return out;
}
