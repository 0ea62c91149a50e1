// The build-time charts: the numbers they show are the numbers of the data they read (the reference copies,
// the engine's runs, the quorum rule), each chart has its title, description and table, and the copies of the
// reference files are still identical to ../shared/etcd-reference (ETCD_REFERENCE_DIR).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import FailoverTimesChart from '../../../src/components/charts/FailoverTimesChart.astro';
import FailoverClientsChart from '../../../src/components/charts/FailoverClientsChart.astro';
import QuorumStaircaseChart from '../../../src/components/charts/QuorumStaircaseChart.astro';
import {
  ENGINE_CLIENT_RUNS,
  ENGINE_FAILOVER_RUNS,
  clientRows,
  engineClientRuns,
  failoverSeries,
  median,
  referenceClients,
  referenceSummary,
  summarize,
} from '../../../src/components/charts/experiments';
import { quorumSize, toleratedFailures } from '../../../src/raft/quorum';

const root = resolve(__dirname, '../../..');
const refDir = resolve(root, process.env.ETCD_REFERENCE_DIR ?? '../shared/etcd-reference');
const data = join(root, 'src/components/charts/data');

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
function tableRows(html: string): { attrs: string; cells: string[]; raw: string }[] {
  const table = /<table[^>]*data-chart-table[^>]*>([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  const body = /<tbody\b[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr\b([^>]*)>([\s\S]*?)<\/tr>/g)].map((m) => ({
    attrs: m[1],
    raw: m[2],
    cells: [...m[2].matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1])),
  }));
}
const attr = (s: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(s)?.[1];

let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create();
});
const render = (c: Parameters<AstroContainer['renderToString']>[0], url: string) => container.renderToString(c, { request: new Request(url) });

describe('reference copies', () => {
  it.skipIf(!existsSync(refDir))('are byte for byte the files of etcd-reference', () => {
    expect(readFileSync(join(data, 'failover-times.json'), 'utf8')).toBe(readFileSync(join(refDir, 'failover-times.json'), 'utf8'));
    expect(readFileSync(join(data, 'failover-clients.jsonl'), 'utf8')).toBe(readFileSync(join(refDir, 'experiments/failover-clients.jsonl'), 'utf8'));
  });
});

describe('failover times (real etcd beside the engine)', () => {
  const series = failoverSeries();

  it('takes every reference run, and the reference summary agrees with them', () => {
    for (const s of series) {
      const ref = referenceSummary(s.members);
      expect(s.etcd).toHaveLength(ref.n);
      expect(summarize(s.etcd)).toEqual({ n: ref.n, min: ref.min, median: ref.median, max: ref.max });
    }
    expect(median(series[0].etcd)).toBe(1233); // the figure lesson 05 quotes
  });

  it('runs the engine a few times per size, and its median lands within 25 % of etcd’s', () => {
    for (const s of series) {
      expect(s.engine).toHaveLength(ENGINE_FAILOVER_RUNS);
      for (const v of s.engine) expect(v).toBeGreaterThan(800); // nobody notices a dead leader before its timeout
      expect(Math.abs(median(s.engine) / median(s.etcd) - 1)).toBeLessThan(0.25);
    }
  });

  it('shows in its table exactly those runs, in both languages', async () => {
    for (const url of ['http://localhost/cours/05-trois-noeuds/', 'http://localhost/en/cours/05-trois-noeuds/']) {
      const html = await render(FailoverTimesChart, url);
      expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-failover-times-title"[^>]*aria-describedby="chart-failover-times-desc"/);
      expect(html).toMatch(/<title id="chart-failover-times-title"[^>]*>\S/);
      expect(html).toMatch(/<desc id="chart-failover-times-desc"[^>]*>\S/);
      const rows = tableRows(html);
      expect(rows).toHaveLength(4);
      for (const r of rows) {
        const s = series.find((x) => x.members === Number(attr(r.attrs, 'data-members')))!;
        const values = attr(r.attrs, 'data-source') === 'etcd' ? s.etcd : s.engine;
        const sum = summarize(values);
        expect(Number(attr(r.raw, 'data-n'))).toBe(sum.n);
        expect(Number(attr(r.raw, 'data-min'))).toBe(sum.min);
        expect(Number(attr(r.raw, 'data-median'))).toBe(sum.median);
        expect(Number(attr(r.raw, 'data-max'))).toBe(sum.max);
      }
      // one mark per run in the picture
      const marks = [...html.matchAll(/class="mark"[^>]*data-value="(\d+)"/g)].map((m) => Number(m[1]));
      expect(marks.sort((a, b) => a - b)).toEqual(series.flatMap((s) => [...s.etcd, ...s.engine]).sort((a, b) => a - b));
    }
    expect(await render(FailoverTimesChart, 'http://localhost/cours/05-trois-noeuds/')).toContain('1\u202f233 ms');
    expect(text(await render(FailoverTimesChart, 'http://localhost/en/cours/05-trois-noeuds/'))).toContain('1,233 ms');
  });
});

