// Public entry of @nlkit/conntrack: the generated module, plus any hand-written extras you add here.
export * from './gen/conntrack.js';
export { eventKind, type ConntrackEventKind } from './events.js';
