// The scenario format of ../shared/spec/simulation-contract.md as a zod schema, with the checks that
// need the whole scenario (unknown nodes, a node in two groups) in a superRefine. Every error names the
// field, as `scenario.events[3].node: unknown node "n9"`.
import { z } from 'zod';
import type { Scenario } from '../raft/index';
import {
  MAX_CLIENT_CHARS,
  MAX_EVENTS,
  MAX_KEY_CHARS,
  MAX_MEMBERS,
  MAX_TRACE_VALUE_BYTES,
  MAX_UNTIL_MS,
  MAX_VALUE_CHARS,
  MAX_WORK,
  estimateTraceValueBytes,
  estimateWork,
  mb,
  nodeCount,
} from './limits';

const NODE_ID = /^[a-z0-9-]{1,16}$/;
// The limits live in ./limits.ts (one set for the terminal, the widget and share links); re-exported here
// for the modules that already import them from the schema.
export { MAX_UNTIL_MS, MAX_EVENTS, MAX_MEMBERS, MAX_WORK };

const nodeId = z
  .string({ invalid_type_error: 'must be a node id (a string)' })
  .regex(NODE_ID, 'must be a node id: 1 to 16 characters among a-z, 0-9 and "-"')
  .refine((s) => s !== 'leader' && s !== 'follower', 'the words "leader" and "follower" cannot be node ids');
/** A node, or the words "leader" / "follower" resolved when the event runs. */
const nodeRef = z
  .string({ invalid_type_error: 'must be a node id, "leader" or "follower"' })
  .regex(NODE_ID, 'must be a node id, "leader" or "follower"');
