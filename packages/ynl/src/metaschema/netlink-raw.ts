import { buildMetaschema } from './build.js';

/** netlink-raw: classic netlink protocols (rtnetlink, netfilter) with protonum and sub-messages. */
export const netlinkRawMetaschema = buildMetaschema({
  protocol: 'netlink-raw',
  strictFamilyName: false,
  strictItemNames: true,
  strictMcgrpNames: false,
  cNames: true,
  enumCntName: false,
  structs: true,
  kernelPolicy: true,
  version: false,
  bitfield32: true,
  unterminatedOk: true,
  directional: true,
  fixedHeader: true,
  messageValue: true,
  raw: true,
  kernelExtras: false,
});
