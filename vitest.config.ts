/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// getViteConfig lets Vitest compile .svelte files the way Astro does.
export default getViteConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
