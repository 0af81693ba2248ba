export * from './gen/kvstore.js';
export { KvstoreServer } from './server.js';
