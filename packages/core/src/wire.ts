/**
 * @nlkit/core/wire: codec primitives for code that handles netlink bytes itself — attributes,
 * headers, scalars, address text, extended acks, policies, every wire constant, and the schema
 * codec (struct and attribute-set encoders/decoders) that hand-written family helpers build on.
 */
export * from './wire/constants.js';
export { walkAttrs, readAttrs, MessageBuilder, type RawAttr } from './wire/attrs.js';
export { readHeader, writeHeader, splitMessages, readGenlHeader, type NlMsgHeader, type NlMessage, type GenlHeader } from './wire/header.js';
export {
  INT_SIZE, readInt, readVarInt, checkIntRange, writeInt, varIntBytes, readString, isValidUtf8, stringBytes, readBitfield32, bitfield32Bytes,
  type IntKind, type Bitfield32,
} from './wire/scalars.js';
export {
  formatMac, formatHex, formatIpv4, formatIpv4At, formatIpv6, formatUuid, formatIp, parseMac, parseIpv4, parseIpv6, parseIp, parseHex, parseUuid,
} from './wire/display.js';
export { readPolicy, POLICY_ATTR_TYPES, type AttrPolicy } from './wire/policy.js';
export { parseErrorPayload } from './wire/extack.js';
export { Decoder, type UnknownAttr, type SetAttribute, type SelectEntry, type AttrDecoder } from './codec/decode.js';
export { Encoder, NEST_FLAG } from './codec/encode.js';
export { decodeStruct, encodeStruct, type Decoded } from './codec/struct.js';
export { FamilyIndex } from './codec/family.js';
export { TextOut, messageText, replyText, type MessageText, type ValueText, type TextForms } from './codec/json-text.js';
