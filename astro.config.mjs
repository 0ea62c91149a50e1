// @ts-check
import { existsSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import svelte from '@astrojs/svelte';
import mdx from '@astrojs/mdx';
import security from './integrations/security.mjs';
import rehypeBaseLinks from './integrations/base-links.mjs';
import rehypeFootnotesI18n from './integrations/footnotes-i18n.mjs';
import fr from './src/i18n/fr.json' with { type: 'json' };
import en from './src/i18n/en.json' with { type: 'json' };

/** A sidebar entry for a page of src/content/docs only once the page exists (pages appear as work lands). */
const page = (/** @type {string} */ slug) =>
  ['md', 'mdx'].some((ext) => existsSync(new URL(`./src/content/docs/${slug}.${ext}`, import.meta.url)))
    ? [{ slug }]
    : [];

/**
 * Sub-path hosting: `BASE_PATH=/quorum-lab/ npm run build` builds the site for https://school.example/quorum-lab/
 * (GitHub or GitLab Pages project sites, a reverse proxy). Every link, asset, search index, deck, service worker
 * and the CSP follow it. Unset: the site lives at the root.
 */
const base = `/${(process.env.BASE_PATH ?? '').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');

/**
 * Lessons renumbered when lesson 08 (Raft's safety nets) was inserted: old lesson and slide URLs, in both
 * locales, redirect to the new ones so that earlier links and bookmarks keep working.
 */
const renamedLessons = { '08-conclusion': '09-conclusion', '09-aller-plus-loin': '10-aller-plus-loin' };
const redirects = Object.fromEntries(
  Object.entries(renamedLessons).flatMap(([from, to]) =>
    ['', '/en'].flatMap((prefix) =>
      // The key is a route (Astro adds the base); the destination is a final URL, so it carries the base.
      ['cours', 'slides'].map((dir) => [`${prefix}/${dir}/${from}`, `${base}${prefix.slice(1)}${prefix ? '/' : ''}${dir}/${to}/`]),
    ),
  ),
);

export default defineConfig({
  site: process.env.SITE_URL ?? 'https://quorum-lab.example',
  base,
  redirects,
  // Root-relative links written in the lessons (`/glossaire/#quorum`) get the base in front; footnotes speak
  // the page's language.
  markdown: { rehypePlugins: [[rehypeBaseLinks, { base }], rehypeFootnotesI18n] },
  integrations: [
    starlight({
      title: 'Quorum Lab',
      description: 'Un cours interactif sur etcd, le quorum et Raft.',
      favicon: '/favicon.svg',
      defaultLocale: 'root',
      locales: {
        root: { label: 'Français', lang: 'fr' },
        en: { label: 'English', lang: 'en' },
      },
      // Lessons are sorted by file name (01-…, 02-…); the content check makes `order` match that number.
      sidebar: [
        { label: fr['site.nav.course'], translations: { en: en['site.nav.course'] }, autogenerate: { directory: 'cours' } },
        {
          label: fr['site.nav.more'],
          translations: { en: en['site.nav.more'] },
          items: [
            ...page('labo'),
            ...page('progression'),
            ...page('glossaire'),
            ...page('fiche-raft'),
            // The decks' index is an Astro page (src/pages/slides/), not a doc: a link (Starlight adds the locale and base).
            { label: fr['site.nav.slides'], translations: { en: en['site.nav.slides'] }, link: '/slides/' },
            ...page('guide-formateur'),
          ],
        },
      ],
      components: {
        // Lesson header (position, reading time, slides link, objectives) under the title.
        PageTitle: './src/components/PageTitle.astro',
        // Theme scripts with storage access guarded: blocked localStorage must not break the page (issue 15).
        ThemeProvider: './src/components/ThemeProvider.astro',
        ThemeSelect: './src/components/ThemeSelect.astro',
        // Starlight's search, loading its interface only when search is opened.
        Search: './src/components/Search.astro',
      },
      // Home page title, base path on hero links: src/starlightRouteData.ts.
      routeMiddleware: './src/starlightRouteData.ts',
      customCss: ['./src/styles/a11y.css', './src/styles/site.css', './src/styles/print.css'],
      lastUpdated: false,
    }),
    svelte(),
    mdx(),
    // The site's own hydrations (issue 17). `client:bridge`: the lab's real-cluster island loads only when the page
    // carries a bridge token. `client:slide`: a live widget on a deck's slide hydrates when its slide is shown.
    {
      name: 'quorum-lab:client-directives',
      hooks: {
        'astro:config:setup': ({ addClientDirective }) => {
          addClientDirective({ name: 'bridge', entrypoint: './src/widgets/real/directive.ts' });
          addClientDirective({ name: 'slide', entrypoint: './src/widgets/deck/directive.ts' });
        },
      },
    },
    // Last: CSP meta + _headers + service worker, once Pagefind has written its files.
    security(),
  ],
});