describe('quorum staircase', () => {
  it('shows quorumSize and toleratedFailures for 1 to 9 members', async () => {
    const html = await render(QuorumStaircaseChart, 'http://localhost/cours/07-nombre-pair/');
    const rows = tableRows(html);
    expect(rows.map((r) => Number(r.cells[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const r of rows) {
      const n = Number(r.cells[0]);
      expect(Number(r.cells[1])).toBe(quorumSize(n));
      expect(Number(r.cells[2])).toBe(toleratedFailures(n));
    }
    // The staircase: tolerance only goes up at odd sizes.
    expect(rows.filter((r) => r.cells[3] === '+1').map((r) => Number(r.cells[0]))).toEqual([3, 5, 7, 9]);
    expect(html).toMatch(/<desc id="chart-quorum-staircase-desc"[^>]*>\S/);
  });
});

describe('what clients saw during a failover', () => {
  const etcd = clientRows(referenceClients());
  const engine = clientRows(engineClientRuns());

  it('reads the reference as failover-clients.md sums it up', () => {
    const [survivor, all, killed] = etcd;
    expect(survivor).toMatchObject({ kind: 'survivor', runs: 10, failedPerRun: { 0: 1, 1: 9 }, acknowledgedButMissing: 0 });
    expect(survivor.longest).toEqual({ min: 1128, max: 5450 });
    expect(survivor.errors).toEqual({
      'context deadline exceeded': 6,
      'etcdserver: request timed out': 1,
      'etcdserver: request timed out, possibly due to previous leader failure': 2,
    });
    expect(all).toMatchObject({ kind: 'all', runs: 5, failedPerRun: { 1: 5 }, longest: { min: 5256, max: 5355 }, errors: { 'context deadline exceeded': 5 } });
    expect(killed).toMatchObject({ kind: 'killed', runs: 5, longest: null, neverRecovered: 5 });
    expect(etcd.reduce((a, r) => a + r.acknowledgedButMissing, 0)).toBe(0);
  });

  it('runs the same experiment on the engine: one put waits out its 5 s timeout, none acknowledged is lost', () => {
    const [survivor, all, killed] = engine;
    expect(survivor.runs).toBe(2 * ENGINE_CLIENT_RUNS);
    expect(all.runs).toBe(ENGINE_CLIENT_RUNS);
    for (const r of [survivor, all]) {
      expect(r.longest!.min).toBeGreaterThan(1000);
      expect(r.longest!.max).toBeLessThan(6000);
      expect(r.neverRecovered).toBe(0);
    }
    expect(killed.neverRecovered).toBe(ENGINE_CLIENT_RUNS);
    expect(engine.reduce((a, r) => a + r.acknowledgedButMissing, 0)).toBe(0);
  });

  it('shows in its table the numbers of both, in both languages', async () => {
    for (const [url, sep] of [['http://localhost/cours/05-trois-noeuds/', ','], ['http://localhost/en/cours/05-trois-noeuds/', '.']] as const) {
      const html = await render(FailoverClientsChart, url);
      const rows = tableRows(html);
      expect(rows).toHaveLength(6);
      for (const r of rows) {
        const source = attr(r.attrs, 'data-source') === 'etcd' ? etcd : engine;
        const row = source.find((x) => x.kind === attr(r.attrs, 'data-kind'))!;
        expect(Number(attr(r.raw, 'data-runs'))).toBe(row.runs);
        expect(attr(r.raw, 'data-longest-min') ?? '').toBe(row.longest ? String(row.longest.min) : '');
        expect(attr(r.raw, 'data-longest-max') ?? '').toBe(row.longest ? String(row.longest.max) : '');
        expect(Number(attr(r.raw, 'data-lost'))).toBe(row.acknowledgedButMissing);
        for (const e of Object.keys(row.errors)) expect(r.cells[5]).toContain(e);
      }
      expect(text(html)).toContain(`5${sep}45`); // etcd's longest time without a write, in seconds
    }
  });
});
