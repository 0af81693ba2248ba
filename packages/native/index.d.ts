// The ES module entry's types: the same as the CommonJS implementation's (index.d.cts).
export * from './index.cjs';
