/** unknownKind() is the value itself at run time; isKind() compares the selector. */
import { describe, expect, it } from 'vitest';
import { isKind, unknownKind } from '../core.js';

describe('unknownKind and isKind', () => {
  it('unknownKind returns its argument; isKind checks the selector key', () => {
    expect(unknownKind('wireguard')).toBe('wireguard');
    expect(unknownKind(7)).toBe(7);
    const info: { kind?: string; data?: unknown } = { kind: 'veth', data: {} };
    expect(isKind(info, 'kind', 'veth')).toBe(true);
    expect(isKind(info, 'kind', 'vxlan')).toBe(false);
    expect(isKind(undefined as typeof info | undefined, 'kind', 'veth')).toBe(false);
    expect(isKind({ encapType: 1 }, 'encapType', 1)).toBe(true);
  });
});
