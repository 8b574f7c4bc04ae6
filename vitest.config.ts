import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    // Installs Debian's chromium and postgresql when missing (as root), else says how.
    globalSetup: ['test/setup/machine.ts'],
  },
});
