// Public entry of @nlkit/rt-addr: the generated module, plus any hand-written extras you add here.
export * from './gen/rt-addr.js';
