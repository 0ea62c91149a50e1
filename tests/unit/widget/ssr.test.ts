// The server-rendered widget is the static figure readers without JavaScript see: a working cluster (the
// first instant a leader holds a quorum), its quorum panel, and controls disabled until hydration.
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { Component } from 'svelte';
import ClusterSvelte from '../../../src/widgets/cluster/Cluster.svelte';
import { getExample } from '../../../src/scenarios';
// Server rendering resolves the island's strings through the build's resolver (src/widgets/strings.ts).
import '../../../src/components/strings';

// astro check types .svelte imports in .ts files as Astro components (STACK.md gotcha 8).
const Cluster = ClusterSvelte as unknown as Component<Record<string, unknown>>;

describe('Cluster (server render)', () => {
  it('shows an elected leader, the quorum reached, and disabled controls', () => {
    const { body } = render(Cluster, { props: { scenario: getExample('three-nodes')!, id: 'c1' } });
    expect(body).toContain('data-node-card="n1"');
    expect(body.match(/data-role="leader"/g)).toHaveLength(1);
    expect(body).toContain('Quorum atteint\u00a0: les écritures passent');
    expect(body).toMatch(/<fieldset class="wrap[^"]*" disabled/);
  });

  it('shows only the controls asked for (the quorum panel always)', () => {
    const { body } = render(Cluster, { props: { scenario: getExample('three-nodes')!, controls: ['crash', 'restart'] } });
    expect(body).toContain('Arrêter n1');
    expect(body).not.toContain('Isoler n1');
    expect(body).not.toContain('Couper le réseau');
    expect(body).not.toContain('Copier le lien');
    expect(body).toContain('Taille du quorum');
  });

  it('gives its own headings (events, client, log) the level that fits the page: 3 by default', () => {
    const scenario = getExample('three-nodes')!;
    const controls = ['client', 'log', 'events'];
    const levels = (body: string) => [...body.matchAll(/<h(\d)\b/g)].map((m) => Number(m[1]));
    expect(levels(render(Cluster, { props: { scenario, controls } }).body)).toEqual([3, 3, 3]);
    expect(levels(render(Cluster, { props: { scenario, controls, headingLevel: 2 } }).body)).toEqual([2, 2, 2]);
    expect(levels(render(Cluster, { props: { scenario, controls, headingLevel: 4 } }).body)).toEqual([4, 4, 4]);
    // Out of range: clamped (an h1 would compete with the page title).
    expect(levels(render(Cluster, { props: { scenario, controls, headingLevel: 1 } }).body)).toEqual([2, 2, 2]);
  });

  it("'messages' adds the switch that hides the messages in flight (checked), except on a slide", () => {
    const scenario = getExample('three-nodes')!;
    const withSwitch = render(Cluster, { props: { scenario, controls: ['messages'] } }).body;
    expect(withSwitch).toMatch(/<input type="checkbox"[^>]*checked[^>]*data-testid="show-messages"|<input type="checkbox"[^>]*data-testid="show-messages"[^>]*checked/);
    expect(withSwitch).toContain('Montrer les messages');
    expect(render(Cluster, { props: { scenario, controls: ['crash'] } }).body).not.toContain('show-messages');
    expect(render(Cluster, { props: { scenario, controls: ['messages'], compact: true } }).body).not.toContain('show-messages');
  });
});
