// fast-check generators of contract scenarios (plain JSON, as a scenario file would hold), shared
// by the property tests and scripts/fuzz.ts. Not a test file itself.
import fc from 'fast-check';

export type Json = Record<string, unknown>;
export interface ScenarioJson {
  seed: number;
  members: string[];
  learners?: string[];
  timing: { heartbeatMs: number; electionTimeoutMs: number; latencyMs: [number, number]; requestTimeoutMs: number };
  features: { preVote: boolean; checkQuorum: boolean };
  network: { dropRate: number; duplicateRate: number };
  until: number;
  events: Json[];
  snapshotEntries?: number;
}

export interface GenOptions {
  /** Include addMember / removeMember / promote / transferLeader events. */
  membership?: boolean;
  minVoters?: number;
  maxVoters?: number;
  maxEvents?: number;
  /** Only timings where a message takes at most 2 % of the election timeout (see saneTimingArb). */
  saneTiming?: boolean;
  /** Force PreVote on or off (default: random). */
  preVote?: boolean;
}

/** CI uses a fixed seed per property (reproducible runs); FC_SEED=<n> or FC_SEED=random explores others. */
export const fcSeed = (fallback: number): number =>
  process.env.FC_SEED === 'random' ? Date.now() % 2 ** 31 : process.env.FC_SEED ? Number(process.env.FC_SEED) + fallback : fallback;

const KEYS = ['k1', 'k2', 'k3'];
const CLIENTS = ['c1', 'c2', 'c3', 'c4', 'c5'];

/** Timing presets: etcd's defaults, a fast cluster, and an adversarial network (latency close to the election timeout). */
const timingArb = fc.oneof(
  fc.record({ heartbeatMs: fc.constant(100), electionTimeoutMs: fc.constant(1000), latencyMs: fc.constantFrom<[number, number]>([1, 10], [2, 20], [5, 50]) }),
  fc.record({ heartbeatMs: fc.constant(20), electionTimeoutMs: fc.constant(200), latencyMs: fc.constantFrom<[number, number]>([1, 5], [1, 15]) }),
  fc.record({ heartbeatMs: fc.constant(50), electionTimeoutMs: fc.constant(300), latencyMs: fc.constantFrom<[number, number]>([5, 80], [20, 250]) }),
);

/** Timings for liveness: a message takes at most 2 % of the election timeout (etcd's defaults on a LAN:
 *  1000 ms against a few ms). Raft promises progress only when broadcast time ≪ election timeout; with a
 *  latency of 7 % or more, split votes in a row make a 5-timeout bound fail now and then. */
const saneTimingArb = fc.oneof(
  fc.record({ heartbeatMs: fc.constant(100), electionTimeoutMs: fc.constant(1000), latencyMs: fc.constantFrom<[number, number]>([1, 2], [1, 10], [2, 20]) }),
  fc.record({ heartbeatMs: fc.constant(20), electionTimeoutMs: fc.constant(200), latencyMs: fc.constantFrom<[number, number]>([1, 2], [1, 4]) }),
  fc.record({ heartbeatMs: fc.constant(50), electionTimeoutMs: fc.constant(500), latencyMs: fc.constantFrom<[number, number]>([1, 5], [2, 10]) }),
);

type RawEvent = { frac: number; kind: string; a: number; b: number; c: number; groups: number[] };

const rawEventArb = (membership: boolean): fc.Arbitrary<RawEvent> =>
  fc.record({
    frac: fc.integer({ min: 0, max: 999 }),
    kind: fc.constantFrom(
      'crash', 'crash', 'restart', 'restart', 'bounce', 'partition', 'heal', 'network',
      'put', 'put', 'put', 'put', 'get', 'get', 'get', 'delete', 'burst', 'burst', 'burst',
      ...(membership ? ['addMember', 'removeMember', 'promote', 'transferLeader'] : []),
    ),
    a: fc.nat(99),
    b: fc.nat(99),
    c: fc.nat(99),
    groups: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }),
  });

