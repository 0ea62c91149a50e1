// Playwright helpers over the widget test hook (docs/ARCHITECTURE.md, "Widget test hook"): drive a cluster's
// virtual time and wait for states, never for wall-clock seconds. Every helper pauses the widget's own
// animation first, so only the test moves time; the page redraws after each call, as for a reader.
import { expect, type Page } from '@playwright/test';
import type { Action } from '../../../src/raft';
import type { ClusterTestHandle, QuorumLabHook } from '../../../src/widgets/cluster/hook';

type QuorumState = 'healthy' | 'electing' | 'lost';
type W = Window & { quorumLab?: QuorumLabHook };

/** Wait until the cluster `id` is live (hydrated and registered on window.quorumLab), then pause it. */
export async function takeControl(page: Page, id: string): Promise<void> {
  await page.waitForFunction((cid) => !!(window as W).quorumLab?.clusters().includes(cid), id, { timeout: 30_000 });
  await page.evaluate((cid) => (window as W).quorumLab!.cluster(cid).pause(), id);
}

/** Ids of the live clusters on the page. */
export async function clusterIds(page: Page): Promise<string[]> {
  await page.waitForFunction(() => ((window as W).quorumLab?.clusters().length ?? 0) > 0, undefined, { timeout: 30_000 });
  return page.evaluate(() => (window as W).quorumLab!.clusters());
}

/** Run `ms` of virtual time at once. Returns the new virtual time. */
export async function advance(page: Page, id: string, ms: number): Promise<number> {
  await takeControl(page, id);
  return page.evaluate(([cid, d]) => {
    const c = (window as W).quorumLab!.cluster(cid as string);
    c.advanceBy(d as number);
    return c.now();
  }, [id, ms] as const);
}

/** Run virtual time to instant `t` (ms). */
export async function advanceTo(page: Page, id: string, t: number): Promise<void> {
  await takeControl(page, id);
  await page.evaluate(([cid, to]) => (window as W).quorumLab!.cluster(cid as string).advanceTo(to as number), [id, t] as const);
}

/** Virtual time now (ms). */
export async function now(page: Page, id: string): Promise<number> {
  return page.evaluate((cid) => (window as W).quorumLab!.cluster(cid).now(), id);
}

/** Advance until the quorum panel's state is `state` (within `maxMs` of virtual time); fails otherwise. */
export async function waitForQuorumState(page: Page, id: string, state: QuorumState, maxMs = 60_000): Promise<void> {
  await takeControl(page, id);
  const ok = await page.evaluate(
    ([cid, st, max]) => (window as W).quorumLab!.cluster(cid as string).runUntil((c) => c.quorumState() === st, max as number),
    [id, state, maxMs] as const,
  );
  expect(ok, `cluster ${id}: quorum state never became "${state}" within ${maxMs} virtual ms`).toBe(true);
}

/** Advance until some node leads (optionally: a node other than `not`); returns its id. */
export async function waitForLeader(page: Page, id: string, opts: { not?: string; maxMs?: number } = {}): Promise<string> {
  await takeControl(page, id);
  const leader = await page.evaluate(([cid, not, max]) => {
    const c = (window as W).quorumLab!.cluster(cid as string);
    const ok = c.runUntil((h) => h.leader() !== null && h.leader() !== not && h.quorumState() === 'healthy', max as number);
    return ok ? c.leader() : null;
  }, [id, opts.not ?? '', opts.maxMs ?? 60_000] as const);
  expect(leader, `cluster ${id}: no leader${opts.not ? ` other than ${opts.not}` : ''}`).not.toBeNull();
  return leader!;
}

/** Advance until the latest client request has ended; returns its status. */
export async function waitForLastOp(page: Page, id: string, maxMs = 60_000): Promise<string> {
  await takeControl(page, id);
  return page.evaluate(([cid, max]) => {
    const c = (window as W).quorumLab!.cluster(cid as string);
    c.runUntil((h) => (h.ops().at(-1)?.status ?? 'pending') !== 'pending', max as number);
    return c.ops().at(-1)?.status ?? 'none';
  }, [id, maxMs] as const);
}

/** Advance until `pred(c, arg)` holds for the cluster handle `c` (see ClusterTestHandle), at most `maxMs` of
 *  virtual time. `pred` runs in the page: it may use only its arguments (`arg` must be JSON).
 *  @example await waitFor(page, 'labo', (c, n) => c.nodes().filter((x) => x.up).length === n, 3) */
export async function waitFor<A>(page: Page, id: string, pred: (c: ClusterTestHandle, arg: A) => boolean, arg?: A, maxMs = 60_000): Promise<void> {
  await takeControl(page, id);
  const src = `(() => { const c = window.quorumLab.cluster(${JSON.stringify(id)}); const p = (${pred.toString()});
    const a = ${JSON.stringify(arg ?? null)}; return c.runUntil((h) => !!p(h, a), ${Number(maxMs)}); })()`;
  const ok = await page.evaluate(src);
  expect(ok, `cluster ${id}: ${pred.toString()} never held within ${maxMs} virtual ms`).toBe(true);
}

/** Act as the learner does (the widget redraws; a scripted story stops). */
export async function act(page: Page, id: string, action: Action): Promise<number | undefined> {
  await takeControl(page, id);
  return page.evaluate(([cid, a]) => (window as W).quorumLab!.cluster(cid as string).apply(a as Action), [id, action] as const);
}
