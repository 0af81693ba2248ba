import type { Protocol } from '@nlkit/ir';
import type { JsonSchema } from './build.js';
import { genetlinkMetaschema } from './genetlink.js';
import { genetlinkCMetaschema } from './genetlink-c.js';
import { genetlinkLegacyMetaschema } from './genetlink-legacy.js';
import { netlinkRawMetaschema } from './netlink-raw.js';

export type { JsonSchema } from './build.js';

export const PROTOCOLS: readonly Protocol[] = ['genetlink', 'genetlink-c', 'genetlink-legacy', 'netlink-raw'];

export const metaschemas: Record<Protocol, JsonSchema> = {
  genetlink: genetlinkMetaschema,
  'genetlink-c': genetlinkCMetaschema,
  'genetlink-legacy': genetlinkLegacyMetaschema,
  'netlink-raw': netlinkRawMetaschema,
};
