// The base path the tested build was made for (docs/DEPLOY.md: `BASE_PATH=/quorum-lab/ npm run build`), so that
// the whole suite runs against a sub-path build too (`npm run test:e2e:subpath-all`). Tests write site paths
// as the site's own (`/cours/03-quorum/`) and go through `test` and `expect` from here: `page.goto`,
// `context.newPage().goto` and `request.get` put the base in front; `at(path)` does it for an assertion and
// `unbase(path)` takes it off a path read from the page. With the default base `/`, all three change nothing.
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';

export const BASE = (process.env.E2E_BASE_PATH ?? '/').replace(/\/?$/, '/');

/** A site path (`/cours/…`, `/en/`) under the base; a full URL, or a path already under the base, is kept. */
export function at(path: string): string {
  if (!path.startsWith('/') || path.startsWith(BASE)) return path;
  return BASE + path.slice(1);
}

/** The site path of a path read from the page (`/quorum-lab/cours/…` → `/cours/…`). */
export function unbase(path: string): string {
  return path.startsWith(BASE) ? '/' + path.slice(BASE.length) : path;
}

function rebase(page: Page): Page {
  const goto = page.goto.bind(page);
  page.goto = (url, options) => goto(at(url), options);
  return page;
}

export const test = base.extend({
  page: async ({ page }, use) => {
    await use(rebase(page));
  },
  context: async ({ context }, use) => {
    const newPage = context.newPage.bind(context);
    context.newPage = async () => rebase(await newPage());
    await use(context);
  },
  request: async ({ request }, use) => {
    const get = request.get.bind(request);
    (request as APIRequestContext).get = (url, options) => get(at(url), options);
    await use(request);
  },
});

export { expect };
