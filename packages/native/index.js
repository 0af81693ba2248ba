// @nlkit/native as an ES module: the implementation is index.cjs (CommonJS, so the CLI's
// CommonJS bundle loads it without Node's ES module loader).
import native from './index.cjs';

export const { constants, openSocket, openSocketSync } = native;
