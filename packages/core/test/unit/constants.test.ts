/**
 * Core owns the netlink constants TypeScript code uses; the addon reads the same numbers from
 * the C headers. Every constant both define must agree, so core's hand-written table cannot drift.
 */
import { constants as fromHeaders } from '@nlkit/native';
import { describe, expect, it } from 'vitest';
import * as core from '../core.js';

describe('core constants against the uapi headers', () => {
  it('every NETLINK_*/SOL_*/SO_* constant core defines equals the one the addon compiled in', () => {
    const shared = Object.keys(fromHeaders).filter((name) => name in core);
    // The protocol numbers, the socket option levels and the options core sets.
    expect(shared).toEqual(expect.arrayContaining([
      'NETLINK_ROUTE', 'NETLINK_USERSOCK', 'NETLINK_NETFILTER', 'NETLINK_GENERIC', 'SOL_NETLINK', 'SOL_SOCKET',
      'NETLINK_ADD_MEMBERSHIP', 'NETLINK_EXT_ACK', 'NETLINK_GET_STRICT_CHK', 'SO_RCVBUF',
    ]));
    const coreValues = Object.fromEntries(shared.map((name) => [name, (core as Record<string, unknown>)[name]]));
    const headerValues = Object.fromEntries(shared.map((name) => [name, fromHeaders[name as keyof typeof fromHeaders]]));
    expect(coreValues).toEqual(headerValues);
  });

  it('the root entry point exposes only the protocol numbers, the rest is in @nlkit/core/wire', async () => {
    const root = await import('../../src/index.js');
    const wire = await import('../../src/wire.js');
    const constantsAtRoot = Object.keys(root).filter((k) => /^[A-Z][A-Z0-9_]+$/.test(k)).sort();
    expect(constantsAtRoot).toEqual(['KERNEL_TIMEOUT_MS', 'NETLINK_GENERIC', 'NETLINK_NETFILTER', 'NETLINK_ROUTE', 'NETLINK_USERSOCK', 'PEER_TIMEOUT_MS']);
    for (const internal of ['Encoder', 'Decoder', 'AsyncQueue', 'MessageBuilder', 'CTRL_CMD_GETFAMILY', 'NLM_F_CREATE']) expect(root).not.toHaveProperty(internal);
    expect(wire).toHaveProperty('MessageBuilder');
    expect(wire).toHaveProperty('NLM_F_CREATE');
  });
});
