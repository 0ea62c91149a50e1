// Lessons 05–09 in both locales: each renders its title, its live clusters (by id, with their captions),
// its exercises, its quiz and its recap; the lesson 06 table shows the engine's quorum rule for 1 to 7;
// the lesson 09 summary prints on its own.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { quorumSize, toleratedFailures } from '../../src/raft/quorum';
import { exerciseIds, frontmatter, quizzes } from '../unit/content/lesson-source';

const here = dirname(fileURLToPath(import.meta.url));
const slugs = ['05-trois-noeuds', '06-combien-de-pannes', '07-nombre-pair', '09-conclusion', '10-aller-plus-loin'] as const;
type Locale = 'fr' | 'en';
const url = (locale: Locale, slug: string) => (locale === 'fr' ? `/cours/${slug}/` : `/en/cours/${slug}/`);
const source = (locale: Locale, slug: string) =>
  readFileSync(resolve(here, '../../src/content/docs', locale === 'fr' ? 'cours' : 'en/cours', `${slug}.mdx`), 'utf8');
const clean = (s: string) => s.replace(/[\u00A0\u202F]/g, ' ').replace(/\s+/g, ' ').trim();
const verdict = { fr: { correct: 'Bonne réponse', incorrect: 'Mauvaise réponse' }, en: { correct: 'Correct', incorrect: 'Incorrect' } };

/** Clusters embedded by the lesson source: id and caption. */
function clustersOf(src: string) {
  return [...src.matchAll(/<Cluster\b([\s\S]*?)\/>/g)].map((m) => ({
    id: /\bid="([^"]+)"/.exec(m[1])![1],
    caption: /\bcaption="([^"]+)"/.exec(m[1])?.[1] ?? '',
  }));
}

async function interactiveQuiz(page: Page, id: string) {
  const quiz = page.locator(`[data-quiz-id="${id}"]`);
  await quiz.scrollIntoViewIfNeeded();
  await expect(quiz).toHaveAttribute('data-enhanced', 'true');
  return quiz;
}

