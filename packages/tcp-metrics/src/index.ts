// Public entry of @nlkit/tcp-metrics: the generated module, plus any hand-written extras you add here.
export * from './gen/tcp-metrics.js';
