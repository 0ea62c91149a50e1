// The build-time charts (src/components/charts): each renders as a static SVG with a title and a description,
// its numbers in a table for screen readers, no script of its own, and no serious axe violation in either
// theme; in both languages. Also: the Raft sheet, and the old URLs of the renumbered lessons.
import { axeViolations } from './helpers/axe';
import { type Page } from '@playwright/test';
import { at, expect, test } from './helpers/base';
import { quorumSize, toleratedFailures } from '../../src/raft/quorum';

const pages = {
  fr: { l05: '/cours/05-trois-noeuds/', l07: '/cours/07-nombre-pair/', sheet: '/fiche-raft/', etcd: 'etcd 3.4.23 réel', median3: /1\s233 ms/ },
  en: { l05: '/en/cours/05-trois-noeuds/', l07: '/en/cours/07-nombre-pair/', sheet: '/en/fiche-raft/', etcd: 'Real etcd 3.4.23', median3: /1,233 ms/ },
} as const;

async function chart(page: Page, name: string) {
  const fig = page.locator(`figure[data-chart="${name}"]`);
  await expect(fig).toHaveCount(1);
  const svg = fig.locator('svg[role="img"]');
  await expect(svg).toBeVisible();
  // The accessible name and description come from the SVG's <title> and <desc>.
  await expect(svg).toHaveAccessibleName(/\S/);
  await expect(svg).toHaveAccessibleDescription(/\d/);
  await expect(fig.locator('script')).toHaveCount(0);
  return fig;
}

async function noAxeViolation(page: Page) {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    const found = await axeViolations(page, { include: 'figure[data-chart]' });
    expect(found.map((v) => `${theme}: ${v}`)).toEqual([]);
  }
}

for (const locale of ['fr', 'en'] as const) {
  const p = pages[locale];

  test(`${locale}: lesson 05 shows failover times and what clients saw, etcd beside the engine, with their tables`, async ({ page }) => {
    test.setTimeout(180_000); // two axe passes on a long page, on a loaded machine
    await page.goto(p.l05);
    const times = await chart(page, 'failover-times');
    const rows = times.locator('table[data-chart-table] tbody tr');
    await expect(rows).toHaveCount(4);
    const etcd3 = times.locator('table tbody tr[data-members="3"][data-source="etcd"]');
    await expect(etcd3).toContainText(p.etcd);
    await expect(etcd3.locator('td[data-n]')).toHaveText('20');
    await expect(etcd3.locator('td[data-median]')).toHaveText(p.median3);
    // One mark per run: 20 + 20 reference runs, and the engine's.
    const engineRuns = Number(await times.locator('tr[data-source="engine"] td[data-n]').first().textContent());
    await expect(times.locator('svg .mark')).toHaveCount(40 + 2 * engineRuns);

    const clients = await chart(page, 'failover-clients');
    await expect(clients.locator('table[data-chart-table] tbody tr')).toHaveCount(6);
    await expect(clients.locator('tr[data-kind="survivor"][data-source="etcd"] td[data-runs]')).toHaveText('10');
    for (const source of ['etcd', 'engine']) {
      // No acknowledged write lost, on etcd or on the engine.
      for (const cell of await clients.locator(`tr[data-source="${source}"] td[data-lost]`).all()) await expect(cell).toHaveText('0');
    }
    await expect(clients).toContainText('context deadline exceeded');
    await noAxeViolation(page);
  });

  test(`${locale}: lesson 07 shows the quorum staircase for 1 to 9 members`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(p.l07);
    const fig = await chart(page, 'quorum-staircase');
    const rows = fig.locator('table[data-chart-table] tbody tr');
    await expect(rows).toHaveCount(9);
    for (let n = 1; n <= 9; n++) {
      const row = fig.locator(`table tbody tr[data-members="${n}"]`);
      await expect(row.locator('td[data-quorum]')).toHaveText(String(quorumSize(n)));
      await expect(row.locator('td[data-tolerated]')).toHaveText(String(toleratedFailures(n)));
    }
    await noAxeViolation(page);
  });

  test(`${locale}: the Raft sheet is one page away from lessons 04 and 09, with every role`, async ({ page }) => {
    for (const lesson of ['04-raft', '09-conclusion']) {
      await page.goto(`${locale === 'en' ? '/en' : ''}/cours/${lesson}/`);
      await page.locator(`main a[href="${at(p.sheet)}"]`).first().click();
      await expect(page).toHaveURL(new RegExp(`${p.sheet}$`));
    }
    await expect(page.locator('main h2')).toContainText(['Follower', locale === 'fr' ? 'Candidat' : 'Candidate', 'Leader']);
    await expect(page.locator('main table tbody tr').filter({ hasText: 'MsgHeartbeat' })).toHaveCount(1);
  });
}

test('old lesson and slide URLs lead to the renumbered lessons', async ({ page }) => {
  for (const [from, to] of [
    ['/cours/08-conclusion/', '/cours/09-conclusion/'],
    ['/en/cours/09-aller-plus-loin/', '/en/cours/10-aller-plus-loin/'],
    ['/slides/08-conclusion/', '/slides/09-conclusion/'],
    ['/en/slides/09-aller-plus-loin/', '/en/slides/10-aller-plus-loin/'],
  ]) {
    await page.goto(from);
    await page.waitForURL(`**${to}`);
    expect(new URL(page.url()).pathname).toBe(at(to));
  }
});
