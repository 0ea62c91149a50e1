// Exercises and saved progress, as a learner meets them in the built site.
import { readFileSync } from 'node:fs';
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './helpers/base';
import { EXERCISE_IDS, EXERCISE_LESSON } from '../../src/exercises/types';
import { advance, waitForLastOp, waitForLeader } from './helpers/cluster';
import { PROGRESS_KEY, seedProgress as seed } from './helpers/progress';

const TOTAL = EXERCISE_IDS.length;
const inLesson = (slug: string) => EXERCISE_IDS.filter((id) => EXERCISE_LESSON[id] === slug).length;

const KEY = PROGRESS_KEY;

/** Collect uncaught page errors and console errors, to assert a working page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}


/** The exercise block, scrolled into view, with its cluster and its island hydrated and running fast. */
async function openExercise(page: Page, id: string): Promise<{ ex: Locator; cluster: Locator }> {
  const ex = page.locator(`[data-exercise-id="${id}"]`);
  await ex.scrollIntoViewIfNeeded();
  const cluster = ex.locator(`[data-cluster-id="ex-${id}"]`);
  await expect(cluster).toHaveAttribute('data-hydrated', 'true');
  await expect(ex.locator('.ex-live')).toHaveAttribute('data-hydrated', 'true');
  await cluster.getByTestId('speed').selectOption('10');
  return { ex, cluster };
}

test('solve two exercises by hand, reload, and they are still done', async ({ page }) => {
  const errors = watchErrors(page);

  // Lesson 02: crash one node, then write.
  await page.goto('/cours/02-haute-disponibilite/');
  let { ex, cluster } = await openExercise(page, 'ha-one-crash');
  await expect(ex.getByTestId('exercise-status')).toContainText('Pas encore réussi');
  await waitForLeader(page, 'ex-ha-one-crash');
  const follower = cluster.locator('li[data-node-card][data-role="follower"]').first();
  await follower.getByRole('button', { name: /^Arrêter/ }).click();
  await cluster.getByRole('button', { name: 'Envoyer' }).click();
  expect(await waitForLastOp(page, 'ex-ha-one-crash')).toBe('ok');
  await expect(ex.getByTestId('exercise-status')).toContainText('Réussi');
  await expect(ex.getByTestId('exercise-success')).toContainText('majorité');

  // Lesson 04: provoke an election by crashing the leader.
  await page.goto('/cours/04-raft/');
  ({ ex, cluster } = await openExercise(page, 'provoke-election'));
  const first = await waitForLeader(page, 'ex-provoke-election');
  await cluster.locator(`li[data-node-card="${first}"]`).getByRole('button', { name: /^Arrêter/ }).click();
  await waitForLeader(page, 'ex-provoke-election', { not: first });
  await expect(ex.getByTestId('exercise-status')).toContainText('Réussi');

  // Reload both: still done, with the date.
  await page.reload();
  ex = page.locator('[data-exercise-id="provoke-election"]');
  await ex.scrollIntoViewIfNeeded();
  await expect(ex.locator('.ex-live')).toHaveAttribute('data-state', 'done-before');
  await expect(ex.getByTestId('exercise-status')).toContainText('Déjà réussi');
  await page.goto('/cours/02-haute-disponibilite/');
  ex = page.locator('[data-exercise-id="ha-one-crash"]');
  await ex.scrollIntoViewIfNeeded();
  await expect(ex.locator('.ex-live')).toHaveAttribute('data-state', 'done-before');

  // The progress page counts them.
  await page.goto('/progression/');
  await expect(page.getByTestId('progress-summary')).toContainText(`2 sur ${TOTAL}`);
  await expect(page.locator('[data-exercise="ha-one-crash"]')).toHaveAttribute('data-done', 'true');
  await expect(page.locator('[data-exercise="lose-quorum"]')).toHaveAttribute('data-done', 'false');
  expect(errors).toEqual([]);
});

