// Static paths shared by the French and English deck routes.
import { getCollection, type CollectionEntry } from 'astro:content';
import { lessonsOf, lessonSlug, type EntryLike } from '../lib/lessons';
import type { DeckLocale } from '../lib/decks';

export async function lessonEntries(locale: DeckLocale): Promise<CollectionEntry<'docs'>[]> {
  const all = await getCollection('docs');
  return lessonsOf(all as unknown as (EntryLike & CollectionEntry<'docs'>)[], locale) as CollectionEntry<'docs'>[];
}

export async function lessonPaths(locale: DeckLocale) {
  return (await lessonEntries(locale)).map((entry) => ({ params: { lesson: lessonSlug(entry.id) }, props: { entry } }));
}
