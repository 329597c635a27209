// The end-to-end tests start the real binary; on a busy machine that takes longer than vitest's 5 s default.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { testTimeout: 30_000 },
});
