// Every lesson in both locales, found on disk and read with the same MDX reader as the unit suite
// (tests/unit/content/lesson-source.ts): each page renders its title, its live clusters (by id, with their
// captions), its exercises, its quiz (every choice judged and explained) and its recap; then the quiz's own
// behaviour (feedback, keyboard, persistence, accessibility, no JavaScript) and the lessons' special blocks.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Page } from '@playwright/test';
import { expect, test, unbase } from './helpers/base';
import { axeViolations } from './helpers/axe';
import { checkOpenPage, scrollThrough, watchPage } from './helpers/page-check';
import { terms } from '../../src/lib/glossary';
import { quorumSize, toleratedFailures } from '../../src/raft/quorum';
import { exerciseIds, frontmatter, quizzes } from '../unit/content/lesson-source';
import { advance, waitFor, waitForLeader } from './helpers/cluster';

type Locale = 'fr' | 'en';
const here = dirname(fileURLToPath(import.meta.url));
const docs = resolve(here, '../../src/content/docs');
const dirOf = (locale: Locale) => resolve(docs, locale === 'fr' ? 'cours' : 'en/cours');
const slugs = readdirSync(dirOf('fr')).filter((f) => /^\d\d-.+\.mdx$/.test(f)).sort().map((f) => f.replace(/\.mdx$/, ''));
const source = (locale: Locale, slug: string) => readFileSync(resolve(dirOf(locale), `${slug}.mdx`), 'utf8');
const url = (locale: Locale, slug: string) => (locale === 'fr' ? `/cours/${slug}/` : `/en/cours/${slug}/`);
/** The lesson whose slug ends with `suffix` (numbers move when lessons are added; slugs stay). */
const lesson = (suffix: string) => slugs.find((s) => s.endsWith(suffix)) ?? `missing-lesson${suffix}`;
const clean = (s: string) => s.replace(/[\u00A0\u202F]/g, ' ').replace(/\s+/g, ' ').trim();

const words = {
  fr: { correct: 'Bonne réponse', incorrect: 'Mauvaise réponse', recap: 'À retenir' },
  en: { correct: 'Correct', incorrect: 'Incorrect', recap: 'Key takeaways' },
} as const;

/** Clusters embedded by the lesson source: id and caption. */
function clustersOf(src: string) {
  return [...src.matchAll(/<Cluster\b([\s\S]*?)\/>/g)].map((m) => ({
    id: /\bid="([^"]+)"/.exec(m[1])![1],
    caption: /\bcaption="([^"]+)"/.exec(m[1])?.[1] ?? '',
  }));
}

/** Scroll the quiz into view (it hydrates client:visible) and wait until it is interactive. */
async function interactiveQuiz(page: Page, id: string) {
  const quiz = page.locator(`[data-quiz-id="${id}"]`);
  await quiz.scrollIntoViewIfNeeded();
  await expect(quiz).toHaveAttribute('data-enhanced', 'true');
  return quiz;
}

test('the course has its lessons on disk', () => {
  expect(slugs.length).toBeGreaterThanOrEqual(9);
});

