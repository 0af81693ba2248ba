// Public entry of @nlkit/rt-neigh: the generated module, plus any hand-written extras you add here.
export * from './gen/rt-neigh.js';
