// The one accessibility check of the end-to-end tests (docs/ARCHITECTURE.md, "Shared concerns"): axe-core run
// inside the page. It is injected once per page through the DevTools protocol (the site's CSP forbids inline
// scripts, and page.evaluate is not subject to it) and run with `axe.run`, a single pass over the document:
// @axe-core/playwright's frame-by-frame partial runs took 4 to 9 s a page here, this takes 1 to 2 s.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { QuorumLabHook } from '../../../src/widgets/cluster/hook';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeOptions {
  /** CSS selector of the part of the page to check (default: the whole document). */
  include?: string;
  /** Only these rules (e.g. `['color-contrast']` for a second theme). */
  rules?: string[];
  /** Report every violation, not only serious and critical ones. */
  all?: boolean;
}

/** The violations axe finds, one line each (`impact rule: help — targets`); an empty list when there is none. */
export async function axeViolations(page: Page, opts: AxeOptions = {}): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  const results = await page.evaluate(
    ([include, rules]) => {
      const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResults> } }).axe;
      const options: Record<string, unknown> = { resultTypes: ['violations'] };
      if (rules) options.runOnly = { type: 'rule', values: rules };
      return axe.run(include ? { include: [include] } : document, options);
    },
    [opts.include ?? null, opts.rules ?? null] as const,
  );
  const counted: ImpactValue[] = opts.all ? ['minor', 'moderate', 'serious', 'critical'] : ['serious', 'critical'];
  return results.violations
    .filter((v) => v.impact != null && counted.includes(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * Pause every live cluster of the page (widget test hook), so that axe reads a still document. A cluster woken
 * just before (scrolled to) may still be hydrating: it is waited for, 10 s at most, or it would start running
 * (and redraw its lists) while axe reads them, which axe then reports on nodes already replaced.
 */
export async function pauseClusters(page: Page): Promise<void> {
  // Only clusters on view: one in a closed panel or on another slide does not wake, and stays as it was drawn.
  await page
    .waitForFunction(
      () => [...document.querySelectorAll('[data-cluster-id]:not([data-hydrated="true"])')].every((el) => !el.checkVisibility({ visibilityProperty: true })),
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => {});
  await page.evaluate(() => {
    const hook = (window as Window & { quorumLab?: QuorumLabHook }).quorumLab;
    for (const id of hook?.clusters() ?? []) hook!.cluster(id).pause();
  });
}
