import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: { '@nlkit/testkit': fileURLToPath(new URL('./packages/testkit/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts'],
    // Kernel tests create network namespaces; separate processes keep native handles apart.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
