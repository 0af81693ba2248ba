import { buildMetaschema } from './build.js';

/** genetlink-legacy: structs, fixed headers, directional message ids, explicit genl version. */
export const genetlinkLegacyMetaschema = buildMetaschema({
  protocol: 'genetlink-legacy',
  strictFamilyName: false,
  strictItemNames: true,
  strictMcgrpNames: false,
  cNames: true,
  enumCntName: true,
  structs: true,
  kernelPolicy: true,
  version: true,
  bitfield32: true,
  unterminatedOk: true,
  directional: true,
  fixedHeader: true,
  messageValue: true,
  raw: false,
  kernelExtras: true,
});
