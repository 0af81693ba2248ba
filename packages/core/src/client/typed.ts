/**
 * The typed face of the family runtime, in the spirit of protobuf-es's `GenMessage<T>`: generated
 * code describes a family's operations at the type level (`FamilyTypes`), and the runtime and
 * client are generic over that description. The runtime itself decodes to untyped `Decoded`
 * values; the schema is what guarantees their shape, and `assumeShape` below is the one place
 * that tells TypeScript so. Generated code therefore needs no casts.
 */
import type { FamilyIR } from '@nlkit/ir';
import type { Decoded } from '../codec/struct.js';
import { defineFamily as defineRuntime, type FamilyRuntime } from '../codec/runtime.js';

/** The message types of one operation, per mode; a mode the operation lacks is left out. */
export interface OpTypes {
  doRequest?: unknown;
  doReply?: unknown;
  dumpRequest?: unknown;
  dumpReply?: unknown;
}

/**
 * A family at the type level: operation name → its message types, notification name → its value.
 * Generated packages declare one (e.g. `RtLinkTypes`) as a type alias.
 */
export interface FamilyTypes {
  ops: { [op: string]: OpTypes };
  notifications: { [name: string]: unknown };
}

/** A family known only at run time (the CLI, `--spec` schemas): plain decoded objects. */
export interface UntypedFamily extends FamilyTypes {
  ops: { [op: string]: { doRequest: unknown; doReply: Decoded | undefined; dumpRequest: unknown; dumpReply: Decoded } };
  notifications: { [name: string]: Decoded };
}

/** Names of the operations of `T` that have a `do` mode. */
export type DoOp<T extends FamilyTypes> = { [K in keyof T['ops']]-?: T['ops'][K] extends { doRequest: unknown } ? K : never }[keyof T['ops']] & string;
/** Names of the operations of `T` that have a `dump` mode. */
export type DumpOp<T extends FamilyTypes> = { [K in keyof T['ops']]-?: T['ops'][K] extends { dumpRequest: unknown } ? K : never }[keyof T['ops']] & string;
/** Names of the notifications of `T`. */
export type NotificationName<T extends FamilyTypes> = keyof T['notifications'] & string;

export type DoRequest<T extends FamilyTypes, K extends DoOp<T>> = T['ops'][K] extends { doRequest: infer R } ? R : never;
/** The reply of a `do` request; undefined for operations that only ack. */
export type DoReply<T extends FamilyTypes, K extends DoOp<T>> = T['ops'][K] extends { doReply: infer R } ? R : undefined;
export type DumpRequest<T extends FamilyTypes, K extends DumpOp<T>> = T['ops'][K] extends { dumpRequest: infer R } ? R : never;
export type DumpReply<T extends FamilyTypes, K extends DumpOp<T>> = T['ops'][K] extends { dumpReply: infer R } ? R : Decoded;

/** A decoded notification, named by the operation that describes it. */
export interface Notification<Name extends string = string, Value = Decoded> {
  /** The operation that describes it, e.g. 'newlink' or 'linkinfo-ntf'. */
  name: Name;
  value: Value;
  /** nlmsghdr fields of the message. */
  type: number;
  flags: number;
  seq: number;
  portId: number;
}

/** The union of `T`'s notifications, discriminated by `name`. */
export type NotificationOf<T extends FamilyTypes> = { [K in NotificationName<T>]: Notification<K, T['notifications'][K]> }[NotificationName<T>];

/**
 * A runtime that carries its family's types. `$types` exists only for the type checker (like
 * protobuf-es's phantom message type): any FamilyRuntime is one, nothing is added at run time.
 */
export type TypedRuntime<T extends FamilyTypes> = FamilyRuntime & { readonly $types?: T };

/**
 * The single sanctioned type assertion of the typed layer: a value the runtime decoded by the
 * schema has the type generated from the same schema. Everything typed goes through here.
 */
export function assumeShape<R>(value: unknown): R {
  return value as R;
}

/** The runtime for a family IR, built once, typed by the family's `FamilyTypes`. */
export function defineFamily<T extends FamilyTypes = UntypedFamily>(ir: FamilyIR): TypedRuntime<T> {
  return defineRuntime(ir);
}

/** Decodes the first message in `bytes` as the reply to a `do` request of `op`. */
export function decodeDoReply<T extends FamilyTypes, K extends DoOp<T>>(runtime: TypedRuntime<T>, op: K, bytes: Uint8Array): DoReply<T, K> {
  return assumeShape(runtime.decodeMessageBytes(op, bytes));
}

/** Decodes the first message in `bytes` as one reply of a `dump` of `op`. */
export function decodeDumpReply<T extends FamilyTypes, K extends DumpOp<T>>(runtime: TypedRuntime<T>, op: K, bytes: Uint8Array): DumpReply<T, K> {
  return assumeShape(runtime.decodeMessageBytes(op, bytes));
}

/** Decodes the first message in `bytes` as the notification `name`. */
export function decodeNotification<T extends FamilyTypes, K extends NotificationName<T>>(runtime: TypedRuntime<T>, name: K, bytes: Uint8Array): T['notifications'][K] {
  return assumeShape(runtime.decodeMessageBytes(name, bytes));
}
