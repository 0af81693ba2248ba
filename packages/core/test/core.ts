/**
 * What core's own tests import: every public entry point of the package (from src, so tests
 * need no build) plus the internals they test directly.
 */
export * from '../src/index.js';
export * from '../src/wire.js';
export * from '../src/genl.js';
export * from '../src/netfilter.js';
export { AsyncQueue } from '../src/session/queue.js';