test('a corrupted store is reset with a notice, and the page still works', async ({ page }) => {
  const errors = watchErrors(page);
  await seed(page, '{"version":1,"exercises":{"ha-one-crash":');
  await page.goto('/cours/02-haute-disponibilite/');
  const { ex } = await openExercise(page, 'ha-one-crash');
  await expect(ex.getByTestId('progress-notice')).toContainText('illisible');
  await expect(ex.getByTestId('exercise-status')).toContainText('Pas encore réussi');
  // Hints still come one by one.
  await ex.getByTestId('exercise-hint').click();
  await expect(ex.locator('[data-hint="1"]')).toBeVisible();
  await expect(ex.getByTestId('exercise-hint')).toContainText('2 sur 3');
  // The store was rewritten clean: the next page has no notice.
  const stored = await page.evaluate((k) => localStorage.getItem(k), KEY);
  expect(JSON.parse(stored!)).toEqual({ version: 1, exercises: {}, quiz: {} });
  await page.goto('/progression/');
  await expect(page.getByTestId('progress-summary')).toContainText(`0 sur ${TOTAL}`);
  await expect(page.getByTestId('progress-notice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('an old-format store is reset with its own notice on the progress page', async ({ page }) => {
  await seed(page, JSON.stringify({ done: ['lose-quorum'] }));
  await page.goto('/en/progression/');
  await expect(page.getByTestId('progress-notice')).toContainText('old format');
  await expect(page.getByTestId('progress-summary')).toContainText(`0 of ${TOTAL}`);
});

test('export, erase, then import the progress file', async ({ page }) => {
  await seed(
    page,
    JSON.stringify({ version: 1, exercises: { 'lose-quorum': { doneAt: '2026-01-02T10:00:00.000Z' } }, quiz: { '03-quorum': { q1: { choice: 1, correct: true } } } }),
  );
  await page.goto('/progression/');
  const summary = page.getByTestId('progress-summary');
  await expect(summary).toContainText(`1 sur ${TOTAL}`);
  await expect(page.locator('[data-exercise="lose-quorum"]')).toContainText('2 janvier 2026');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('progress-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^quorum-lab-progression-\d{4}-\d{2}-\d{2}\.json$/);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(JSON.parse(text).exercises['lose-quorum'].doneAt).toBe('2026-01-02T10:00:00.000Z');

  // Erase asks first; cancelling keeps everything.
  await page.getByTestId('progress-reset').click();
  await expect(page.getByTestId('progress-reset-no')).toBeFocused();
  await page.getByTestId('progress-reset-no').click();
  await expect(summary).toContainText(`1 sur ${TOTAL}`);
  await page.getByTestId('progress-reset').click();
  await page.getByTestId('progress-reset-yes').click();
  await expect(summary).toContainText(`0 sur ${TOTAL}`);
  await expect(page.getByTestId('progress-message')).toContainText('effacée');

  // A bad file is refused with a clear message and changes nothing.
  const input = page.getByTestId('progress-import');
  await input.setInputFiles({ name: 'photo.json', mimeType: 'application/json', buffer: Buffer.from('not json at all') });
  await expect(page.getByTestId('progress-error')).toContainText('pas du JSON');
  await input.setInputFiles({ name: 'autre.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"exercises":{"x":{}},"quiz":{}}') });
  await expect(page.getByTestId('progress-error')).toContainText('exercises.x.doneAt');
  await expect(summary).toContainText(`0 sur ${TOTAL}`);

  // The exported file brings it all back.
  await input.setInputFiles({ name: 'progression.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('progress-message')).toContainText('importée');
  await expect(summary).toContainText(`1 sur ${TOTAL}`);
  // One right answer, out of every question of the course (not out of the questions answered).
  await expect(page.getByText(/^Réponses justes aux quiz\u00a0: 1 sur (\d{2,})\.$/)).toBeVisible();
});

test('the solution replays step by step and does not count as done', async ({ page }) => {
  await page.goto('/cours/03-quorum/');
  const { ex } = await openExercise(page, 'lose-quorum');
  await ex.getByTestId('exercise-solution').click();
  await expect(ex.getByTestId('exercise-status')).toContainText('étape 1 sur 3');
  await expect(ex.getByTestId('exercise-next')).toBeFocused();
  await ex.getByTestId('exercise-next').click();
  await ex.getByTestId('exercise-next').click();
  expect(await waitForLastOp(page, 'ex-lose-quorum')).not.toBe('ok');
  await expect(ex.getByTestId('exercise-status')).toContainText('La solution atteint l’objectif');
  const stored = await page.evaluate((k) => localStorage.getItem(k), KEY);
  expect(stored === null || !JSON.parse(stored).exercises['lose-quorum']).toBe(true);
  await ex.getByTestId('exercise-restart').click();
  await expect(ex.getByTestId('exercise-status')).toContainText('Pas encore réussi');
});

test('with storage blocked, progress lives in memory and says so', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await page.goto('/progression/');
  await expect(page.getByTestId('progress-notice')).toContainText('n’autorise pas l’enregistrement');
  await expect(page.getByTestId('progress-summary')).toContainText(`0 sur ${TOTAL}`);
  // Importing still works for this visit.
  await page.getByTestId('progress-import').setInputFiles({
    name: 'p.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ version: 1, exercises: { 'ha-one-crash': { doneAt: '2026-01-02T10:00:00.000Z' } }, quiz: {} })),
  });
  await expect(page.getByTestId('progress-summary')).toContainText(`1 sur ${TOTAL}`);
  // (No assertion on console errors here: Starlight's own theme script throws when storage is blocked.)
});

test('the course map shows progress per lesson', async ({ page }) => {
  await seed(page, JSON.stringify({ version: 1, exercises: { 'provoke-election': { doneAt: '2026-01-02T10:00:00.000Z' }, 'ha-one-crash': { doneAt: '2026-01-02T10:00:00.000Z' } }, quiz: {} }));
  await page.goto('/');
  await expect(page.locator('[data-lesson-progress="04-raft"]')).toContainText(`1/${inLesson('04-raft')} exercices`);
  await expect(page.locator('[data-lesson-progress="04-raft"]')).toContainText(`1 exercice réussi sur ${inLesson('04-raft')}`);
  await expect(page.locator('[data-lesson-progress="02-haute-disponibilite"]')).toContainText('1/1 exercice');
  await expect(page.locator('[data-lesson-progress="07-nombre-pair"]')).toContainText('0/3 exercices');
  await expect(page.locator('[data-lesson-progress="01-etcd"]')).toHaveText('');
  await page.goto('/en/');
  await expect(page.locator('[data-lesson-progress="04-raft"]')).toContainText(`1/${inLesson('04-raft')} exercises`);
});

test('a targeted mistake message, with « Recommencer », and no transfer button where it is not needed (grow-three-to-five)', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/cours/09-conclusion/');
  const { ex, cluster } = await openExercise(page, 'grow-three-to-five');
  const cid = 'ex-grow-three-to-five';
  await waitForLeader(page, cid);
  // A leader refuses a membership change until the first entry of its term is applied (etcd's rule): at the very
  // instant it is elected, adding a learner is refused ("another membership change is in progress").
  await advance(page, cid, 300);
  // Item 7: the leadership transfer is not offered here.
  await expect(cluster.getByRole('button', { name: /Lui céder la direction/ })).toHaveCount(0);
  // Item 4: a new learner shows its catch-up state in the block, behind first, then up to date.
  await cluster.getByTestId('add-learner').click();
  await expect(ex.getByTestId('exercise-catchup')).toContainText('n4 (learner) : en retard de');
  await advance(page, cid, 1000);
  await expect(ex.getByTestId('exercise-catchup')).toContainText('n4 (learner) : à jour');
  await expect(ex.getByTestId('exercise-parts-count')).toContainText('0/2 fait');
  // Item 2: adding a voter directly is the very mistake the exercise targets.
  await cluster.getByTestId('add-voter').click();
  await advance(page, cid, 500);
  const coach = ex.getByTestId('exercise-coach');
  await expect(coach).toHaveAttribute('data-coach', 'voter-directly');
  await expect(coach).toContainText('learner');
  await expect(ex.getByTestId('exercise-status')).toContainText('ce qui a coincé');
  await coach.getByRole('button', { name: 'Recommencer' }).click();
  await expect(coach).toHaveCount(0);
  await expect(ex.getByTestId('exercise-catchup')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a dead end is flagged with the way out (provoke-election: a follower, then the leader), then the run is shown', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/en/cours/04-raft/');
  const { ex, cluster } = await openExercise(page, 'provoke-election');
  const cid = 'ex-provoke-election';
  const first = await waitForLeader(page, cid);
  const follower = cluster.locator('li[data-node-card][data-role="follower"]').first();
  await follower.getByRole('button', { name: /^Crash/ }).click();
  await advance(page, cid, 500);
  await expect(ex.getByTestId('exercise-coach')).toHaveAttribute('data-coach', 'follower');
  await cluster.locator(`li[data-node-card="${first}"]`).getByRole('button', { name: /^Crash/ }).click();
  await advance(page, cid, 5000);
  const coach = ex.getByTestId('exercise-coach');
  await expect(coach).toHaveAttribute('data-kind', 'dead-end');
  await expect(coach).toContainText('Restart a crashed node');
  await expect(ex.getByTestId('exercise-status')).toContainText('Dead end');
  // The way out: restart one node; a leader is elected in a higher term and the goal is reached.
  await cluster.locator('li[data-node-card]').getByRole('button', { name: /^Restart/ }).first().click();
  await waitForLeader(page, cid);
  await expect(coach).toHaveCount(0);
  await expect(ex.getByTestId('exercise-status')).toContainText('Solved');
  // Beyond: the learner's own run, with the crashes and the election marked.
  const run = ex.getByTestId('exercise-run');
  await expect(run.locator('li[data-kind="crash"]')).toHaveCount(2);
  await expect(run.locator('li[data-kind="election"]')).toContainText('elected leader');
  expect(errors).toEqual([]);
});