for (const slug of slugs) {
  for (const locale of ['fr', 'en'] as const) {
    const src = source(locale, slug);
    const fm = frontmatter(src);

    test(`${locale} ${slug}: title, live clusters with captions, exercises, quiz and recap`, async ({ page }) => {
      await page.goto(url(locale, slug));
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.locator('h1')).toHaveText(String(fm.title).replace(/'/g, '’'));
      const clusters = clustersOf(src);
      expect(clusters.length).toBeGreaterThan(0);
      for (const c of clusters) {
        const widget = page.locator(`[data-cluster-id="${c.id}"]`);
        await expect(widget, `cluster ${c.id}`).toHaveCount(1);
        await expect(widget.locator('figcaption')).toHaveText(c.caption);
      }
      for (const id of exerciseIds(src)) await expect(page.locator(`[data-exercise-id="${id}"]`), id).toHaveCount(1);
      await expect(page.getByRole('heading', { level: 2, name: locale === 'fr' ? 'À retenir' : 'Key takeaways' })).toBeVisible();
      // Glossary links stay in the page's language.
      for (const href of await page.locator('main a[href*="glossaire/#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
        expect(href).toMatch(locale === 'fr' ? /^\/glossaire\/#[a-z-]+$/ : /^\/en\/glossaire\/#[a-z-]+$/);
      }

      // The quiz: every question shown; a wrong choice is called wrong, the right one right, each explained.
      const [{ id, questions }] = quizzes(src);
      const quiz = await interactiveQuiz(page, id);
      const fieldsets = quiz.locator('fieldset');
      await expect(fieldsets).toHaveCount(questions.length);
      for (let i = 0; i < questions.length; i++) {
        const fs = fieldsets.nth(i);
        await expect(fs.locator('legend')).toContainText(clean(questions[i].q).slice(0, 20));
        const wrong = questions[i].answer === 0 ? 1 : 0;
        await fs.getByRole('radio').nth(wrong).check();
        await expect(fs.locator('.quiz-verdict')).toContainText(verdict[locale].incorrect);
        await fs.getByRole('radio').nth(questions[i].answer).check();
        await expect(fs.locator('.quiz-verdict')).toContainText(verdict[locale].correct);
        await expect(fs.locator('.quiz-explanation')).not.toBeEmpty();
      }
    });
  }
}

for (const locale of ['fr', 'en'] as const) {
  test(`${locale} 06: the table shows the engine's quorum rule for 1 to 7 members`, async ({ page }) => {
    await page.goto(url(locale, '06-combien-de-pannes'));
    const table = page.locator('table[data-quorum-table]');
    await expect(table.locator('caption')).toBeVisible();
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(7);
    for (let n = 1; n <= 7; n++) {
      const cells = rows.nth(n - 1).locator('th, td');
      await expect(cells.nth(0)).toHaveText(String(n));
      await expect(cells.nth(1), `quorum of ${n}`).toHaveText(String(quorumSize(n)));
      await expect(cells.nth(2), `failures tolerated by ${n}`).toHaveText(String(toleratedFailures(n)));
      // even sizes are flagged in words
      if (n > 1 && n % 2 === 0) await expect(cells.nth(3)).toContainText(locale === 'fr' ? 'Pair' : 'Even');
    }
    // the real etcd measurements agree with the rule on every measured size
    const agree = page.locator('table[data-etcd-observed] tbody tr td:last-child');
    await expect(agree).toHaveCount(6);
    for (const t of await agree.allTextContents()) expect(t).toBe(locale === 'fr' ? 'oui' : 'yes');
  });

  test(`${locale} 08: the one-page summary is there and prints on its own`, async ({ page }) => {
    await page.goto(url(locale, '09-conclusion'));
    const summary = page.locator('#resume');
    await expect(summary.getByRole('heading', { level: 3 })).toBeVisible();
    await expect(summary.locator('table[data-quorum-table] tbody tr')).toHaveCount(7);
    const button = summary.getByRole('button', { name: locale === 'fr' ? 'Imprimer la fiche' : 'Print the summary' });
    await button.focus();
    await expect(button).toBeFocused();
    await page.evaluate(() => { document.documentElement.dataset.print = 'resume'; });
    await page.emulateMedia({ media: 'print' });
    await expect(summary).toBeVisible();
    await expect(page.locator('h1')).toBeHidden();
    await expect(button).toBeHidden();
  });
}

for (const locale of ['fr', 'en'] as const) {
  test(`${locale} 09: the etcdctl terminal drives the cluster beside it, next to the real transcripts`, async ({ page }) => {
    await page.goto(url(locale, '10-aller-plus-loin'));
    // verbatim transcripts are shown as code
    await expect(page.locator('pre', { hasText: 'etcdserver: no leader' }).first()).toBeVisible();
    await expect(page.locator('[data-cluster-id="c9-etcd"]')).toHaveCount(1);
    const terminal = page.getByRole('region', { name: locale === 'fr' ? 'Terminal etcdctl' : 'etcdctl terminal' });
    await terminal.scrollIntoViewIfNeeded();
    await expect(terminal).toHaveAttribute('data-ready', 'true');
    const input = terminal.getByRole('textbox', { name: locale === 'fr' ? 'Commande etcdctl' : 'etcdctl command' });
    await input.fill('etcdctl put foo bar');
    await input.press('Enter');
    await expect(terminal.locator('.scrollback')).toContainText('OK');
    await input.fill('etcdctl get foo');
    await input.press('Enter');
    await expect(terminal.locator('.scrollback')).toContainText(/foo\s+bar/);
  });
}

test('fr 07: growing the same cluster 3 → 4 → 5 shows the quorum and tolerance of the rule at each step', async ({ page }) => {
  await page.goto(url('fr', '07-nombre-pair'));
  const widget = page.locator('[data-cluster-id="c7-croissance"]');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-hydrated', 'true');
  const size = widget.getByTestId('quorum-size');
  const tolerated = widget.getByTestId('quorum-tolerated');
  const voters = widget.getByTestId('quorum-voters');
  // wait for the first leader, so the cluster can take a membership change
  await expect(widget.getByTestId('quorum-reachable')).toContainText('3', { timeout: 20_000 });
  for (const n of [3, 4, 5]) {
    // A membership change right after an election may be refused (as etcd's strict reconfig check does): retry.
    await expect(async () => {
      const current = Number.parseInt((await voters.textContent()) ?? '0', 10);
      if (current < n) await widget.getByTestId('add-voter').click();
      await expect(voters).toHaveText(new RegExp(`^${n}\\b`), { timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
    await expect(size, `quorum of ${n}`).toHaveText(new RegExp(`^${quorumSize(n)}\\b`));
    if (n > 3) await expect(tolerated, `tolerated by ${n} once the new member is up`).toHaveText(String(toleratedFailures(n)), { timeout: 30_000 });
  }
  expect(toleratedFailures(4)).toBe(toleratedFailures(3)); // the trap the lesson shows
});
