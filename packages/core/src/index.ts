/**
 * @nlkit/core: what an application uses — sessions, family clients and servers, errors, the
 * genetlink resolver, policy introspection and the netlink protocol numbers. The rest has its own
 * entry point: `@nlkit/core/wire` (codec primitives and every wire constant), `@nlkit/core/genl`
 * (nlctrl messages and constants), `@nlkit/core/netfilter` (nfnetlink batches) and
 * `@nlkit/core/codegenv1` (what generated packages import).
 */
export {
  Session, KERNEL_TIMEOUT_MS, PEER_TIMEOUT_MS,
  type SessionStats, type SessionOptions, type CallOptions, type RequestOptions, type DumpOptions, type OutgoingMessage, type Unsolicited,
} from './session/session.js';
export type { Transport, TransportOptions } from './transport/types.js';
export { NativeTransport } from './transport/native.js';
export { MemoryTransport, type MemoryPeer } from './transport/memory.js';
export type { NlMessage } from './wire/header.js';

export { FamilyClient, type ClientOptions, type OpOptions, type Notification, type RequestFlag } from './client/client.js';
export { normalizeRequest, respell, type Spelling } from './client/spelling.js';
export { hintFor, type HintContext } from './client/hints.js';
export { unknownKind, isKind, type UnknownKind } from './client/kinds.js';
export { FamilyRuntime, type Mode } from './codec/runtime.js';
export {
  defineFamily, decodeDoReply, decodeDumpReply, decodeNotification,
  type FamilyTypes, type OpTypes, type UntypedFamily, type TypedRuntime, type NotificationOf,
  type DoOp, type DoRequest, type DoReply, type DumpOp, type DumpRequest, type DumpReply, type NotificationName,
} from './client/typed.js';
export { FamilyServer, type RequestHandler, type RequestContext } from './client/server.js';
export type { Decoded } from './codec/struct.js';
export type { UnknownAttr } from './codec/decode.js';
export type { Bitfield32 } from './wire/scalars.js';

export {
  NlkitError, NetlinkError, DecodeError, ValidationError, DumpInterruptedError, OverrunError, TimeoutError, AbortError,
  SessionClosedError, OutcomeUnknownError, FamilyNotFoundError, BatchError, errnoName, type ExtAck, type BatchFailure,
} from './errors.js';

export { GenlResolver, type GenlFamilyInfo } from './genl/resolver.js';
export { getFamilyPolicy, describeFamilyPolicy, describePolicy, type FamilyPolicy, type PolicyAttr, type PolicyReport } from './genl/policy.js';
export type { AttrPolicy } from './wire/policy.js';

/** Netlink protocol numbers (the `protocol` of `Session.open`); the rest is in `@nlkit/core/wire`. */
export { NETLINK_ROUTE, NETLINK_USERSOCK, NETLINK_NETFILTER, NETLINK_GENERIC } from './wire/constants.js';
export type { AbortSignalLike } from './platform.js';
