// Public entry of @nlkit/netdev: the generated module, plus any hand-written extras you add here.
export * from './gen/netdev.js';
