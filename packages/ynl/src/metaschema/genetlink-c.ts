import { buildMetaschema } from './build.js';

/** genetlink-c: genetlink plus C naming overrides (c-family-name, enum-name: null, ...). */
export const genetlinkCMetaschema = buildMetaschema({
  protocol: 'genetlink-c',
  strictFamilyName: false,
  strictItemNames: false,
  strictMcgrpNames: false,
  cNames: true,
  enumCntName: true,
  structs: false,
  kernelPolicy: false,
  version: false,
  bitfield32: false,
  unterminatedOk: true,
  directional: false,
  fixedHeader: false,
  messageValue: false,
  raw: false,
  kernelExtras: true,
});
