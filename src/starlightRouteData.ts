// Starlight route middleware (astro.config.mjs `routeMiddleware`): small fixes to each page's route data.
// - The home page's title is its site title: "Quorum Lab | Quorum Lab" becomes "Quorum Lab | <hero title>".
// - Hero action links written root-relative in the frontmatter (`link: /cours/01-etcd/`) get the base path,
//   as the lessons' links do (Starlight leaves frontmatter links as written).
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { withBase } from './lib/decks';

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  const { data } = route.entry;
  const title = route.head.find((h) => h.tag === 'title');
  if (title && data.title === route.siteTitle && data.hero?.title) {
    title.content = `${route.siteTitle} | ${data.hero.title}`;
  }
  for (const action of data.hero?.actions ?? []) action.link = withBase(action.link);
});
