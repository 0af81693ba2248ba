/**
 * The resolved IR: what a YNL schema means, with every implicit value assigned and every
 * reference resolved. Plain, JSON-serialisable data (no bigint, no functions, no Maps), so it
 * can be embedded in generated code, cached, or shipped to a CLI.
 *
 * Names are kept exactly as the schema spells them (`ifi-index`, `fq_codel`); turning them
 * into TypeScript identifiers is the generator's job.
 */

export type Protocol = 'genetlink' | 'genetlink-c' | 'genetlink-legacy' | 'netlink-raw';

export type IntType = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64';
/** Variable-width integers: 4 or 8 bytes on the wire. */
export type VarIntType = 'uint' | 'sint';
export type ScalarType = IntType | VarIntType;

export type AttrType =
  | 'unused'
  | 'pad'
  | 'flag'
  | 'binary'
  | 'string'
  | 'nest'
  | 'indexed-array'
  | 'nest-type-value'
  | 'sub-message'
  | 'bitfield32'
  | ScalarType;

export type ByteOrder = 'big-endian' | 'little-endian';

/** How a value is shown to people; decoding is unaffected except where noted. */
export type DisplayHint = 'hex' | 'mac' | 'fddi' | 'ipv4' | 'ipv6' | 'ipv4-or-v6' | 'uuid';

export interface ConstIR {
  name: string;
  value: number | string;
  doc?: string;
}

export interface EnumEntryIR {
  name: string;
  /** The wire value. For `flags`, the bit mask (1 << bit), not the bit number. */
  value: number;
  doc?: string;
}

export interface EnumIR {
  name: string;
  kind: 'enum' | 'flags';
  entries: EnumEntryIR[];
  doc?: string;
}

/** Range and length checks from the schema; the generated clients validate input with them. */
export interface ChecksIR {
  min?: number;
  max?: number;
  minLen?: number;
  maxLen?: number;
  exactLen?: number;
  unterminatedOk?: boolean;
}

export interface StructMemberIR {
  name: string;
  /** `pad` members are padding bytes: never exposed, written as zeros. */
  type: IntType | 'binary' | 'string' | 'pad';
  /** Byte offset inside the struct, as a C compiler lays it out. */
  offset: number;
  /** Size in bytes. */
  size: number;
  byteOrder?: ByteOrder;
  enum?: string;
  enumAsFlags?: boolean;
  displayHint?: DisplayHint;
  /** For binary members that hold another struct (or, when flexible, the element struct). */
  struct?: string;
  doc?: string;
  /**
   * nlkit-flexible: a C flexible array member. It is the last member, sits at the struct's
   * size (its own `size` is 0) and takes the rest of the payload: structs (`struct`), integers
   * (an integer `type`) or bytes (`binary`). `count` names the member holding the element count.
   */
  flexible?: FlexibleIR;
  /** nlkit-fields: the integer is decoded as these bit fields instead of one value. */
  fields?: BitFieldIR[];
}

export interface FlexibleIR {
  count?: string;
  /** A binary member with `len`: elements of that many bytes (each shown by its display hint). */
  elementSize?: number;
}

export interface BitFieldIR {
  name: string;
  /** The field's bits in the member's value (a safe integer; 64-bit members use it as a bigint). */
  mask: number;
  /** The lowest set bit of `mask`: the field's value is `(v & mask) >>> shift`. */
  shift: number;
  enum?: string;
  doc?: string;
}

export interface StructIR {
  name: string;
  /** Size in bytes, including trailing padding. */
  size: number;
  members: StructMemberIR[];
  doc?: string;
}

export interface AttrIR {
  name: string;
  /** The nla_type number. */
  value: number;
  type: AttrType;
  doc?: string;
  byteOrder?: ByteOrder;
  /** The attribute may repeat; it decodes to an array. */
  multiAttr?: boolean;
  enum?: string;
  enumAsFlags?: boolean;
  displayHint?: DisplayHint;
  /** Attribute set of a nest, indexed-array of nests, or nest-type-value. */
  nestedAttributes?: string;
  /** Element type of an indexed-array, or of a binary array of scalars. */
  subType?: ScalarType | 'nest' | 'binary' | 'string';
  /** Struct carried by a binary attribute (or the elements of a binary array with subType 'binary'). */
  struct?: string;
  /** For sub-message attributes. */
  subMessage?: string;
  /** Name of the attribute (or fixed-header member) whose value selects the sub-message format (searched in this set, then enclosing ones). */
  selector?: string;
  /** For nest-type-value: the names of the levels of types (e.g. ['policy-id', 'attr-id']). */
  typeValue?: string[];
  checks?: ChecksIR;
  /** nlkit-select: another reading of the attribute chosen by a selector's value. */
  select?: SelectIR;
  /** nlkit-records: the payload is a packed array of (struct + attributes) records. */
  records?: RecordsIR;
}

