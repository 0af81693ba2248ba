// Public entry of @nlkit/tc: the generated module, plus any hand-written extras you add here.
export * from './gen/tc.js';
export * from './handles.js';
