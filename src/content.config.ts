import { defineCollection, z } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

export const collections = {
  docs: defineCollection({
    loader: docsLoader(),
    schema: docsSchema({
      extend: z.object({
        /** Position of a lesson in the course (1-based). Only lesson pages have it. */
        order: z.number().int().positive().optional(),
        /** Estimated reading time in minutes. */
        minutes: z.number().int().positive().optional(),
        /** Learning objectives shown at the top of a lesson. */
        objectives: z.array(z.string().min(1)).optional(),
      }),
    }),
  }),
};
