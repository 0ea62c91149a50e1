import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenarios/schema';
import { fillScenario } from '../../../src/exercises/run';
import { EXERCISES, EXERCISE_IDS, EXERCISE_LESSON, TEXTS, frenchTypography, isExerciseId } from '../../../src/exercises/index';

describe('exercise catalog', () => {
  it('has the fourteen fixed ids, each with logic, texts and a lesson', () => {
    expect(EXERCISE_IDS).toHaveLength(14);
    for (const id of EXERCISE_IDS) {
      expect(EXERCISES[id].id).toBe(id);
      expect(TEXTS[id]).toBeDefined();
      expect(EXERCISE_LESSON[id]).toMatch(/^(0[1-9]|10)-[a-z-]+$/);
    }
    expect(Object.keys(EXERCISES).sort()).toEqual([...EXERCISE_IDS].sort());
    expect(Object.keys(TEXTS).sort()).toEqual([...EXERCISE_IDS].sort());
    expect(isExerciseId('lose-quorum')).toBe(true);
    expect(isExerciseId('nope')).toBe(false);
  });

  it.each(EXERCISE_IDS.map((id) => [id]))('%s: a one-sentence goal, 1 to 3 hints, one line per solution step', (id) => {
    const t = TEXTS[id];
    const ex = EXERCISES[id];
    expect(t.hints.length).toBeGreaterThanOrEqual(1);
    expect(t.hints.length).toBeLessThanOrEqual(3);
    expect(t.steps).toHaveLength(ex.solution.length);
    expect(ex.solution.length).toBeGreaterThan(0);
    for (const lang of ['fr', 'en'] as const) {
      // One sentence: a single final full stop, no sentence break inside.
      expect(t.goal[lang]).toMatch(/[.]$/);
      expect(t.goal[lang].slice(0, -1)).not.toMatch(/[.!?]\s+\p{Lu}/u);
      for (const s of [t.goal, t.success, ...t.hints, ...t.steps]) expect(s[lang].trim().length).toBeGreaterThan(5);
    }
    // Steps are in time order.
    const times = ex.solution.map((s) => s.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it.each(EXERCISE_IDS.map((id) => [id]))('%s: French typography (no plain space before ; : ! ? », no straight apostrophe), English apostrophes ’', (id) => {
    const t = TEXTS[id];
    for (const s of [t.goal, t.success, ...t.hints, ...t.steps, ...Object.values(t.mistakes), ...(t.parts ?? [])]) {
      expect(s.fr).not.toMatch(/ [;:!?»]/);
      expect(s.fr).not.toMatch(/« /);
      expect(s.fr).not.toContain("'");
      expect(s.en).not.toMatch(/[«»\u202f]/);
      expect(s.en, s.en).not.toContain("'");
    }
  });

  it.each(EXERCISE_IDS.map((id) => [id]))('%s: its scenario is valid and the widget runs the same one as the tests', (id) => {
    const sc = EXERCISES[id].scenario;
    if (typeof sc === 'string') throw new Error('inline scenarios only');
    const r = parseScenario(sc);
    expect(r.ok, r.ok ? '' : r.error).toBe(true);
    if (r.ok) expect(r.scenario).toMatchObject(fillScenario(sc));
  });

  it('typesets French', () => {
    expect(frenchTypography("Qu'est-ce ? « oui » : non ; si !")).toBe('Qu\u2019est-ce\u202f? «\u00a0oui\u00a0»\u00a0: non\u202f; si\u202f!');
  });
});