/** Turns generator draws into contract events, naming only nodes that exist at that point. */
function buildEvents(raw: RawEvent[], members: string[], learners: string[], until: number, membership: boolean): Json[] {
  const sorted = [...raw].sort((x, y) => x.frac - y.frac);
  const known = [...members, ...learners];
  const spare = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9'].filter((n) => !known.includes(n));
  const learnersKnown = [...learners];
  const pick = (arr: string[], i: number) => arr[i % arr.length];
  const nodeRef = (i: number) => (i < 15 ? 'leader' : i < 22 ? 'follower' : pick(known, i));
  let values = 0;
  const out: Json[] = [];
  for (const r of sorted) {
    const at = Math.floor((r.frac / 1000) * until);
    switch (r.kind) {
      case 'bounce': {
        // Crash a node and bring it back soon after, often inside the same election: a node that forgot its
        // vote or its log would vote twice in one term.
        const node = r.a < 40 ? 'leader' : pick(known, r.a);
        const target = node === 'leader' ? undefined : node;
        out.push({ at, action: 'crash', node });
        if (target) out.push({ at: Math.min(until - 1, at + 1 + r.b * 3), action: 'restart', node: target });
        else for (const n of known) out.push({ at: Math.min(until - 1, at + 1 + r.b * 3), action: 'restart', node: n });
        break;
      }
      case 'crash':
      case 'restart':
        out.push({ at, action: r.kind, node: r.kind === 'crash' ? nodeRef(r.a) : pick(known, r.a) });
        break;
      case 'partition': {
        // groups[i] = group of known[i]; 3 = cut off from everyone.
        const gs: string[][] = [[], [], []];
        known.forEach((n, i) => {
          const g = r.groups[i % r.groups.length];
          if (g < 3) gs[g].push(n);
        });
        out.push({ at, action: 'partition', groups: gs.filter((g) => g.length > 0) });
        break;
      }
      case 'heal':
        out.push({ at, action: 'heal' });
        break;
      case 'network':
        out.push({ at, action: 'network', dropRate: [0, 0, 0.05, 0.2, 0.5][r.a % 5], duplicateRate: [0, 0.05, 0.2][r.b % 3] });
        break;
      case 'burst': {
        // Concurrent requests on one key from several clients, a few ms apart: linearizability's hard case.
        const key = pick(KEYS, r.a);
        const count = 2 + (r.b % 5);
        for (let j = 0; j < count; j++) {
          const f = ['put', 'put', 'get', 'get', 'delete'][(r.c + j * 3 + r.groups[j % 9]) % 5];
          const e: Json = { at: Math.min(at + j * (r.c % 7), until - 1), action: f, key, client: CLIENTS[(r.b + j) % CLIENTS.length] };
          if (f === 'put') e.value = `v${++values}`;
          if (r.groups[j % 9] === 3) e.node = pick(known, r.a + j);
          out.push(e);
        }
        break;
      }
      case 'put':
      case 'delete':
      case 'get': {
        const e: Json = { at, action: r.kind, key: pick(KEYS, r.a), client: pick(CLIENTS, r.b) };
        if (r.kind === 'put') e.value = `v${++values}`;
        if (r.kind === 'get') e.consistency = r.c % 4 === 0 ? 'serializable' : 'linearizable';
        if (r.c % 3 === 0) e.node = r.c % 2 === 0 ? 'leader' : pick(known, r.c);
        out.push(e);
        break;
      }
      case 'addMember': {
        if (!membership || spare.length === 0) break;
        const n = spare.shift()!;
        known.push(n);
        if (r.a % 2 === 0) learnersKnown.push(n);
        out.push({ at, action: 'addMember', node: n, learner: r.a % 2 === 0 });
        break;
      }
      case 'removeMember':
      case 'promote':
      case 'transferLeader':
        if (!membership) break;
        out.push({
          at,
          action: r.kind,
          node: r.kind === 'removeMember' && r.b < 20 ? 'leader' : r.kind === 'promote' && learnersKnown.length && r.b < 80 ? pick(learnersKnown, r.a) : pick(known, r.a),
        });
        break;
    }
  }
  return out;
}