for (const slug of slugs) {
  for (const locale of ['fr', 'en'] as const) {
    const src = source(locale, slug);
    const fm = frontmatter(src);

    test(`${locale} ${slug}: title, live clusters with captions, exercises, quiz and recap; a clean, accessible page`, async ({ page }) => {
      test.setTimeout(120_000);
      const watched = watchPage(page);
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
      await expect(page.getByRole('heading', { level: 2, name: words[locale].recap })).toBeVisible();
      // Glossary links stay in the page's language and name a term the glossary has.
      const hrefs = await page.locator('main a[href*="glossaire/#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '')).then((hs) => hs.map(unbase));
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) {
        expect(href).toMatch(locale === 'fr' ? /^\/glossaire\/#[a-z-]+$/ : /^\/en\/glossaire\/#[a-z-]+$/);
        expect(terms.map((t) => t.id)).toContain(href.split('#')[1]);
      }

      // The quiz: every question shown; every choice judged in words, exactly one right, each explained in its own words.
      const [{ id, questions }] = quizzes(src);
      const quiz = await interactiveQuiz(page, id);
      const fieldsets = quiz.locator('fieldset');
      await expect(fieldsets).toHaveCount(questions.length);
      for (let i = 0; i < questions.length; i++) {
        const fs = fieldsets.nth(i);
        await expect(fs.locator('legend')).toContainText(clean(questions[i].q).slice(0, 20));
        const explanations = new Set<string>();
        for (let j = 0; j < questions[i].choices.length; j++) {
          await fs.getByRole('radio').nth(j).check();
          const right = j === questions[i].answer;
          await expect(fs.locator('.quiz-verdict'), `question ${i + 1}, choice ${j + 1}`).toContainText(right ? words[locale].correct : words[locale].incorrect);
          if (!right) await expect(fs.locator('.quiz-verdict')).not.toContainText(`${words[locale].correct}.`);
          const explanation = clean((await fs.locator('.quiz-explanation').textContent()) ?? '');
          expect(explanation.length, `question ${i + 1}, choice ${j + 1}: explained`).toBeGreaterThan(10);
          explanations.add(explanation);
        }
        expect(explanations.size, `question ${i + 1}: one explanation per choice`).toBe(questions[i].choices.length);
      }

      // What every page must be (helpers/page-check.ts), with every island awake and the quiz answered.
      await scrollThrough(page);
      expect(await checkOpenPage(page, locale, watched)).toEqual([]);
    });
  }
}

test('every glossary term the lessons may link to has its anchor on both glossary pages', async ({ page }) => {
  for (const path of ['/glossaire/', '/en/glossaire/']) {
    await page.goto(path);
    for (const { id } of terms) await expect(page.locator(`[id="${id}"]`), `${path}#${id}`).toHaveCount(1);
  }
});

test.describe('the quiz', () => {
  test('feedback in words and icon, announced, scored, retry clears', async ({ page }) => {
    await page.goto(url('fr', lesson('-quorum')));
    const quiz = await interactiveQuiz(page, lesson('-quorum'));
    const first = quiz.locator('fieldset').first();
    await expect(first.locator('legend')).toContainText('4');
    // "n/2 rounded up" = 2 for 4 members: the trap the lesson teaches
    await first.getByRole('radio', { name: '2', exact: true }).check();
    await expect(first.locator('.quiz-verdict')).toHaveText('Mauvaise réponse.');
    await expect(first.locator('.quiz-icon')).toHaveText('✗');
    await expect(quiz.getByRole('status')).toContainText('Question 1 : Mauvaise réponse.');
    await expect(quiz.locator('.quiz-score')).toContainText(/Bonnes réponses\s*:\s*0 sur/);
    await first.getByRole('radio', { name: String(quorumSize(4)), exact: true }).check();
    await expect(first.locator('.quiz-verdict')).toHaveText('Bonne réponse.');
    await expect(first.locator('.quiz-icon')).toHaveText('✓');
    await expect(quiz.locator('.quiz-score')).toContainText(/Bonnes réponses\s*:\s*1 sur/);
    await quiz.getByRole('button', { name: 'Recommencer' }).click();
    await expect(first.getByRole('radio', { checked: true })).toHaveCount(0);
    await expect(first.locator('.quiz-verdict')).toHaveCount(0);
    await expect(first.getByRole('radio').first()).toBeFocused();
    await expect(quiz.locator('.quiz-score')).toContainText(/Bonnes réponses\s*:\s*0 sur/);
  });

  test('keyboard alone answers a question', async ({ page }) => {
    await page.goto(url('en', slugs[0]));
    const quiz = await interactiveQuiz(page, slugs[0]);
    const first = quiz.locator('fieldset').first();
    await first.getByRole('radio').first().focus();
    await page.keyboard.press('Space');
    await expect(first.getByRole('radio').first()).toBeChecked();
    await expect(first.locator('.quiz-verdict')).toHaveText(/^(Correct|Incorrect)\.$/);
    await page.keyboard.press('ArrowDown');
    await expect(first.getByRole('radio').nth(1)).toBeChecked();
  });

  test('an answer survives a reload (progress store), and starting again forgets it', async ({ page }) => {
    const slug = lesson('-haute-disponibilite');
    await page.goto(url('en', slug));
    let quiz = await interactiveQuiz(page, slug);
    await quiz.locator('fieldset').nth(1).getByRole('radio').nth(1).check();
    const verdict = await quiz.locator('fieldset').nth(1).locator('.quiz-verdict').textContent();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('quorum-lab:progress') ?? '')).toContain(`"${slug}"`);
    await page.reload();
    quiz = await interactiveQuiz(page, slug);
    await expect(quiz.locator('fieldset').nth(1).getByRole('radio').nth(1)).toBeChecked();
    await expect(quiz.locator('fieldset').nth(1).locator('.quiz-verdict')).toHaveText(verdict ?? '');
    await quiz.getByRole('button', { name: 'Start again' }).click();
    await page.reload();
    quiz = await interactiveQuiz(page, slug);
    await expect(quiz.getByRole('radio', { checked: true })).toHaveCount(0);
  });

  test('no accessibility violations, light and dark, with right and wrong answers shown', async ({ page }) => {
    const slug = lesson('-raft');
    await page.goto(url('fr', slug));
    const quiz = await interactiveQuiz(page, slug);
    const [{ questions }] = quizzes(source('fr', slug));
    const wrong = questions[0].answer === 0 ? 1 : 0;
    await quiz.locator('fieldset').nth(0).getByRole('radio').nth(wrong).check();
    await quiz.locator('fieldset').nth(1).getByRole('radio').nth(questions[1].answer).check();
    // One page, both colour schemes: the scheme changes the CSS, not the document.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const found = await axeViolations(page, { include: `[data-quiz-id="${slug}"]`, all: true });
      expect(found.map((v) => `${colorScheme} ${v}`)).toEqual([]);
    }
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });
    test('the quiz is a readable list with answers in <details>', async ({ page }) => {
      const slug = lesson('-quorum');
      await page.goto(url('fr', slug));
      const quiz = page.locator(`[data-quiz-id="${slug}"]`);
      await expect(quiz).toHaveAttribute('data-enhanced', 'false');
      const details = quiz.locator('details');
      expect(await details.count()).toBeGreaterThanOrEqual(3);
      await expect(details.first().getByText(/Réponse\s*:/)).toBeHidden();
      await details.first().locator('summary').click();
      await expect(details.first().getByText(new RegExp(`Réponse\\s*:\\s*${quorumSize(4)}`))).toBeVisible();
    });
  });
});

