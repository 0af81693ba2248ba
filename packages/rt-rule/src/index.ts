// Public entry of @nlkit/rt-rule: the generated module, plus any hand-written extras you add here.
export * from './gen/rt-rule.js';
