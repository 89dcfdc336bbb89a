/**
 * Front and back matter: the pages of a book that are not its text. Pure: it reads the
 * extracted pages (book-text.ts: one paragraph per line) and says which pages to skip, and why.
 *
 * Two kinds of sign, so that a short page of the story is never taken for a title page:
 * - Weak signs (a blank or image-only page, a short title-like page) count only in the unbroken
 *   run of such pages at the very start or the very end of the book. The first page that reads
 *   like text, or opens with a part or chapter heading, ends the run.
 * - Strong signs (a table of contents, a copyright or publisher notice) count anywhere in the
 *   first or last tenth of the book: French books put the table at the end, and front matter
 *   often has a dedication or a preface between the title and the table.
 * Whatever the signs, a page with text always survives: a one-page document is its own body.
 */

/** Why a page is front or back matter. */
export type MatterReason = 'blank' | 'title' | 'contents' | 'publisher';

/** A page to skip; `page` is 1-based. */
export interface MatterPage {
	page: number;
	reason: MatterReason;
}

/** The reasons in words for the reader. */
export const MATTER_LABELS: Record<MatterReason, string> = {
	blank: 'blank or image-only page',
	title: 'title page',
	contents: 'table of contents',
	publisher: 'publisher or copyright page'
};

type PageKind = MatterReason | 'heading' | 'text';

const STRONG = new Set<PageKind>(['contents', 'publisher']);

/** The outer pages where strong signs count: a tenth of the book, at least 3 and at most 20. */
function zoneSize(pageCount: number): number {
	return Math.min(20, Math.max(3, Math.ceil(pageCount / 10)));
}

/** The front and back matter of a book, in page order. */
export function detectFrontBackMatter(pages: readonly string[]): MatterPage[] {
	const n = pages.length;
	const zone = zoneSize(n);
	const lines = pages.map(linesOf);
	// Only a table of contents depends on the page before it (a table runs on), so that chain
	// is followed through the whole book. Every other sign counts only in the outer pages, so
	// only those are read for them: the middle of a long book is never classified.
	const contents: boolean[] = [];
	lines.forEach((l, i) => contents.push(l.length > 0 && isContents(l, i > 0 && contents[i - 1])));
	const kinds = new Map<number, PageKind>();
	const kind = (i: number): PageKind => {
		const known = kinds.get(i);
		if (known) return known;
		const k = kindOf(lines[i], contents[i]);
		kinds.set(i, k);
		return k;
	};
	const found = new Map<number, MatterReason>();
	const isMatter = (k: PageKind): k is MatterReason => k !== 'heading' && k !== 'text';
	for (let i = 0; i < n; i++) {
		if (i >= zone && i < n - zone) continue;
		const k = kind(i);
		if (STRONG.has(k)) found.set(i, k as MatterReason);
	}
	for (let i = 0; i < n && isMatter(kind(i)); i++) found.set(i, kind(i) as MatterReason);
	for (let i = n - 1; i >= 0 && isMatter(kind(i)); i--) found.set(i, kind(i) as MatterReason);
	const textLeft = lines.some((l, i) => l.length > 0 && !found.has(i));
	if (!textLeft) return [];
	return [...found].sort(([a], [b]) => a - b).map(([i, reason]) => ({ page: i + 1, reason }));
}

function linesOf(text: string): string[] {
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '');
}

/** What a page is; `contents` says whether it reads as (or continues) a table of contents. */
function kindOf(lines: string[], contents: boolean): PageKind {
	if (lines.length === 0) return 'blank';
	if (contents) return 'contents';
	const text = lines.join('\n');
	if (LEGAL.test(text) && isNotice(lines, LEGAL)) return 'publisher';
	if (HEADING.test(lines[0])) return 'heading';
	if (isTitle(lines)) return 'title';
	if (PUBLISHER.test(text) && isNotice(lines, PUBLISHER)) return 'publisher';
	return 'text';
}

/** A copyright notice: ©, ISBN, the legal printing mentions of French books. */
const LEGAL =
	/©|\(c\) ?\d{4}|\bcopyright\b|\bisbn\b|tous droits[^.\n]{0,80} réservés|all rights reserved|achevé d['’]imprimer|dépôt légal|imprimé (?:en|au|aux) \p{Lu}|printed in \p{Lu}|code de la propriété intellectuelle|n° d['’](?:édition|impression)/iu;

/** An ebook publisher's or a series' page: its name, its licence, its other titles. */
const PUBLISHER =
	/ebooks libres et gratuits|ebooksgratuits|project gutenberg|gutenberg\.org|bibliothèque numérique romande|ebooks-bnr|wikisource|feedbooks|bibliothèque électronique du québec|ligaran|édition électronique|libres? de droits|du même auteur|dans la même collection|chez le même éditeur/iu;

/**
 * A page that is the notice rather than a page of the story that mentions it: it is short, or
 * the notice is in its first lines. (The last page of a novel may end with "Achevé d'imprimer"
 * under the final paragraph; that page stays.)
 */
function isNotice(lines: string[], marker: RegExp): boolean {
	const words = lines.join(' ').split(/\s+/u).length;
	return words <= 120 || marker.test(lines.slice(0, 3).join('\n'));
}

/** A page that opens the body: a part, book or chapter heading, a preface, a roman numeral. */
const HEADING =
	/^(?:(?:première|deuxième|troisième|quatrième|cinquième|sixième|septième|huitième|neuvième|dixième|dernière|\d+(?:re|e|ère|ème))\s+partie\b|partie\b|livre\b|chapitre\b|tome\b|préface|avant-propos|introduction|avertissement|prologue|épilogue|postface|[IVXLC]{1,7}\.?$)/iu;

/** Title, author, year, publisher: a few short lines, none of which ends a sentence. */
function isTitle(lines: string[]): boolean {
	const words = lines.join(' ').split(/\s+/u).length;
	if (words > 40 || lines.length > 12) return false;
	if (/^\p{Ll}/u.test(lines[0])) return false;
	return lines.every((line) => !/[.!?…,;:]$/u.test(line));
}

const CONTENTS_HEADING =
	/^(?:table des matières|table|sommaire|tables? des chapitres|index|contents|table of contents)$/iu;
/** Dotted (or dashed) leaders between an entry and its page number. */
const LEADERS = /(?:\. ?){4,}|…{2,}|_{4,}/u;
/** An entry that ends in its page number: "III ........ 29", "Chapitre II 12". */
const ENDS_IN_PAGE_NUMBER = /\p{L}[^\p{L}\d]*[\s.…_]\d{1,4}$/u;

/**
 * A table of contents: lines with dotted leaders, or most lines ending in a page number, or a
 * "Table des matières" heading over short lines. A page of short lines right after such a page
 * continues it (an ebook's table often has no page numbers).
 */
function isContents(lines: string[], afterContents: boolean): boolean {
	const entries = lines.filter((l) => l.length <= 150 && ENDS_IN_PAGE_NUMBER.test(l)).length;
	const leaders = lines.filter((l) => LEADERS.test(l)).length;
	if (leaders >= 3) return true;
	if (entries >= 3 && entries >= lines.length / 2) return true;
	const short = lines.filter((l) => l.length <= 80).length;
	const mostlyShort = lines.length >= 3 && short >= lines.length * 0.8;
	const heading = lines
		.slice(0, 2)
		.some((l) => CONTENTS_HEADING.test(l.replace(/[\s.:]+$/u, '').replace(/\s+/gu, ' ')));
	if (heading && (entries >= 1 || mostlyShort)) return true;
	return afterContents && mostlyShort;
}
