/**
 * The runtime entry point generated packages import. It stays stable: code generated against
 * codegenv1 keeps working with newer cores (a breaking change would add codegenv2).
 */
export { FamilyRuntime } from './spec/runtime.js';
export { defineFamily, decodeDoReply, decodeDumpReply, decodeNotification } from './spec/typed.js';
export type { FamilyTypes, OpTypes, TypedRuntime, UntypedFamily, NotificationOf } from './spec/typed.js';
export { FamilyClient } from './spec/client.js';
export type { ClientOptions, OpOptions, Notification, RequestFlag } from './spec/client.js';
export type { UnknownAttr } from './spec/decode.js';
export type { Bitfield32 } from './wire/scalars.js';
export type { FamilyIR } from '@nlkit/ir';
export { Session } from './session/session.js';
export { FamilyServer } from './spec/server.js';
export type { RequestHandler, RequestContext } from './spec/server.js';
export type { AbortSignalLike } from './platform.js';