const ms = z.number({ invalid_type_error: 'must be a number of milliseconds' }).finite('must be finite');
const rate = z.number({ invalid_type_error: 'must be a probability (a number)' }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const latency = z
  .tuple([ms.min(0, 'must be >= 0'), ms.min(0, 'must be >= 0')], { invalid_type_error: 'must be [min, max] in milliseconds' })
  .refine(([a, b]) => a <= b, 'min must not exceed max');
const key = z.string({ invalid_type_error: 'must be a string' }).max(MAX_KEY_CHARS, `keys are limited to ${MAX_KEY_CHARS} characters`);
const value = z.string({ invalid_type_error: 'must be a string' }).max(MAX_VALUE_CHARS, `values are limited to ${MAX_VALUE_CHARS} characters`);
const client = z.string({ invalid_type_error: 'must be a string' }).min(1, 'must not be empty').max(MAX_CLIENT_CHARS, `at most ${MAX_CLIENT_CHARS} characters`);
const at = ms.min(0, 'must be >= 0 (virtual ms from the start)');

const event = z.discriminatedUnion(
  'action',
  [
    z.object({ at, action: z.literal('crash'), node: nodeRef }),
    z.object({ at, action: z.literal('restart'), node: nodeRef }),
    z.object({ at, action: z.literal('partition'), groups: z.array(z.array(nodeId), { invalid_type_error: 'must be an array of arrays of node ids' }) }),
    z.object({ at, action: z.literal('heal') }),
    z.object({ at, action: z.literal('network'), dropRate: rate.optional(), duplicateRate: rate.optional(), latencyMs: latency.optional() }),
    z.object({ at, action: z.literal('put'), key, value, node: nodeRef.optional(), client: client.optional() }),
    z.object({
      at,
      action: z.literal('get'),
      key,
      consistency: z.enum(['linearizable', 'serializable'], { errorMap: () => ({ message: 'must be "linearizable" or "serializable"' }) }).optional(),
      node: nodeRef.optional(),
      client: client.optional(),
    }),
    z.object({ at, action: z.literal('delete'), key, node: nodeRef.optional(), client: client.optional() }),
    z.object({ at, action: z.literal('addMember'), node: nodeId, learner: z.boolean({ invalid_type_error: 'must be true or false' }).optional() }),
    z.object({ at, action: z.literal('removeMember'), node: nodeRef }),
    z.object({ at, action: z.literal('promote'), node: nodeRef }),
    z.object({ at, action: z.literal('transferLeader'), node: nodeRef }),
    z.object({ at, action: z.literal('setFeatures'), preVote: z.boolean().optional(), checkQuorum: z.boolean().optional() }),
  ],
  {
    errorMap: (issue, ctx) =>
      issue.code === 'invalid_union_discriminator'
        ? { message: `unknown action ${JSON.stringify((ctx.data as { action?: unknown })?.action)} (expected one of ${ACTIONS.join(', ')})` }
        : { message: ctx.defaultError },
  },
);

export const ACTIONS = [
  'crash',
  'restart',
  'partition',
  'heal',
  'network',
  'put',
  'get',
  'delete',
  'addMember',
  'removeMember',
  'promote',
  'transferLeader',
  'setFeatures',
] as const;

export const scenarioSchema = z
  .object({
    seed: z.number({ required_error: 'is required', invalid_type_error: 'must be an integer' }).int('must be an integer').refine(Number.isSafeInteger, 'must be a safe integer'),
    members: z
      .array(nodeId, { required_error: 'is required', invalid_type_error: 'must be an array of node ids' })
      .min(1, 'needs at least 1 member')
      .max(MAX_MEMBERS, `at most ${MAX_MEMBERS} members`),
    learners: z.array(nodeId, { invalid_type_error: 'must be an array of node ids' }).default([]),
    timing: z
      .object(
        {
          heartbeatMs: ms.int('must be an integer').min(1, 'must be >= 1').default(100),
          electionTimeoutMs: ms.int('must be an integer').min(2, 'must be >= 2').default(1000),
          latencyMs: latency.default([2, 10]),
          requestTimeoutMs: ms.min(1, 'must be >= 1').default(5000),
        },
        { invalid_type_error: 'must be an object' },
      )
      .default({})
      .refine((t) => t.heartbeatMs < t.electionTimeoutMs, { message: 'heartbeatMs must be smaller than electionTimeoutMs', path: ['heartbeatMs'] }),
    features: z
      .object({ preVote: z.boolean({ invalid_type_error: 'must be true or false' }).default(true), checkQuorum: z.boolean({ invalid_type_error: 'must be true or false' }).default(true) }, { invalid_type_error: 'must be an object' })
      .default({}),
    network: z
      .object({ dropRate: rate.default(0), duplicateRate: rate.default(0) }, { invalid_type_error: 'must be an object' })
      .default({}),
    until: ms.min(0, 'must be >= 0').max(MAX_UNTIL_MS, `at most ${MAX_UNTIL_MS} (24 virtual hours)`),
    events: z.array(event, { required_error: 'is required (may be empty)', invalid_type_error: 'must be an array' }).max(MAX_EVENTS, `at most ${MAX_EVENTS} events`),
    snapshotEntries: ms.int('must be an integer').min(2, 'must be >= 2').optional(),
  }, { invalid_type_error: 'must be a JSON object' })
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    const seen = new Set<string>();
    s.members.forEach((m, i) => {
      if (seen.has(m)) issue(['members', i], `duplicate member "${m}"`);
      seen.add(m);
    });
    s.learners.forEach((m, i) => {
      if (seen.has(m)) issue(['learners', i], `"${m}" is already a member`);
      seen.add(m);
    });
    if (seen.size > MAX_MEMBERS) issue(['learners'], `at most ${MAX_MEMBERS} members and learners in all`);
    // A guard against runs that would take hours: heartbeat rounds times links.
    const work = estimateWork(s);
    if (work > MAX_WORK) issue(['until'], `too long a run for heartbeats every ${s.timing.heartbeatMs} ms (about ${Math.round(work / 1e6)} million messages; at most ${MAX_WORK / 1e6} million)`);
    // A guard against traces too large to write: every put's key and value is written once per node, twice.
    const bytes = estimateTraceValueBytes(s);
    if (bytes > MAX_TRACE_VALUE_BYTES)
      issue(['events'], `the trace would carry about ${mb(bytes)} of keys and values (${nodeCount(s)} nodes each apply and log every put; at most ${mb(MAX_TRACE_VALUE_BYTES)})`);
    // Nodes known at each event: the starting ones, plus those added by an earlier addMember event
    // (earlier in time, or at the same time and earlier in the file).
    const adds = s.events
      .map((e, i) => ({ e, i }))
      .filter((x) => x.e.action === 'addMember')
      .map((x) => ({ at: x.e.at, i: x.i, node: (x.e as { node: string }).node }));
    const known = (id: string, atMs: number, i: number) => seen.has(id) || adds.some((a) => a.node === id && (a.at < atMs || (a.at === atMs && a.i < i)));
    s.events.forEach((e, i) => {
      if ('node' in e && typeof e.node === 'string' && e.action !== 'addMember' && e.node !== 'leader' && e.node !== 'follower' && !known(e.node, e.at, i))
        issue(['events', i, 'node'], `unknown node "${e.node}"`);
      if (e.action === 'addMember' && seen.has(e.node)) issue(['events', i, 'node'], `"${e.node}" is already a member`);
      if (e.action === 'partition') {
        const inGroup = new Map<string, number>();
        e.groups.forEach((g, gi) =>
          g.forEach((id, k) => {
            if (!known(id, e.at, i)) issue(['events', i, 'groups', gi, k], `unknown node "${id}"`);
            else if (inGroup.has(id)) issue(['events', i, 'groups', gi, k], `node "${id}" is in two groups (${inGroup.get(id)} and ${gi})`);
            inGroup.set(id, gi);
          }),
        );
      }
    });
  });

/** A scenario as files and links hold it: the contract's JSON before defaults are filled in. */
export type ScenarioJson = z.input<typeof scenarioSchema>;

/** `scenario.events[3].node` from a zod path. */
export function fieldPath(path: (string | number)[]): string {
  let out = 'scenario';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${p}`;
  return out;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; error: string };

/** Validate a parsed JSON value. The error is one line naming the first offending field. */
export function parseScenario(data: unknown): ParseResult {
  const r = scenarioSchema.safeParse(data);
  if (r.success) return { ok: true, scenario: r.data as Scenario };
  const issue = pickIssue(r.error.issues);
  return { ok: false, error: `${fieldPath(issue.path)}: ${issue.message}` };
}

/** The most useful issue: a bad action name rather than the missing fields of a guessed shape. */
function pickIssue(issues: z.ZodIssue[]): z.ZodIssue {
  for (const i of issues) if (i.code === 'invalid_union_discriminator') return i;
  for (const i of issues) if (i.code === 'invalid_type' && i.received === 'undefined') return { ...i, message: 'is required' };
  return issues[0];
}
