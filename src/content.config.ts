import { defineCollection, z } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { checkDocsTree, type EntryLike } from './lib/lessons';

/**
 * Starlight's docs loader, followed by a check of the whole tree (see `checkDocsTree`): every page has its
 * counterpart in the other locale, and every lesson has complete, consistent frontmatter. A build stops with
 * the list of problems. (Frontmatter that breaks the schema below already stops it, naming the field.)
 */
function checkedDocsLoader(): Loader {
  const inner = docsLoader();
  return {
    name: 'quorum-lab-docs-loader',
    load: async (context) => {
      await inner.load(context);
      const entries = [...context.store.values()] as unknown as EntryLike[];
      const problems = checkDocsTree(entries);
      if (problems.length > 0) {
        const message = `Quorum Lab content check failed:\n  - ${problems.join('\n  - ')}`;
        // In `astro dev` (or with CONTENT_CHECK=warn, while a lesson pair is being written) a half-written
        // lesson should not stop everything: warn. Any other build fails.
        if (process.env.CONTENT_CHECK === 'warn' || process.argv.includes('dev')) context.logger.warn(message);
        else throw new Error(message);
      }
    },
  };
}

export const collections = {
  // Starlight's own UI strings, completed and corrected per language: src/content/i18n/{fr,en}.json.
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
  docs: defineCollection({
    loader: checkedDocsLoader(),
    schema: docsSchema({
      extend: z.object({
        /** Position of a lesson in the course (1-based), equal to its file name's number. Only lessons have it. */
        order: z.number().int().positive().optional(),
        /** Estimated reading time in minutes (required on lessons). */
        minutes: z.number().int().positive().max(240).optional(),
        /** Learning objectives shown at the top of a lesson (required, non-empty, on lessons). */
        objectives: z.array(z.string().min(1)).min(1).optional(),
      }),
    }),
  }),
};
