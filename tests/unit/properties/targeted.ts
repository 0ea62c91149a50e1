// Targeted schedules: random, but aimed at a known hard case. "Isolate the leader": run a random prefix,
// find who leads (the engine is deterministic, so this is part of building the scenario), cut that leader
// off with a minority, write through the majority, then read through the old leader. An engine that
// answered linearizable reads without confirming its leadership (ReadIndex) would return stale values here.
import fc from 'fast-check';
import { Simulation } from '../../../src/raft/index.ts';
import { toScenario } from './run.ts';
import { scenarioArb, type Json, type ScenarioJson } from './scenarios.ts';

export interface StaleLeaderParams {
  base: ScenarioJson;
  cutInTimeouts: number;
  companions: number;
  healInTimeouts: number;
  readOffsets: number[];
  writeVia: number;
}

export const staleLeaderArb: fc.Arbitrary<StaleLeaderParams> = fc.record({
  base: scenarioArb({ minVoters: 3, maxEvents: 8, saneTiming: true }),
  cutInTimeouts: fc.integer({ min: 3, max: 6 }),
  companions: fc.nat(7),
  healInTimeouts: fc.integer({ min: 3, max: 8 }),
  readOffsets: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 2, maxLength: 8 }),
  writeVia: fc.nat(7),
});

/** Builds the scenario, or undefined when no leader exists at the cut. */
export function staleLeaderScenario(p: StaleLeaderParams): ScenarioJson | undefined {
  const et = p.base.timing.electionTimeoutMs;
  const cut = p.cutInTimeouts * et;
  const prefixEvents = p.base.events
    .map((e): Json => ({ ...e, at: Math.floor(((e.at as number) / p.base.until) * (cut - et)) }))
    .filter((e) => !['addMember', 'removeMember', 'promote', 'transferLeader'].includes(e.action as string));
  // Everyone back and a whole network one timeout before the cut, so that a leader is likely.
  const settle: Json[] = [{ at: cut - et, action: 'heal' }, { at: cut - et, action: 'network', dropRate: 0, duplicateRate: 0 }];
  for (const m of p.base.members) settle.push({ at: cut - et, action: 'restart', node: m });
  const prefix: ScenarioJson = { ...p.base, network: { dropRate: 0, duplicateRate: 0 }, until: cut, events: [...prefixEvents, ...settle] };
  const sim = new Simulation(toScenario(prefix));
  sim.advanceTo(cut);
  const leader = sim.nodes().filter((n) => n.up && n.role === 'leader').sort((a, b) => b.term - a.term)[0];
  if (!leader) return undefined;
  const members = p.base.members;
  const others = members.filter((m) => m !== leader.id);
  const minoritySize = Math.floor((members.length - 1) / 2); // leader + these stay below a quorum
  const companions = others.filter((_, i) => (p.companions >> i) & 1).slice(0, minoritySize - 1 < 0 ? 0 : minoritySize - 1);
  const small = [leader.id, ...companions];
  const big = members.filter((m) => !small.includes(m));
  const heal = cut + p.healInTimeouts * et;
  const events: Json[] = [...prefix.events, { at: cut, action: 'partition', groups: [small, big] }];
  const via = big[p.writeVia % big.length];
  // Writes through the majority once it has had time to elect, each followed by reads through the old leader.
  let v = 0;
  for (const [i, off] of p.readOffsets.entries()) {
    const at = cut + 2 * et + Math.floor((off / 60) * (heal - cut - 2 * et));
    events.push({ at, action: 'put', key: 'k1', value: `stale${++v}`, node: via, client: `w${i}` });
    events.push({ at: at + Math.floor(et / 2), action: 'get', key: 'k1', node: leader.id, client: `r${i}` });
    events.push({ at: at + Math.floor(et / 2), action: 'get', key: 'k1', node: via, client: `q${i}` });
  }
  events.push({ at: heal, action: 'heal' });
  events.push({ at: heal + 2 * et, action: 'get', key: 'k1', node: leader.id, client: 'after' });
  return { ...prefix, until: heal + 4 * et, events };
}

// "Bounce a voter": run a random scenario, pick one vote granted in it, and crash that voter right after
// the vote, restarting it a few ms later, while other candidates of the same term may still be asking. A
// node that forgot its vote (votedFor not persisted) would vote twice in one term: two leaders.
export interface BounceParams {
  base: ScenarioJson;
  pick: number;
  delay: number;
  second: number;
}

export const bounceArb: fc.Arbitrary<BounceParams> = fc.record({
  base: scenarioArb({ maxVoters: 5, maxEvents: 6 }),
  pick: fc.nat(1000),
  delay: fc.integer({ min: 1, max: 60 }),
  second: fc.nat(1000),
});

export function bounceScenario(p: BounceParams): ScenarioJson | undefined {
  const sim = new Simulation(toScenario(p.base));
  const votes: { t: number; from: string }[] = [];
  sim.subscribe((e) => {
    const v = e as { type: string; t: number; from?: string; granted?: boolean; prevote?: boolean };
    if (v.type === 'vote' && v.granted && !v.prevote) votes.push({ t: v.t, from: v.from as string });
  });
  sim.advanceTo(p.base.until);
  if (votes.length === 0) return undefined;
  const events = [...p.base.events];
  // Two bounces at most: the picked vote, and another one.
  for (const k of [p.pick, p.second]) {
    const v = votes[k % votes.length];
    events.push({ at: v.t, action: 'crash', node: v.from }, { at: v.t + Math.max(1, Math.floor((p.delay * p.base.timing.latencyMs[1]) / 60)), action: 'restart', node: v.from });
  }
  return { ...p.base, events };
}
