import { defineConfig } from 'vitest/config';

// The browser tests, apart from the unit tests (`npx vitest run` stays fast): `npm run test:e2e`
// builds the page first, then runs these against it in Debian's chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    // Installs Debian's chromium and postgresql when missing (as root), else says how.
    globalSetup: ['test/setup/machine.ts'],
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
