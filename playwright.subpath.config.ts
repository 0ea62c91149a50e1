import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The site built under a sub-path (npm run test:subpath): `BASE_PATH=/quorum-lab/ astro build --outDir
// dist-subpath`, served by `astro preview` under the same base; only tests/e2e/subpath.spec.ts runs here.
const port = Number(process.env.E2E_PORT ?? 4322);
const basePath = (process.env.E2E_BASE_PATH ?? '/quorum-lab/').replace(/\/?$/, '/');

export default defineConfig({
  ...base,
  testIgnore: [],
  testMatch: 'subpath.spec.ts',
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: `node node_modules/astro/astro.js preview --host 127.0.0.1 --port ${port} --outDir ${process.env.DIST_DIR ?? 'dist-subpath'}`,
    env: { BASE_PATH: basePath },
    url: `http://127.0.0.1:${port}${basePath}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
