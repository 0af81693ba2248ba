export * from './gen/rt-route.js';
export { decodeMultipath, encodeMultipath, type Nexthop } from './multipath.js';
