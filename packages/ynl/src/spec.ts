/** The shape of a YNL document after it passed its metaschema (keys as the YAML spells them). */
import type { ByteOrder, DisplayHint, Protocol } from '@nlkit/ir';

export type EnumEntrySpec = string | { name: string; value?: number; doc?: string };

export interface MemberSpec {
  name: string;
  type: 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'string' | 'binary' | 'pad';
  len?: number | string;
  'byte-order'?: ByteOrder;
  doc?: string;
  enum?: string;
  'enum-as-flags'?: boolean;
  'display-hint'?: DisplayHint;
  struct?: string;
  'nlkit-flexible'?: { count?: string };
  'nlkit-fields'?: Array<{ name: string; mask: number; enum?: string; doc?: string }>;
}

export interface RecordsSpec {
  header: string;
  length: string;
  'attribute-set': string;
}

/** The attribute keys a nlkit-select case may replace. */
export interface SelectCaseSpec {
  value: string | number;
  type?: string;
  struct?: string;
  'sub-type'?: string;
  'nested-attributes'?: string;
  'display-hint'?: DisplayHint;
  'byte-order'?: ByteOrder;
  enum?: string;
  'enum-as-flags'?: boolean;
  'nlkit-records'?: RecordsSpec;
}

export interface SelectSpec {
  by: string;
  cases: SelectCaseSpec[];
}

export interface DefinitionSpec {
  name: string;
  type: 'const' | 'enum' | 'flags' | 'struct';
  doc?: string;
  header?: string;
  'name-prefix'?: string;
  value?: number | string;
  'value-start'?: number | string;
  entries?: EnumEntrySpec[];
  members?: MemberSpec[];
}

export interface ChecksSpec {
  'flags-mask'?: string;
  min?: number | string;
  max?: number | string;
  'min-len'?: number | string;
  'max-len'?: number | string;
  'exact-len'?: number | string;
  'unterminated-ok'?: boolean;
}

export interface AttrSpec {
  name: string;
  type?: string;
  doc?: string;
  value?: number;
  'type-value'?: string[];
  'byte-order'?: ByteOrder;
  'multi-attr'?: boolean;
  'nested-attributes'?: string;
  enum?: string;
  'enum-as-flags'?: boolean;
  checks?: ChecksSpec;
  'sub-type'?: string;
  'display-hint'?: DisplayHint;
  struct?: string;
  'sub-message'?: string;
  selector?: string;
  'nlkit-select'?: SelectSpec;
  'nlkit-records'?: RecordsSpec;
}

export interface AttrSetSpec {
  name: string;
  doc?: string;
  'subset-of'?: string;
  attributes: AttrSpec[];
}

export interface SubMessageSpec {
  name: string;
  doc?: string;
  formats: Array<{ value: string; 'fixed-header'?: string; 'attribute-set'?: string }>;
}

export interface MessageSpec {
  attributes?: string[];
  value?: number;
}

export interface ModeSpec {
  request?: MessageSpec;
  reply?: MessageSpec;
}

export interface OperationSpec {
  name: string;
  doc?: string;
  value?: number;
  'attribute-set'?: string;
  'fixed-header'?: string;
  do?: ModeSpec;
  dump?: ModeSpec;
  notify?: string;
  event?: { attributes?: string[] };
  mcgrp?: string;
}

export interface FamilySpec {
  name: string;
  doc?: string;
  protocol?: Protocol;
  protonum?: number;
  version?: number;
  definitions?: DefinitionSpec[];
  'attribute-sets': AttrSetSpec[];
  'sub-messages'?: SubMessageSpec[];
  operations: {
    'enum-model'?: 'unified' | 'directional';
    'fixed-header'?: string;
    list: OperationSpec[];
  };
  'mcast-groups'?: { list: Array<{ name: string; value?: number }> };
}
