// Public entry of @nlkit/mptcp-pm: the generated module, plus any hand-written extras you add here.
export * from './gen/mptcp-pm.js';
