import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../src/lib/export/cell-safety.ts';
import { toCsv } from '../../src/lib/export/csv.ts';
import { exportTable, tableCells } from '../../src/lib/export/export-columns.ts';
import { toTsv } from '../../src/lib/export/tsv.ts';
import { trickyRows } from './export-fixtures.ts';

/** What a spreadsheet must show for a text cell, written out from OWASP's rule and ours. */
function shown(text: string): string {
	if (/^- /u.test(text)) return '–' + text.slice(1);
	if (/^[=+\-@\t\r]/u.test(text)) return "'" + text;
	return text;
}

describe('neutraliseCell', () => {
	it.each([
		['=1+1', "'=1+1"],
		['+33 6', "'+33 6"],
		['-2 degrés', "'-2 degrés"],
		['-Oui', "'-Oui"],
		['@SUM(A1)', "'@SUM(A1)"],
		['\tcaché', "'\tcaché"],
		['\rretour', "'\rretour"],
		['＝1+1', "'＝1+1"]
	])('quotes %j, which a spreadsheet would run as a formula', (cell, safe) => {
		expect(neutraliseCell(cell)).toBe(safe);
	});

	it.each([
		['- Oui, dit-il.', '– Oui, dit-il.'],
		['-\u00a0Non.', '–\u00a0Non.'],
		['-\u202fSi.', '–\u202fSi.']
	])('prints a hyphen used as a dialogue dash as the typographic dash: %j', (cell, safe) => {
		expect(neutraliseCell(cell)).toBe(safe);
	});

	it.each(['– Non ! répondit-elle.', '— Viens.', 'Il dit = ou +.', '#dièse', "'déjà"])(
		'leaves %j as it is',
		(cell) => {
			expect(neutraliseCell(cell)).toBe(cell);
		}
	);
});

describe('CSV', () => {
	it('reads back through papaparse as the same rows, risky starts neutralised', () => {
		const table = exportTable(trickyRows());
		const csv = toCsv(table);
		expect(csv.startsWith('\ufeff')).toBe(true);
		// Excel takes the BOM as the encoding mark; a CSV parser sees it as text.
		const parsed = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n', skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		const expected = tableCells(table).map((row, r) =>
			r === 0 ? row : row.map((v, c) => (typeof table.body[r - 1][c] === 'number' ? v : shown(v)))
		);
		expect(parsed.data).toEqual(expected);
	});

	it('keeps accents, quotes, a tab and a newline inside one cell', () => {
		const [, ...rows] = Papa.parse<string[]>(toCsv(exportTable(trickyRows())).slice(1), {
			newline: '\r\n',
			skipEmptyLines: true
		}).data;
		const outputs = rows.map((r) => r[3]);
		expect(outputs).toContain('Elle cria "Non !"\tpuis, à voix basse,\nelle pleura.');
		expect(outputs).toContain('Il dit : « Venez, mes amis ».');
	});

	it('starts no cell with = + - @ and shows dialogue with its dash', () => {
		const rows = Papa.parse<string[]>(toCsv(exportTable(trickyRows())).slice(1), {
			newline: '\r\n'
		}).data;
		for (const cell of rows.flat()) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/u);
		expect(rows.map((r) => r[3])).toEqual(
			expect.arrayContaining([
				'\'=HYPERLINK("http://x.example","clic")',
				'– Oui, dit-il.',
				'– Non ! répondit-elle.',
				'— Viens.'
			])
		);
	});

	it('ends every record with CRLF, as RFC 4180 says', () => {
		const csv = toCsv(exportTable(trickyRows().slice(0, 1)));
		expect(csv).toBe(
			'\ufeffsentence,page,source,output,words,how\r\n' +
				'1,3,"Il dit : « Venez, mes amis », et partit.","Il dit : « Venez, mes amis ».",5,mechanical\r\n' +
				'1,3,,Et il partit.,3,mechanical\r\n'
		);
	});

	it('writes only the chosen columns, in the app order, with the given headers', () => {
		const table = exportTable(trickyRows().slice(0, 1), ['output', 'page'], {
			index: 'n°',
			page: 'Page',
			source: 'Source',
			output: 'Phrase',
			words: 'Mots',
			how: 'Comment'
		});
		expect(tableCells(table)).toEqual([
			['Page', 'Phrase'],
			['3', 'Il dit : « Venez, mes amis ».'],
			['3', 'Et il partit.']
		]);
	});

	it('marks an edited output as edited, and a pending sentence has no row', () => {
		const table = exportTable(trickyRows(), ['index', 'how']);
		expect(table.body).toContainEqual([7, 'edited']);
		expect(table.body.some((r) => r[0] === 9)).toBe(false);
	});
});

describe('TSV', () => {
	it('puts each output on one line with tabs between cells, safe for a paste into Sheets', () => {
		const tsv = toTsv(exportTable(trickyRows()));
		const lines = tsv.trimEnd().split('\n');
		expect(lines[0]).toBe('sentence\tpage\tsource\toutput\twords\thow');
		expect(lines).toHaveLength(1 + 10);
		for (const line of lines) expect(line.split('\t')).toHaveLength(6);
		expect(lines[3].split('\t')[3]).toBe('Elle cria "Non !" puis, à voix basse, elle pleura.');
		expect(lines.map((l) => l.split('\t')[3])).toEqual(
			expect.arrayContaining(['\'=HYPERLINK("http://x.example","clic")', '– Oui, dit-il.'])
		);
	});
});
