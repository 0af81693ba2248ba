import { buildMetaschema } from './build.js';

/** Plain genetlink: the strictest level, no structs, no C naming overrides. */
export const genetlinkMetaschema = buildMetaschema({
  protocol: 'genetlink',
  strictFamilyName: true,
  strictItemNames: true,
  strictMcgrpNames: true,
  cNames: false,
  enumCntName: false,
  structs: false,
  kernelPolicy: false,
  version: false,
  bitfield32: false,
  unterminatedOk: false,
  directional: false,
  fixedHeader: false,
  messageValue: false,
  raw: false,
  kernelExtras: true,
});
