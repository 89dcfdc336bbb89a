import { describe, expect, it } from 'vitest';
import { toJson, type JsonSentence } from '../../src/lib/export/json.ts';
import { toReadingText } from '../../src/lib/export/reading-text.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import { BOOK, trickyRows } from './export-fixtures.ts';

describe('reading text', () => {
	it('gives the title, then one paragraph of short sentences per page, in book order', () => {
		const text = toReadingText(trickyRows(), BOOK);
		const [title, author, blank, ...rest] = text.split('\n');
		expect([title, author, blank]).toEqual(['Les Misérables : tome 1', 'Victor Hugo', '']);
		const paragraphs = rest.join('\n').trimEnd().split('\n\n');
		expect(paragraphs).toHaveLength(4);
		expect(paragraphs[0]).toBe(
			'Il dit : « Venez, mes amis ». Et il partit. Elle cria "Non !" puis, à voix basse, elle pleura.'
		);
		expect(paragraphs[1]).toBe(
			'=HYPERLINK("http://x.example","clic") - Oui, dit-il. – Non ! répondit-elle.'
		);
		expect(paragraphs[3]).toBe('Une phrase encore en attente.');
	});
});

describe('JSON', () => {
	it('holds every source sentence with its page, outputs, word counts, how, and edits', () => {
		const rows = trickyRows();
		const exportedAt = new Date('2026-12-02T10:30:00Z');
		const json = JSON.parse(toJson(BOOK, rows, exportedAt)) as {
			title: string;
			exportedAt: string;
			sentenceCount: number;
			skippedPages: unknown[];
			sentences: JsonSentence[];
		};
		expect(json).toMatchObject({
			title: BOOK.title,
			author: BOOK.author,
			mode: 'mechanical',
			limit: 8,
			pageCount: 6,
			skippedPages: [{ page: 1, reason: 'title page' }],
			exportedAt: '2026-12-02T10:30:00.000Z',
			sentenceCount: rows.length
		});
		expect(json.sentences).toHaveLength(rows.length);
		json.sentences.forEach((s, k) => {
			expect(s).toMatchObject({
				index: rows[k].index,
				page: rows[k].page,
				source: rows[k].source,
				output: rows[k].output,
				how: rows[k].outputSource,
				edited: rows[k].edited
			});
			expect(s.outputWords).toEqual(rows[k].output.map(countWords));
		});
		expect(json.sentences[6]).toMatchObject({ edited: true, original: ['+33 est un numéro.'] });
		expect(json.sentences[0]).not.toHaveProperty('original');
		expect(json.sentences[8]).toMatchObject({ how: 'pending', output: [] });
	});
});
