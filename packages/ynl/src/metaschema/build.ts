/**
 * Our metaschemas for the four YNL protocol levels, built from one description of the format
 * plus a feature list per level. JSON Schema draft-07 subset, compiled by ajv.
 *
 * Rules that need more than JSON Schema (attribute `type` required outside subsets, `len` on
 * pad/binary struct members, references) live in ../semantic.ts.
 */
import type { Protocol } from '@nlkit/ir';

export type JsonSchema = Record<string, unknown>;

export interface Features {
  protocol: Protocol;
  /** Kernel name pattern on family, definition, set, attribute and operation names. */
  strictFamilyName: boolean;
  strictItemNames: boolean;
  strictMcgrpNames: boolean;
  /** C naming overrides (genetlink-c and up). */
  cNames: boolean;
  enumCntName: boolean;
  /** genetlink-legacy and netlink-raw extras. */
  structs: boolean;
  kernelPolicy: boolean;
  version: boolean;
  bitfield32: boolean;
  unterminatedOk: boolean;
  directional: boolean;
  fixedHeader: boolean;
  messageValue: boolean;
  /** netlink-raw only. */
  raw: boolean;
  /** genetlink family extras: kernel-family, config-cond, uns-admin-perm, dump-strict. */
  kernelExtras: boolean;
}

const NAME = '^[0-9a-z-]+$';
const NAME_CAP = '^[0-9a-zA-Z-]+$';

const str: JsonSchema = { type: 'string' };
const bool: JsonSchema = { type: 'boolean' };
const uint: JsonSchema = { type: 'integer', minimum: 0 };
const strOrNull: JsonSchema = { type: ['string', 'null'] };
const strList: JsonSchema = { type: 'array', items: str };
/** A length: literal, const name, or `name - 1`. */
const lenOrDefine: JsonSchema = { type: ['string', 'integer'], pattern: '^[0-9A-Za-z_-]+( - 1)?$', minimum: 0 };
/** A limit: literal, const name, or a type bound like `u32-max`. */
const lenOrLimit: JsonSchema = { type: ['string', 'integer'], pattern: '^-?[0-9A-Za-z_-]+$' };
const displayHint: JsonSchema = { enum: ['hex', 'mac', 'fddi', 'ipv4', 'ipv6', 'ipv4-or-v6', 'uuid'] };
const byteOrder: JsonSchema = { enum: ['little-endian', 'big-endian'] };

function obj(properties: Record<string, JsonSchema | undefined>, required: string[] = []): JsonSchema {
  const props: Record<string, JsonSchema> = {};
  for (const [k, v] of Object.entries(properties)) if (v !== undefined) props[k] = v;
  const out: JsonSchema = { type: 'object', additionalProperties: false, properties: props };
  if (required.length > 0) out.required = required;
  return out;
}

function arrayOf(items: JsonSchema): JsonSchema {
  return { type: 'array', items };
}

function when<T>(on: boolean, v: T): T | undefined {
  return on ? v : undefined;
}

