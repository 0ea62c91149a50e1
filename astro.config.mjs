// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import svelte from '@astrojs/svelte';
import mdx from '@astrojs/mdx';

export default defineConfig({
  site: 'https://quorum-lab.example',
  integrations: [
    starlight({
      title: 'Quorum Lab',
      defaultLocale: 'root',
      locales: {
        root: { label: 'Français', lang: 'fr' },
        en: { label: 'English', lang: 'en' },
      },
      sidebar: [
        { label: 'Cours', translations: { en: 'Course' }, autogenerate: { directory: 'cours' } },
      ],
    }),
    svelte(),
    mdx(),
  ],
});