/** A random scenario: 1–7 voters, crashes, restarts, partitions, heals, loss, duplication, client load. */
export function scenarioArb(opts: GenOptions = {}): fc.Arbitrary<ScenarioJson> {
  const membership = opts.membership ?? false;
  return fc
    .record({
      seed: fc.nat(2 ** 31 - 1),
      voters: fc.integer({ min: opts.minVoters ?? 1, max: opts.maxVoters ?? 7 }),
      learners: membership ? fc.integer({ min: 0, max: 1 }) : fc.constant(0),
      timing: opts.saneTiming ? saneTimingArb : timingArb,
      requestTimeoutFactor: fc.constantFrom(1, 2, 5),
      preVote: opts.preVote === undefined ? fc.boolean() : fc.constant(opts.preVote),
      checkQuorum: fc.boolean(),
      dropRate: fc.constantFrom(0, 0, 0.02, 0.1, 0.3),
      duplicateRate: fc.constantFrom(0, 0, 0.05, 0.2),
      lengthInTimeouts: fc.integer({ min: 4, max: 14 }),
      raw: fc.array(rawEventArb(membership), { maxLength: opts.maxEvents ?? 40 }),
      settle: fc.boolean(),
      snapshotEntries: fc.constantFrom(undefined, 4, 10, 50),
    })
    .map((g) => {
      const members = Array.from({ length: g.voters }, (_, i) => `n${i + 1}`);
      const learners = Array.from({ length: g.learners }, (_, i) => `n${g.voters + i + 1}`);
      const et = g.timing.electionTimeoutMs;
      const until = et * g.lengthInTimeouts;
      const events = buildEvents(g.raw, members, learners, g.settle ? until - 3 * et : until, membership);
      if (g.settle) {
        // The faults stop: whole network, everyone back, then a few client requests.
        const at = until - 3 * et;
        events.push({ at, action: 'heal' }, { at, action: 'network', dropRate: 0, duplicateRate: 0 });
        for (const n of [...members, ...learners]) events.push({ at, action: 'restart', node: n });
        events.push({ at: at + 2 * et, action: 'put', key: 'k1', value: 'settled', client: 'c9' }, { at: at + 2 * et + 1, action: 'get', key: 'k1', client: 'c9' });
      }
      const s: ScenarioJson = {
        seed: g.seed,
        members,
        ...(learners.length ? { learners } : {}),
        timing: { ...g.timing, requestTimeoutMs: et * g.requestTimeoutFactor },
        features: { preVote: g.preVote, checkQuorum: g.checkQuorum },
        network: { dropRate: g.dropRate, duplicateRate: g.duplicateRate },
        until,
        events,
      };
      if (g.snapshotEntries !== undefined) s.snapshotEntries = g.snapshotEntries;
      return s;
    });
}

// ---------------------------------------------------------------------------------------------
// Liveness scenarios

export interface LivenessCase {
  scenario: ScenarioJson;
  /** When the faults stop. */
  faultsEnd: number;
  /** Deadline for a leader and a successful put: faultsEnd + 5 election timeouts (or the bound asked for). */
  deadline: number;
  /** Voters kept up and connected after faultsEnd (a majority), or, for the no-majority case, the ones left. */
  majority: string[];
}

const quorumOf = (n: number) => Math.floor(n / 2) + 1;

/**
 * Random faults until `faultsEnd`; then the network heals, loss and duplication stop, everyone restarts,
 * and a minority is either crashed again or cut off, so exactly a majority is up and connected. A client
 * sends a put through a random node of the majority every quarter election timeout.
 */
export function livenessArb(opts: { preVote?: boolean; timeouts?: number } = {}): fc.Arbitrary<LivenessCase> {
  const bound = opts.timeouts ?? 5;
  return fc
    .record({
      base: scenarioArb({ maxEvents: 12, saneTiming: true, preVote: opts.preVote }),
      faultsInTimeouts: fc.integer({ min: 1, max: 6 }),
      minorityMask: fc.nat(127),
      cutInsteadOfCrash: fc.boolean(),
      via: fc.nat(99),
    })
    .map(({ base, faultsInTimeouts, minorityMask, cutInsteadOfCrash, via }) => {
      const et = base.timing.electionTimeoutMs;
      const members = base.members;
      const n = members.length;
      const faultsEnd = faultsInTimeouts * et;
      // Squeeze the random events into [0, faultsEnd), keep only faults and client ops.
      const events: Json[] = base.events
        .map((e) => ({ ...e, at: Math.floor(((e.at as number) / base.until) * faultsEnd) }));
      // A minority (at most n - quorum nodes) drawn from the mask.
      const minority = members.filter((_, i) => minorityMask & (1 << i)).slice(0, n - quorumOf(n));
      const majority = members.filter((m) => !minority.includes(m));
      events.push({ at: faultsEnd, action: 'heal' }, { at: faultsEnd, action: 'network', dropRate: 0, duplicateRate: 0 });
      for (const m of members) events.push({ at: faultsEnd, action: 'restart', node: m });
      if (minority.length) {
        if (cutInsteadOfCrash) events.push({ at: faultsEnd, action: 'partition', groups: [majority, minority] });
        else for (const m of minority) events.push({ at: faultsEnd, action: 'crash', node: m });
      }
      const deadline = faultsEnd + bound * et;
      const node = majority[via % majority.length];
      let v = 0;
      for (let at = faultsEnd + Math.floor(et / 4); at < deadline; at += Math.floor(et / 4)) {
        events.push({ at, action: 'put', key: 'live', value: `l${++v}`, node, client: 'probe' });
      }
      const scenario: ScenarioJson = {
        ...base,
        timing: { ...base.timing, requestTimeoutMs: et },
        until: deadline + et,
        events,
      };
      return { scenario, faultsEnd, deadline, majority };
    });
}

