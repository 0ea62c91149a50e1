// The islands' UI strings travel once per page (issue 17): one data block per group, written before the first
// island that reads it (src/components/strings.ts), never a `strings` prop repeated in every <astro-island>;
// and the widgets still speak the page's language once hydrated (they read the block, src/widgets/strings.ts).
import { test, expect } from './helpers/base';
import { builtPages } from './helpers/page-check';
import { takeControl } from './helpers/cluster';

/** The groups each island reads, by the file name of its component (the island's `component-url`). */
const GROUPS: Record<string, string[]> = {
  Cluster: ['widget.'],
  Terminal: ['terminal.'],
  Quiz: ['quiz.'],
  Exercise: ['exercise.', 'progress.', 'widget.'],
  ProgressPanel: ['progress.'],
  RealCluster: ['widget.', 'real.'],
};

test('every page writes each strings group at most once, before the islands that read it, and no island carries strings in its props', async ({ request }) => {
  const pages = builtPages();
  expect(pages.length).toBeGreaterThan(20);
  let islandsChecked = 0;
  for (const path of pages) {
    const html = await (await request.get(path)).text();
    const blocks = new Map<string, number>();
    for (const m of html.matchAll(/<script type="application\/json" data-ql-strings="([^"]+)">/g)) {
      expect(blocks.has(m[1]), `${path}: the "${m[1]}" strings are written twice`).toBe(false);
      blocks.set(m[1], m.index);
    }
    for (const m of html.matchAll(/<astro-island\b[^>]*>/g)) {
      const tag = m[0];
      const props = /\sprops="([^"]*)"/.exec(tag)?.[1] ?? '';
      expect(props, `${path}: an island's props carry strings`).not.toMatch(/&quot;strings&quot;/);
      const component = /component-url="[^"]*\/([A-Za-z]+)\.[^"/]*\.js"/.exec(tag)?.[1] ?? '';
      for (const g of GROUPS[component] ?? []) {
        const at = blocks.get(g);
        expect(at, `${path}: ${component} reads "${g}", which the page does not write before it`).toBeLessThan(m.index);
        islandsChecked++;
      }
    }
    if (html.includes('data-progress-map')) expect(blocks.has('progress.'), `${path}: the course map's progress strings`).toBe(true);
  }
  expect(islandsChecked).toBeGreaterThan(50);
});

for (const [path, crash, down, restart] of [
  ['/cours/03-quorum/', 'Arrêter', 'en panne', 'Redémarrer'],
  ['/en/cours/03-quorum/', 'Crash', 'down', 'Restart'],
] as const) {
  test(`a lesson widget, hydrated, shows its labels in the page's language (${path})`, async ({ page }) => {
    await page.goto(path);
    const id = 'c3-quorum';
    await page.locator(`.cluster[data-cluster-id="${id}"]`).scrollIntoViewIfNeeded();
    const w = page.locator(`.cluster[data-cluster-id="${id}"][data-hydrated="true"]`);
    await expect(w).toHaveCount(1, { timeout: 30_000 });
    await takeControl(page, id);
    // Labels the client writes after hydration (the crashed node's role, its new button), read from the page's block.
    await w.getByRole('button', { name: `${crash} n1` }).click();
    await expect(w.locator('[data-node-card="n1"] [data-testid="role"]')).toHaveText(down);
    await expect(w.getByRole('button', { name: `${restart} n1` })).toBeVisible();
  });
}
