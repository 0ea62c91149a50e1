// <Cluster scenario="…"> in a lesson: an unknown example name is an author's mistake that must stop the build
// with a message naming the page (issue 16), instead of quietly showing another cluster.
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import Cluster from '../../../src/components/Cluster.astro';

let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create();
});

describe('<Cluster> embed', () => {
  it('fails on an unknown scenario name, naming the page and the name', async () => {
    await expect(
      container.renderToString(Cluster, { props: { scenario: 'three-nodez' }, request: new Request('http://localhost/cours/05-trois-noeuds/') }),
    ).rejects.toThrow(/<Cluster scenario="three-nodez"> on \/cours\/05-trois-noeuds\/: no such example/);
  });
});
