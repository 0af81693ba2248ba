export * from './gen/rt-route.js';
