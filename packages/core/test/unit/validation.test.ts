/** Request validation: every bad value is a ValidationError naming its field; nothing is encoded. */
import { describe, it, expect } from 'vitest';
import { thrown } from '@nlkit/testkit';
import { defineFamily, ValidationError, FamilyClient, Session, MemoryTransport } from '../core.js';
import { RAW } from './fixtures.js';

const rt = defineFamily(RAW);

const validationError = (op: string, value: unknown, mode: 'do' | 'dump' = 'do') => thrown(() => rt.encodeRequest(op, mode, value), ValidationError);

describe('request validation', () => {
  it('a value out of the type\'s range names the field', () => {
    expect(validationError('ints', { aU8: 256 }).path).toEqual(['aU8']);
    expect(validationError('ints', { aU8: -1 }).path).toEqual(['aU8']);
    expect(validationError('ints', { aS8: 128 }).path).toEqual(['aS8']);
    expect(validationError('ints', { aU16: 0x10000 }).path).toEqual(['aU16']);
    expect(validationError('ints', { aU32: 2 ** 32 }).path).toEqual(['aU32']);
    expect(validationError('ints', { aS32: -(2 ** 31) - 1 }).path).toEqual(['aS32']);
    expect(validationError('ints', { aU64: 1n << 64n }).path).toEqual(['aU64']);
    expect(validationError('ints', { aU64: -1n }).path).toEqual(['aU64']);
    expect(validationError('ints', { aS64: 1n << 63n }).path).toEqual(['aS64']);
    expect(validationError('ints', { aUint: -1 }).path).toEqual(['aUint']);
    expect(validationError('ints', { aU32: 1.5 }).reason).toMatch(/not an integer/);
    // The edges themselves are fine.
    expect(() => rt.encodeRequest('ints', 'do', { aU8: 255, aS8: -128, aU64: (1n << 64n) - 1n, aS64: -(1n << 63n) })).not.toThrow();
  });

  it('schema checks (min/max) name the field, deep inside a nest and a sub-message', () => {
    expect(validationError('ints', { limited: 0 }).reason).toMatch(/minimum of 1/);
    expect(validationError('ints', { limited: 101 }).reason).toMatch(/maximum of 100/);
    const err = validationError('link', { linkinfo: { kind: 'vlan', data: { id: 4095 } } });
    expect(err.path).toEqual(['linkinfo', 'data', 'id']);
    expect(err.message).toBe('linkinfo.data.id: 4095 is above its maximum of 4094');
    expect(() => rt.encodeRequest('link', 'do', { linkinfo: { kind: 'vlan', data: { id: 4094 } } })).not.toThrow();
  });

  it('an unknown enum name or flag name names the field and lists the known ones', () => {
    const e = validationError('enums', { color: 'purple' });
    expect(e.path).toEqual(['color']);
    expect(e.reason).toMatch(/unknown value "purple" for enum color/);
    expect(e.reason).toMatch(/red, green, blue/);
    const f = validationError('enums', { iff: ['up', 'running'] });
    expect(f.path).toEqual(['iff']);
    expect(f.reason).toMatch(/unknown flag "running"/);
    // In a fixed header too.
    expect(validationError('link', { header: { flags: ['bogus'] } }).path).toEqual(['header', 'flags']);
  });

  it('an unknown attribute names itself, at any depth', () => {
    expect(validationError('ints', { nope: 1 }).path).toEqual(['nope']);
    expect(validationError('tree', { inner: { x: 1, y: 2 } }).path).toEqual(['inner', 'y']);
    expect(validationError('link', { linkinfo: { kind: 'veth', data: { id: 1 } } }).path).toEqual(['linkinfo', 'data', 'id']);
    expect(validationError('link', { header: { bogus: 1 } }).path).toEqual(['header', 'bogus']);
    expect(validationError('tree', { items: [{ id: 1 }, { idd: 2 }] }).path).toEqual(['items', '1', 'idd']);
  });

  it('string and binary length checks', () => {
    const e = validationError('strs', { short: 'abcde' });
    expect(e.path).toEqual(['short']);
    expect(e.reason).toMatch(/5 bytes is longer than its maximum of 4/);
    // maxLen counts bytes without the NUL, in UTF-8.
    expect(() => rt.encodeRequest('strs', 'do', { short: 'abcd' })).not.toThrow();
    expect(validationError('strs', { short: 'ééé' }).path).toEqual(['short']);
    expect(validationError('strs', { key: Uint8Array.of(1, 2, 3) }).reason).toMatch(/exactly 4 bytes/);
  });

  it('a value of the wrong type names the field', () => {
    expect(validationError('strs', { name: 42 }).path).toEqual(['name']);
    expect(validationError('strs', { on: 'yes' }).path).toEqual(['on']);
    expect(validationError('strs', { bf: 5 }).path).toEqual(['bf']);
    expect(validationError('ints', { aU32: 'ten' }).path).toEqual(['aU32']);
    expect(validationError('tree', { inner: 5 }).path).toEqual(['inner']);
    expect(validationError('tree', { ids: [1, 'x'] }).path).toEqual(['ids', '1']);
    expect(validationError('tree', { multi: [1, 'x'] }).path).toEqual(['multi', '1']);
    expect(validationError('addrs', { v4: '300.1.1.1' }).path).toEqual(['v4']);
    expect(validationError('addrs', { addr32: 'not-an-ip' }).path).toEqual(['addr32']);
    expect(validationError('tree', { mixed: { d: 'x' } }).path).toEqual(['mixed', 'd']);
    expect(validationError('link', { header: 7 }).path).toEqual(['header']);
    expect(validationError('ints', 'nonsense').path).toEqual([]);
  });

  it('a sub-message without its selector, or with an unknown format, is refused', () => {
    expect(validationError('link', { linkinfo: { data: { id: 1 } } }).path).toEqual(['linkinfo', 'data']);
    const e = validationError('link', { linkinfo: { kind: 'bond', data: { id: 1 } } });
    expect(e.path).toEqual(['linkinfo', 'data']);
    expect(e.reason).toMatch(/no format for kind "bond"/);
  });

  it('an operation without the mode is refused', () => {
    expect(() => defineFamily({ ...RAW, operations: [{ name: 'x', requestValue: 1, do: {} }] }).encodeRequest('x', 'dump', {})).toThrow(ValidationError);
  });

  it('nothing is sent when a client request fails validation', async () => {
    const t = new MemoryTransport(() => { throw new Error('must not send'); });
    const s = new Session(t);
    const client = new FamilyClient(rt, s);
    await expect(client.doRequest('link', { linkinfo: { kind: 'vlan', data: { id: 5000 } } })).rejects.toMatchObject({
      name: 'ValidationError',
      path: ['linkinfo', 'data', 'id'],
    });
    expect(t.sent).toHaveLength(0);
    s.close();
  });
});
