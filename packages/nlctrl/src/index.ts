// Public entry of @nlkit/nlctrl: the generated module, plus any hand-written extras you add here.
export * from './gen/nlctrl.js';
