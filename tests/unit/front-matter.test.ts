import { describe, expect, it } from 'vitest';
import { detectFrontBackMatter } from '../../src/lib/shared/pipeline/front-matter.ts';

/** A page of story, one paragraph per line as the extractor writes it. */
const story = (n: number) =>
	`Le ${n}e jour, Candide marcha longtemps sans savoir où, pleurant, levant les yeux au ciel.\n` +
	"Il se coucha sans souper au milieu des champs, entre deux sillons ; la neige tombait à gros flocons, et le lendemain il se traîna vers la ville voisine, qui s'appelle Valdberghoff-trarbk-dikdorff.";

/** A book of `n` pages of story. */
const book = (n: number) => Array.from({ length: n }, (_, i) => story(i + 1));

const DOTTED_TOC = [
	'Table des matières',
	'Chapitre premier ........................................ 5',
	'Chapitre II ............................................... 12',
	'Chapitre III .............................................. 19',
	'Chapitre IV ............................................... 27'
].join('\n');

const COLUMN_TOC = [
	'Comment Candide fut élevé dans un beau château 7',
	'Ce que devint Candide parmi les Bulgares 11',
	'Comment Candide se sauva 15',
	'Comment Candide retrouva son ancien maître 18',
	'Tempête, naufrage, tremblement de terre 22'
].join('\n');

const COPYRIGHT = [
	'© Éditions du Test, 2024',
	'Tous droits de reproduction, de traduction et d’adaptation réservés pour tous pays.',
	'ISBN 978-2-07-036002-4',
	'Dépôt légal : janvier 2024'
].join('\n');

describe('detectFrontBackMatter', () => {
	it('finds the matter of a printed novel: cover, title, copyright, and the table at the end', () => {
		const pages = [
			'',
			'VOLTAIRE\nCandide\nou l’Optimisme',
			COPYRIGHT,
			...book(30),
			COLUMN_TOC,
			"Achevé d'imprimer en mars 2024\nN° d'impression : 1234",
			''
		];
		expect(detectFrontBackMatter(pages)).toEqual([
			{ page: 1, reason: 'blank' },
			{ page: 2, reason: 'title' },
			{ page: 3, reason: 'publisher' },
			{ page: 34, reason: 'contents' },
			{ page: 35, reason: 'publisher' },
			{ page: 36, reason: 'blank' }
		]);
	});

	it('finds a dotted-leader table of contents and its continuation without a heading', () => {
		const continued = [
			'Chapitre V ...................... 33',
			'Chapitre VI ..................... 41',
			'Chapitre VII .................... 48'
		].join('\n');
		const pages = [
			'Émile Zola\nGERMINAL\n(1885)',
			DOTTED_TOC,
			continued,
			'PREMIÈRE PARTIE',
			...book(20)
		];
		expect(detectFrontBackMatter(pages)).toEqual([
			{ page: 1, reason: 'title' },
			{ page: 2, reason: 'contents' },
			{ page: 3, reason: 'contents' }
		]);
	});

	it('takes a headed table of chapter titles without page numbers, and its next page', () => {
		const titles = (from: number) =>
			Array.from({ length: 6 }, (_, k) => `Chapitre ${from + k} : le voyage continue`).join('\n');
		const pages = [...book(20), `Sommaire\n${titles(1)}`, titles(7)];
		expect(detectFrontBackMatter(pages)).toEqual([
			{ page: 21, reason: 'contents' },
			{ page: 22, reason: 'contents' }
		]);
	});

	it('finds a table of contents after a dedication, where the front run has already ended', () => {
		const pages = ['Candide', 'À mon ami Pangloss, qui avait raison.', DOTTED_TOC, ...book(30)];
		expect(detectFrontBackMatter(pages)).toEqual([
			{ page: 1, reason: 'title' },
			{ page: 3, reason: 'contents' }
		]);
	});

	it("finds an ebook publisher's page at the end, however long it is", () => {
		const about = [
			'À propos de cette édition électronique',
			'Texte libre de droits.',
			'Corrections, édition, conversion informatique et publication par le groupe :',
			'Ebooks libres et gratuits',
			...Array.from(
				{ length: 20 },
				() =>
					'Les livres que nous mettons à votre disposition sont des textes libres de droits, que vous pouvez utiliser librement.'
			)
		].join('\n');
		expect(detectFrontBackMatter([...book(20), about])).toEqual([
			{ page: 21, reason: 'publisher' }
		]);
	});

	it('keeps the last page of the story even when a printing notice ends it', () => {
		const last = `${story(99)}\n${story(100)}\n${story(101)}\nAchevé d'imprimer en mars 2024 sur les presses de l'imprimerie du Test.`;
		expect(detectFrontBackMatter([...book(20), last])).toEqual([]);
	});

	it('keeps a short last page of the story, and a part heading at the start', () => {
		const pages = [
			'PREMIÈRE PARTIE',
			...book(20),
			'les récoltes du siècle futur, et la terre éclatait.'
		];
		expect(detectFrontBackMatter(pages)).toEqual([]);
	});

	it('ignores copyright words and numbered lines in the middle of the book', () => {
		const middle = `© 1759, écrivit-il au bas de la lettre.\n${['Un 1', 'Deux 2', 'Trois 3', 'Quatre 4'].join('\n')}`;
		const pages = [...book(20), middle, ...book(20)];
		expect(detectFrontBackMatter(pages)).toEqual([]);
	});

	it('never takes every page with text: a one-page document is its own body', () => {
		expect(detectFrontBackMatter(['Issue 7665'])).toEqual([]);
		expect(detectFrontBackMatter(['Pages loop', ''])).toEqual([]);
		expect(detectFrontBackMatter([COPYRIGHT])).toEqual([]);
	});

	it('finds nothing in a book without matter, or in no pages at all', () => {
		expect(detectFrontBackMatter(book(10))).toEqual([]);
		expect(detectFrontBackMatter([])).toEqual([]);
	});
});
