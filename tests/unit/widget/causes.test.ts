// Issue 20 item 1: the event log names the real cause of every election (election timeout, pre-vote, transfer
// with TimeoutNow, CheckQuorum step-down), and its lines come in the order things happen, from the engine's
// own events.
import { describe, expect, it } from 'vitest';
import { Simulation, type Action, type Scenario, type SimEvent } from '../../../src/raft';
import { Narrator, type Line } from '../../../src/widgets/cluster/narrate';
import fr from '../../../src/i18n/fr.json';
import { scenario } from './helpers';

/** Run `s`, narrating every engine event; `acts` are applied at their instants (the first leader known). */
function narrate(s: Scenario, acts: ((sim: Simulation) => Action | null)[], until: number): { lines: Line[]; sim: Simulation } {
  const sim = new Simulation(s);
  const n = new Narrator(fr as Record<string, string>);
  n.sync(s.members.map((m) => [m, 'follower'] as [string, string]));
  const lines: Line[] = [];
  sim.subscribe((e: SimEvent) => {
    const l = n.feed(e as Parameters<Narrator['feed']>[0]);
    if (l) lines.push(l);
  });
  while (sim.quorum().leader === null) sim.step();
  sim.advanceTo(sim.now + 500);
  for (const a of acts) {
    const act = a(sim);
    if (act) sim.apply(act);
    sim.advanceTo(sim.now + 3000);
  }
  sim.advanceTo(until);
  return { lines, sim };
}
const inOrder = (lines: Line[]) => lines.every((l, i) => i === 0 || lines[i - 1].t <= l.t);

describe('the narration names the cause of each election', () => {
  it('election timeout (PreVote off): "no more heartbeats: it stands"', () => {
    const s = { ...scenario(), features: { preVote: false, checkQuorum: true } };
    const { lines } = narrate(s, [(sim) => ({ action: 'crash', node: sim.quorum().leader! })], 20_000);
    expect(lines.some((l) => /ne reçoit plus de battements de cœur\u00a0: il se présente au mandat/.test(l.text))).toBe(true);
    expect(inOrder(lines)).toBe(true);
  });

  it('pre-vote (PreVote on): the timeout asks for a pre-vote first, then the candidate stands after winning it', () => {
    const { lines } = narrate(scenario(), [(sim) => ({ action: 'crash', node: sim.quorum().leader! })], 20_000);
    const pre = lines.findIndex((l) => /il demande d’abord un pré-vote/.test(l.text));
    const cand = lines.findIndex((l) => /a gagné son pré-vote\u00a0: il se présente/.test(l.text));
    expect(pre).toBeGreaterThanOrEqual(0);
    expect(cand).toBeGreaterThan(pre);
    expect(inOrder(lines)).toBe(true);
  });

  it('transfer: TimeoutNow is told when sent, the target stands because of it, the old leader steps down after', () => {
    let from = '';
    let to = '';
    const { lines } = narrate(scenario(), [(sim) => {
      from = sim.quorum().leader!;
      to = sim.quorum().voters.find((v) => v !== from)!;
      return { action: 'transferLeader', node: to };
    }], 10_000);
    const sent = lines.findIndex((l) => l.text.includes(`${from} cède la direction à ${to}`) && l.text.includes('TimeoutNow'));
    const stands = lines.findIndex((l) => l.text.startsWith(`${to} reçoit TimeoutNow du leader`));
    const wins = lines.findIndex((l) => l.kind === 'leader' && l.text.startsWith(`${to} obtient une majorité`));
    expect(sent).toBeGreaterThanOrEqual(0);
    expect(stands).toBeGreaterThan(sent);
    expect(wins).toBeGreaterThan(stands);
    // Never "no more heartbeats" for the summoned node, and no "hands over" logged after the new leader won.
    expect(lines.some((l) => l.text.startsWith(`${to} ne reçoit plus de battements`))).toBe(false);
    expect(lines.slice(wins).some((l) => l.text.includes('cède la direction'))).toBe(false);
    expect(inOrder(lines)).toBe(true);
  });

  it('CheckQuorum: a leader cut off from the majority gives up, and says why', () => {
    const { lines } = narrate(scenario(), [(sim) => {
      const l = sim.quorum().leader!;
      return { action: 'partition', groups: [[l], sim.quorum().voters.filter((v) => v !== l)] };
    }], 20_000);
    expect(lines.some((l) => /ne joint plus une majorité\u00a0: il renonce à être leader \(CheckQuorum\)/.test(l.text))).toBe(true);
    expect(inOrder(lines)).toBe(true);
  });

  it('says why a vote is granted', () => {
    const s = { ...scenario(), features: { preVote: false, checkQuorum: true } };
    const { lines } = narrate(s, [], 5000);
    expect(lines.some((l) => /vote pour n\d au mandat \d+\u00a0: son journal est au moins aussi à jour/.test(l.text))).toBe(true);
  });
});