/** The keys of an attribute that a nlkit-select case may replace. */
export interface AttrOverrideIR {
  type?: AttrType;
  struct?: string;
  subType?: AttrIR['subType'];
  nestedAttributes?: string;
  displayHint?: DisplayHint;
  byteOrder?: ByteOrder;
  enum?: string;
  enumAsFlags?: boolean;
  records?: RecordsIR;
}

export interface SelectCaseIR extends AttrOverrideIR {
  /** The selector value as the decoded selector prints it: its enum name when it has one, else the number as text. */
  value: string;
}

export interface SelectIR {
  /** An attribute (this set or an enclosing one) or a member of an enclosing fixed header. */
  by: string;
  /** The selector's enum, when the loader could tell (numbers given to encoders are named through it). */
  enum?: string;
  cases: SelectCaseIR[];
}

export interface RecordsIR {
  /** The struct at the head of each record. */
  header: string;
  /** Its member holding the record's length in bytes (framing: not in the decoded header). */
  length: string;
  /** The attributes after the struct, up to that length. */
  attributeSet: string;
}

export interface AttrSetIR {
  name: string;
  /** Set when this set is a subset of another; ids are the parent's. */
  subsetOf?: string;
  attrs: AttrIR[];
  doc?: string;
}

export interface SubMessageFormatIR {
  /** The selector value, e.g. 'veth' or 'fq_codel'. */
  value: string;
  fixedHeader?: string;
  attributeSet?: string;
}

export interface SubMessageIR {
  name: string;
  formats: SubMessageFormatIR[];
  doc?: string;
}

/** Attributes allowed in one direction of one operation mode. */
export interface MessageIR {
  attributes: string[];
}

export interface OpModeIR {
  request?: MessageIR;
  reply?: MessageIR;
}

export interface OperationIR {
  name: string;
  doc?: string;
  attributeSet?: string;
  /** The struct that follows nlmsghdr (netlink-raw) or genlmsghdr (genetlink), if any. */
  fixedHeader?: string;
  /** Message type (netlink-raw) or genl cmd sent for do/dump requests. */
  requestValue?: number;
  /** Message type or genl cmd of replies and notifications. */
  replyValue?: number;
  do?: OpModeIR;
  dump?: OpModeIR;
  /** For notifications (`notify:` or `event:`): the attributes a notification carries. */
  notification?: MessageIR;
  /** Multicast group that carries this notification. */
  mcgrp?: string;
}

export interface McastGroupIR {
  name: string;
  /** Fixed group number for netlink-raw families; genetlink groups get ids at run time. */
  value?: number;
  doc?: string;
}

export interface FamilyIR {
  /**
   * IR format version: consumers refuse a version they do not know. Version 2 added the
   * optional nlkit extension fields (select, records, flexible, fields); a version 1 IR is a
   * valid version 2 IR, so readers of 2 read 1 too.
   */
  irVersion: 1 | 2;
  name: string;
  protocol: Protocol;
  /** The netlink protocol number: 16 (NETLINK_GENERIC) for genetlink families. */
  protonum: number;
  /** genetlink: the genl version sent in genlmsghdr. */
  genlVersion?: number;
  doc?: string;
  consts: ConstIR[];
  enums: EnumIR[];
  structs: StructIR[];
  attributeSets: AttrSetIR[];
  subMessages: SubMessageIR[];
  operations: OperationIR[];
  mcastGroups: McastGroupIR[];
}

/** The version @nlkit/ynl writes. */
export const IR_VERSION = 2 as const;

/** The versions a reader of IR_VERSION reads (each adds only optional fields to the one before). */
export const READABLE_IR_VERSIONS: readonly number[] = [1, 2];

export * from './names.js';
