/** Search and order of the library's entries; accent- and case-insensitive, like a reader. */

/** How the library is ordered. */
export type LibrarySort = 'date' | 'title';

/** `text` without accents or case: "Élève" and "eleve" fold to the same string. */
export function foldText(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr');
}

/** True when every word of `query` is in the title or the author. */
export function matchesQuery(book: { title: string; author?: string }, query: string): boolean {
	const terms = foldText(query).split(/\s+/u).filter(Boolean);
	if (terms.length === 0) return true;
	const haystack = foldText(`${book.title} ${book.author ?? ''}`);
	return terms.every((t) => haystack.includes(t));
}

/** The books matching `query`, newest first or by title in `locale`'s alphabetical order. */
export function searchBooks<
	B extends { title: string; author?: string; job: { createdAt: number } }
>(books: readonly B[], query: string, sort: LibrarySort, locale: string): B[] {
	const found = books.filter((b) => matchesQuery(b, query));
	if (sort === 'date') return found.sort((a, b) => b.job.createdAt - a.job.createdAt);
	const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
	return found.sort(
		(a, b) => collator.compare(a.title, b.title) || b.job.createdAt - a.job.createdAt
	);
}
