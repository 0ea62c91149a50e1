/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// getViteConfig lets Vitest compile .svelte files the way Astro does.
export default getViteConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Worker threads, not child processes: the same suite in 75 s instead of 98 s on two cores.
    pool: 'threads',
    testTimeout: 60_000,
    // The default output, then the ten slowest tests (CI time is watched, not guessed).
    reporters: ['default', './tests/helpers/slowest-vitest.ts'],
  },
});
