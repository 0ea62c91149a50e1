// Server renders (what the page shows before hydration, and what the build runs: no window at import).
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { Component } from 'svelte';
import ExerciseRaw from '../../../src/widgets/exercise/Exercise.svelte';
import PanelRaw from '../../../src/widgets/exercise/ProgressPanel.svelte';
// Server rendering resolves the islands' strings through the build's resolver (src/widgets/strings.ts).
import '../../../src/components/strings';
import { TEXTS } from '../../../src/exercises/index';

const Exercise = ExerciseRaw as unknown as Component<Record<string, unknown>>;
const Panel = PanelRaw as unknown as Component<Record<string, unknown>>;

describe('exercise block (server render)', () => {
  it('states the goal is not reached yet and keeps its buttons disabled until hydration', () => {
    const t = TEXTS['lose-quorum'];
    const { body } = render(Exercise, {
      props: { id: 'lose-quorum', clusterId: 'ex-lose-quorum', hints: t.hints.map((h) => h.fr), steps: t.steps.map((s) => s.fr), success: t.success.fr, lang: 'fr' },
    });
    expect(body).toContain('Pas encore réussi');
    expect(body).toMatch(/<button[^>]*disabled[^>]*data-testid="exercise-hint"/);
    expect(body).toContain('Afficher un indice (1 sur 3)');
    expect(body).not.toContain(t.success.fr); // the explanation waits for success
    expect(body).not.toContain(t.hints[0].fr); // hints wait to be asked for
  });

  it('says so for an unknown id, without crashing', () => {
    const { body } = render(Exercise, { props: { id: 'nope', clusterId: 'ex-nope', hints: [], steps: [], success: '' } });
    expect(body).toContain('Exercice introuvable');
  });
});

describe('progress panel (server render)', () => {
  it('lists each lesson with its exercises as to do, and disables the tools until hydration', () => {
    const lessons = [{ slug: '03-quorum', title: 'Le quorum', href: '/cours/03-quorum/', exercises: [{ id: 'lose-quorum', goal: 'Perdre le quorum.', href: '/cours/03-quorum/#x' }] }];
    const { body } = render(Panel, { props: { lessons, lang: 'fr' } });
    expect(body).toContain('Exercices réussis\u00a0: 0 sur 1.');
    expect(body).toContain('data-exercise="lose-quorum" data-done="false"');
    expect(body).toMatch(/<button[^>]*disabled[^>]*data-testid="progress-export"/);
  });
});
