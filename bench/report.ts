// How a benchmark reports a figure beside its goal (issue 17: "each figure beside its goal, in one run, with
// medians and spread"). Each bench prints its figures as it goes; `npm run bench` (scripts/bench.ts) also
// collects them through the file named by BENCH_RESULTS and prints one table at the end.
import { appendFileSync } from 'node:fs';

export interface Figure {
  /** Engine, Widget, Pages … (the table's sections). */
  area: string;
  name: string;
  /** The median of the samples (or the single measure). */
  value: number;
  unit: string;
  /** The goal, in words ("≥ 21,400", "≤ 16 ms"), and whether the value meets it (null: no goal, shown for context). */
  goal: string;
  met: boolean | null;
  /** Samples behind the median: their count, lowest and highest. */
  n?: number;
  min?: number;
  max?: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The value at quantile p (0..1) of the samples (nearest rank). */
export function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function line(f: Figure): string {
  const mark = f.met === null ? '·' : f.met ? 'MET' : 'NOT MET';
  const spread = f.n !== undefined && f.n > 1 ? ` (median of ${f.n}, ${fmt(f.min as number)}–${fmt(f.max as number)})` : '';
  return `${mark.padEnd(8)} ${f.name}: ${fmt(f.value)} ${f.unit}${spread} · goal ${f.goal}`;
}

/** Print a figure and hand it to the summary. */
export function figure(f: Figure): void {
  console.log('  ' + line(f));
  const out = process.env.BENCH_RESULTS;
  if (out) appendFileSync(out, JSON.stringify(f) + '\n');
}

/** A figure from samples: median, with count and spread. */
export function sampled(f: Omit<Figure, 'value' | 'met' | 'n' | 'min' | 'max'> & { samples: number[]; check: (median: number) => boolean | null }): void {
  const { samples, check, ...rest } = f;
  const value = median(samples);
  figure({ ...rest, value, met: check(value), n: samples.length, min: Math.min(...samples), max: Math.max(...samples) });
}
