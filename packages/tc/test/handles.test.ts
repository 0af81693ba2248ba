import { describe, expect, it } from 'vitest';
import { TC_H_INGRESS, TC_H_ROOT, clsactParent, filterInfo, filterInfoParts, formatTcHandle, tcHandle, tcHandleParts } from '../src/index.js';

describe('handles and filter info', () => {
  it('builds and splits handles as TC_H_MAKE does, and prints them as tc does', () => {
    expect(tcHandle(1, 0x10)).toBe(0x10010);
    expect(tcHandle(0xffff, 0xfff1)).toBe(TC_H_INGRESS);
    expect(tcHandleParts(TC_H_ROOT)).toEqual({ major: 0xffff, minor: 0xffff });
    expect([tcHandle(1), tcHandle(1, 0x10), TC_H_INGRESS].map(formatTcHandle)).toEqual(['1:', '1:10', 'ffff:fff1']);
    expect(formatTcHandle(clsactParent('ingress'))).toBe('ffff:fff2');
    expect(formatTcHandle(clsactParent('egress'))).toBe('ffff:fff3');
    expect(() => tcHandle(0x10000, 0)).toThrow(RangeError);
    expect(() => tcHandle(1, -1)).toThrow(RangeError);
  });

  it('puts a filter protocol in network byte order under its priority', () => {
    // tc filter add ... protocol ip prio 3: the kernel reports tcm_info 0x00030008.
    expect(filterInfo(3, 0x0800)).toBe(0x00030008);
    expect(filterInfo(49152, 0x0003)).toBe(0xc0000300);
    expect(filterInfoParts(0xc0000300)).toEqual({ prio: 49152, protocol: 0x0003 });
    expect(filterInfoParts(filterInfo(7, 0x86dd))).toEqual({ prio: 7, protocol: 0x86dd });
    expect(() => filterInfo(1, 0x10000)).toThrow(RangeError);
  });
});
