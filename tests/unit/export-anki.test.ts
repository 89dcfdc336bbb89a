import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ankiTag, toAnki } from '../../src/lib/export/anki.ts';
import { BOOK, trickyRows } from './export-fixtures.ts';

/**
 * Reads an Anki text file the way the Anki manual ("Importing › Text files › File headers")
 * describes it: `#key:value` header lines at the top, then one note per record, fields split
 * by the separator, quoted fields allowed, and lines starting with # skipped.
 */
function readAnki(text: string) {
	const lines = text.split('\n');
	const headers = new Map<string, string>();
	let at = 0;
	for (; at < lines.length && lines[at].startsWith('#'); at++) {
		const [key, ...value] = lines[at].slice(1).split(':');
		headers.set(key.trim().toLowerCase(), value.join(':'));
	}
	expect(headers.get('separator')).toBe('tab');
	const records = Papa.parse<string[]>(lines.slice(at).join('\n'), {
		delimiter: '\t',
		comments: '#',
		newline: '\n',
		skipEmptyLines: true
	});
	expect(records.errors).toEqual([]);
	const columns = headers.get('columns')!.split('\t');
	const tagsColumn = Number(headers.get('tags column')) - 1;
	const notes = records.data.map(
		(fields) =>
			({
				...Object.fromEntries(columns.map((c, k) => [c, fields[k]])),
				tags: [...headers.get('tags')!.split(' '), ...fields[tagsColumn].split(' ')]
			}) as Record<string, string> & { tags: string[] }
	);
	return { headers, notes };
}

describe('Anki text file', () => {
	it('declares tab, plain text, Basic, the deck and the book tag in its header lines', () => {
		const { headers } = readAnki(toAnki(trickyRows(), BOOK));
		expect(Object.fromEntries(headers)).toEqual({
			separator: 'tab',
			html: 'false',
			columns: 'Front\tBack\tTags',
			deck: 'Les Misérables : tome 1',
			notetype: 'Basic',
			tags: 'Les_Misérables_:_tome_1',
			'tags column': '3'
		});
	});

	it('makes one note per output: front the short sentence, back the source and its page', () => {
		const rows = trickyRows();
		const { notes } = readAnki(toAnki(rows, BOOK));
		const expected = rows.flatMap((r) =>
			r.output.map((front) => ({
				Front: front,
				Back: `${r.source} (p. ${r.page})`,
				Tags: `Les_Misérables_:_tome_1::p${r.page}`,
				tags: ['Les_Misérables_:_tome_1', `Les_Misérables_:_tome_1::p${r.page}`]
			}))
		);
		expect(notes).toEqual(expected);
	});

	it('keeps quotes, a tab, a newline and a leading # inside a field', () => {
		const { notes } = readAnki(toAnki(trickyRows(), BOOK));
		const fronts = notes.map((n) => n.Front);
		expect(fronts).toContain('Elle cria "Non !"\tpuis, à voix basse,\nelle pleura.');
		expect(fronts).toContain('#dièse à l’été.');
	});

	it('makes tags without spaces', () => {
		expect(ankiTag('  Le Rouge et le Noir ')).toBe('Le_Rouge_et_le_Noir');
		expect(ankiTag('')).toBe('book');
	});
});
