// Public entry of @nlkit/ethtool: the generated module, plus any hand-written extras you add here.
export * from './gen/ethtool.js';