for (const locale of ['fr', 'en'] as const) {
  test(`${locale} how many failures: the table shows the engine's quorum rule for 1 to 7 members`, async ({ page }) => {
    await page.goto(url(locale, lesson('-combien-de-pannes')));
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

  test(`${locale} conclusion: the one-page summary is there and prints on its own`, async ({ page }) => {
    await page.goto(url(locale, lesson('-conclusion')));
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

  test(`${locale} real cluster: the etcdctl terminal drives the cluster beside it, next to the real transcripts`, async ({ page }) => {
    await page.goto(url(locale, lesson('-aller-plus-loin')));
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

test('fr even number: growing the same cluster 3 → 4 → 5 shows the quorum and tolerance of the rule at each step', async ({ page }) => {
  const ID = 'c7-croissance';
  await page.goto(url('fr', lesson('-nombre-pair')));
  const widget = page.locator(`[data-cluster-id="${ID}"]`);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-hydrated', 'true');
  const size = widget.getByTestId('quorum-size');
  const tolerated = widget.getByTestId('quorum-tolerated');
  const voters = widget.getByTestId('quorum-voters');
  // Virtual time is the test's (widget hook): a leader first, so the cluster can take a membership change.
  await waitForLeader(page, ID);
  for (const n of [3, 4, 5]) {
    if (n > 3) {
      // etcd proposes a change only once the leader has committed an entry of its term and the previous change.
      await advance(page, ID, 3_000);
      await widget.getByTestId('add-voter').click();
      await waitFor(page, ID, (c, k) => c.quorum().voters.length === k && c.quorumState() === 'healthy', n);
    }
    await expect(voters).toHaveText(new RegExp(`^${n}\\b`));
    await expect(size, `quorum of ${n}`).toHaveText(new RegExp(`^${quorumSize(n)}\\b`));
    if (n > 3) {
      // once the new member is up and caught up, the panel says what the rule says
      await waitFor(page, ID, (c, k) => c.quorum().tolerated === k, toleratedFailures(n));
      await expect(tolerated, `tolerated by ${n}`).toHaveText(String(toleratedFailures(n)));
    }
  }
  expect(toleratedFailures(4)).toBe(toleratedFailures(3)); // the trap the lesson shows
});
