// Public entry of @nlkit/rt-link: the generated module, plus any hand-written extras you add here.
export * from './gen/rt-link.js';
