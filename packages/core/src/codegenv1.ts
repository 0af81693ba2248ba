/**
 * The runtime entry point generated packages import. It stays stable: code generated against
 * codegenv1 keeps working with newer cores (a breaking change would add codegenv2).
 */
export { FamilyRuntime } from './codec/runtime.js';
export { defineFamily, decodeDoReply, decodeDumpReply, decodeNotification } from './client/typed.js';
export type { FamilyTypes, OpTypes, TypedRuntime, UntypedFamily, NotificationOf } from './client/typed.js';
export { FamilyClient } from './client/client.js';
export type { ClientOptions, OpOptions, Notification, RequestFlag } from './client/client.js';
export type { UnknownAttr } from './codec/decode.js';
export { unknownKind, isKind, type UnknownKind } from './client/kinds.js';
export type { Bitfield32 } from './wire/scalars.js';
export type { FamilyIR } from '@nlkit/ir';
export { Session } from './session/session.js';
export { FamilyServer } from './client/server.js';
export type { RequestHandler, RequestContext } from './client/server.js';
export type { AbortSignalLike } from './platform.js';