export function buildMetaschema(f: Features): JsonSchema {
  const name = (strict: boolean): JsonSchema => (strict ? { type: 'string', pattern: NAME } : str);
  const itemName = name(f.strictItemNames);

  const attrTypes = [
    'unused', 'pad', 'flag', 'binary', ...(f.bitfield32 ? ['bitfield32'] : []),
    'uint', 'sint', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64',
    'string', 'nest', 'indexed-array', 'nest-type-value', ...(f.raw ? ['sub-message'] : []),
  ];

  const enumEntry: JsonSchema = {
    type: ['string', 'object'],
    if: { type: 'object' },
    then: obj({ name: itemName, value: { type: 'integer' }, doc: str }, ['name']),
  };

  const member = obj(
    {
      name: f.raw ? { type: 'string', pattern: NAME_CAP } : itemName,
      type: { enum: ['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'string', 'binary', ...(f.raw ? ['pad'] : [])] },
      len: lenOrDefine,
      'byte-order': byteOrder,
      doc: str,
      enum: str,
      'enum-as-flags': when(f.raw, bool),
      'display-hint': displayHint,
      struct: str,
      // nlkit's extension (schemas/EXTENSIONS.md): no kernel spec uses an nlkit-* key.
      'nlkit-flexible': obj({ count: str }),
      'nlkit-fields': {
        type: 'array',
        minItems: 1,
        items: obj({ name: itemName, mask: { type: 'integer', minimum: 1 }, enum: str, doc: str }, ['name', 'mask']),
      },
    },
    ['name', 'type'],
  );

  const definition = obj(
    {
      name: itemName,
      header: str,
      scope: { enum: ['uapi', 'kernel', 'user'] },
      type: { enum: ['const', 'enum', 'flags', ...(f.structs ? ['struct'] : [])] },
      doc: str,
      value: { type: ['string', 'integer'] },
      'value-start': { type: ['string', 'integer'] },
      entries: arrayOf(enumEntry),
      'render-max': bool,
      'enum-name': when(f.cNames, strOrNull),
      'name-prefix': when(f.cNames, str),
      'enum-cnt-name': when(f.enumCntName, str),
      members: when(f.structs, arrayOf(member)),
    },
    ['type', 'name'],
  );

  const checks = obj({
    'flags-mask': str,
    min: lenOrLimit,
    max: lenOrLimit,
    'min-len': lenOrDefine,
    'max-len': lenOrDefine,
    'exact-len': lenOrDefine,
    'unterminated-ok': when(f.unterminatedOk, bool),
  });

  const records = obj({ header: str, length: str, 'attribute-set': str }, ['header', 'length', 'attribute-set']);
  const selectCase = obj(
    {
      value: { type: ['string', 'integer'] },
      type: { enum: attrTypes },
      struct: str,
      'sub-type': { enum: attrTypes },
      'nested-attributes': str,
      'display-hint': displayHint,
      'byte-order': byteOrder,
      enum: str,
      'enum-as-flags': bool,
      'nlkit-records': records,
    },
    ['value'],
  );

  const attr = obj(
    {
      name: itemName,
      type: { enum: attrTypes },
      doc: str,
      value: uint,
      'type-value': strList,
      'byte-order': byteOrder,
      'multi-attr': bool,
      'nested-attributes': str,
      enum: str,
      'enum-as-flags': bool,
      checks,
      'sub-type': { enum: attrTypes },
      'display-hint': displayHint,
      'name-prefix': when(f.cNames, str),
      struct: when(f.structs, str),
      'sub-message': when(f.raw, str),
      selector: when(f.raw, str),
      'nlkit-select': obj({ by: str, cases: { type: 'array', minItems: 1, items: selectCase } }, ['by', 'cases']),
      'nlkit-records': records,
    },
    ['name'],
  );

  const attrSet = obj(
    {
      name: itemName,
      'name-prefix': str,
      'enum-name': f.cNames ? strOrNull : str,
      doc: str,
      'subset-of': str,
      'attr-cnt-name': when(f.cNames, str),
      'attr-max-name': when(f.cNames, str),
      header: when(f.cNames, str),
      attributes: arrayOf(attr),
    },
    ['name', 'attributes'],
  );

  const message = obj({ attributes: strList, value: when(f.messageValue, uint) });
  const mode = obj({ request: message, reply: message, pre: str, post: str });
  const opFlags = arrayOf({ enum: ['admin-perm', ...(f.kernelExtras ? ['uns-admin-perm'] : [])] });

  const operation = obj(
    {
      name: itemName,
      doc: str,
      value: uint,
      'attribute-set': str,
      flags: opFlags,
      'dont-validate': arrayOf({ enum: ['strict', 'dump', ...(f.kernelExtras ? ['dump-strict'] : [])] }),
      'config-cond': when(f.kernelExtras, str),
      'fixed-header': when(f.fixedHeader, str),
      do: mode,
      dump: mode,
      notify: str,
      event: obj({ attributes: strList }),
      mcgrp: str,
    },
    ['name', 'doc'],
  );

  const operations = obj(
    {
      'enum-model': { enum: f.directional ? ['unified', 'directional'] : ['unified'] },
      'name-prefix': str,
      'enum-name': f.cNames ? strOrNull : str,
      'async-prefix': str,
      'async-enum': f.cNames ? strOrNull : str,
      'fixed-header': when(f.fixedHeader, str),
      list: arrayOf(operation),
    },
    ['list'],
  );

  const mcastGroups = obj(
    {
      list: arrayOf(
        obj(
          {
            name: name(f.strictMcgrpNames),
            'c-define-name': when(f.cNames, str),
            flags: opFlags,
            value: when(f.raw, { type: 'integer' }),
          },
          ['name'],
        ),
      ),
    },
    ['list'],
  );

  const subMessages = arrayOf(
    obj(
      {
        name: str,
        doc: str,
        formats: arrayOf(obj({ value: str, 'fixed-header': str, 'attribute-set': str }, ['value'])),
      },
      ['name', 'formats'],
    ),
  );

  const schema = obj(
    {
      name: name(f.strictFamilyName),
      doc: str,
      protocol: { enum: [f.protocol] },
      protonum: when(f.raw, uint),
      'uapi-header': str,
      'c-family-name': when(f.cNames, str),
      'c-version-name': when(f.cNames, str),
      'max-by-define': when(f.cNames, bool),
      'cmd-max-name': when(f.cNames, str),
      'cmd-cnt-name': when(f.cNames, str),
      'kernel-policy': when(f.kernelPolicy, { enum: ['split', 'per-op', 'global'] }),
      version: when(f.version, { type: 'integer', minimum: 1 }),
      definitions: arrayOf(definition),
      'attribute-sets': arrayOf(attrSet),
      'sub-messages': when(f.raw, subMessages),
      operations,
      'mcast-groups': mcastGroups,
      'kernel-family': when(f.kernelExtras, obj({ headers: strList, 'sock-priv': str })),
    },
    ['name', 'doc', 'attribute-sets', 'operations'],
  );
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: `YNL ${f.protocol} family`, ...schema };
}