export interface NoMajorityCase {
  scenario: ScenarioJson;
  /** From this instant no majority of voters is up and connected; puts invoked later must never end ok. */
  from: number;
}

/** Random faults, then from `from` on a majority of voters crashed for good, or every group a minority. */
export function noMajorityArb(): fc.Arbitrary<NoMajorityCase> {
  return fc
    .record({
      base: scenarioArb({ maxEvents: 12 }),
      fromInTimeouts: fc.integer({ min: 0, max: 5 }),
      mask: fc.nat(127),
      split: fc.boolean(),
      extraGroups: fc.array(fc.nat(2), { minLength: 7, maxLength: 7 }),
    })
    .map(({ base, fromInTimeouts, mask, split, extraGroups }) => {
      const et = base.timing.electionTimeoutMs;
      const members = base.members;
      const n = members.length;
      const q = quorumOf(n);
      const from = fromInTimeouts * et;
      const events: Json[] = base.events.map((e) => ({ ...e, at: Math.floor(((e.at as number) / base.until) * from) }));
      if (split && n >= 2) {
        // Every group strictly smaller than a quorum: cut the members into groups of size < q.
        events.push({ at: from, action: 'heal' });
        for (const m of members) events.push({ at: from, action: 'restart', node: m });
        const groups: string[][] = [];
        let cur: string[] = [];
        members.forEach((m, i) => {
          cur.push(m);
          if (cur.length >= q - 1 || extraGroups[i % 7] === 0) {
            groups.push(cur);
            cur = [];
          }
        });
        if (cur.length) groups.push(cur);
        events.push({ at: from, action: 'partition', groups: groups.filter((g) => g.length < q) });
        // a group of size >= q cannot appear: groups close at q-1 members (q-1 >= 1 when n >= 2)
      } else {
        // Crash enough voters that fewer than a quorum stay up (mask picks which ones to start with).
        const order = [...members].sort((a, b) => ((mask >> members.indexOf(a)) & 1) - ((mask >> members.indexOf(b)) & 1));
        const down = order.slice(0, n - q + 1);
        for (const m of down) events.push({ at: from, action: 'crash', node: m });
        // The random restarts drawn for after `from` are removed: the majority stays down.
      }
      let v = 0;
      const after = base.events.filter((e) => ['put', 'get', 'delete'].includes(e.action as string));
      for (const e of after) events.push({ ...e, at: from + 1 + Math.floor(((e.at as number) / base.until) * 4 * et), ...(e.action === 'put' ? { value: `late${++v}` } : {}) });
      for (let i = 0; i < 4; i++) events.push({ at: from + 1 + i * et, action: 'put', key: 'k1', value: `probe${i}`, node: members[(mask + i) % n], client: 'probe' });
      return { scenario: { ...base, until: from + 6 * et, events }, from };
    });
}

/**
 * Quiet convergence: random faults and client load until `faultsEnd`; then the network heals, loss and
 * duplication stop, every crashed member restarts, and no client writes any more. After 6 election timeouts
 * every member must hold the leader's commit index and have applied it (no new proposal comes to push a
 * lagging follower along: catching up is the leader's job alone).
 */
export function quietConvergenceArb(): fc.Arbitrary<LivenessCase> {
  return fc
    .record({ base: scenarioArb({ maxEvents: 20, saneTiming: true }), faultsInTimeouts: fc.integer({ min: 2, max: 8 }) })
    .map(({ base, faultsInTimeouts }) => {
      const et = base.timing.electionTimeoutMs;
      const faultsEnd = faultsInTimeouts * et;
      const events: Json[] = base.events
        .filter((e) => (e.at as number) < base.until - 3 * et) // drop the generator's own settle phase
        .map((e) => ({ ...e, at: Math.floor(((e.at as number) / base.until) * faultsEnd) }));
      events.push({ at: faultsEnd, action: 'heal' }, { at: faultsEnd, action: 'network', dropRate: 0, duplicateRate: 0 });
      for (const m of base.members) events.push({ at: faultsEnd, action: 'restart', node: m });
      const deadline = faultsEnd + 6 * et;
      return { scenario: { ...base, until: deadline, events }, faultsEnd, deadline, majority: base.members };
    });
}
