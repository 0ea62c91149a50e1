import { defineConfig } from '@playwright/test';

// Browsers cannot be downloaded on these machines: drive Debian's Chromium.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT ?? 4321);
// The whole suite also runs against a sub-path build (npm run test:e2e:subpath-all): E2E_BASE_PATH names the
// base, tests/e2e/helpers/base.ts puts it in front of every path the tests open.
const basePath = (process.env.E2E_BASE_PATH ?? '/').replace(/\/?$/, '/');

export default defineConfig({
  testDir: 'tests/e2e',
  // The sub-path build has its own run (playwright.subpath.config.ts, npm run test:subpath).
  testIgnore: 'subpath.spec.ts',
  fullyParallel: true,
  workers: 2,
  // On CI a failed test runs once more and, if it passes then, is reported as "flaky" in the summary (and in
  // the closing note): a landing is not lost to one slow moment, and the flaky test is still named.
  retries: process.env.CI ? 1 : 0,
  // One line per test, then the ten slowest tests (CI time is watched, not guessed).
  reporter: [['list'], ['./tests/helpers/slowest-playwright.ts']],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node node_modules/astro/astro.js preview --host 127.0.0.1 --port ${port} --outDir ${process.env.DIST_DIR ?? 'dist'}`,
    env: { BASE_PATH: basePath === '/' ? '' : basePath },
    url: `http://127.0.0.1:${port}${basePath}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
