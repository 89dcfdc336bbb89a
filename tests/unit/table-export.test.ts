import { describe, expect, it } from 'vitest';
import { exportRows, toCsv, toTsv } from '../../src/lib/export/table-export.ts';
import type { ResultRow } from '../../src/lib/shared/pipeline/merge.ts';

const row: ResultRow = {
	index: 0,
	page: 3,
	source: 'Il dit : « Venez, mes amis », et partit.',
	sourceWords: 7,
	output: ['Il dit : « Venez, mes amis ».', 'Et il partit.'],
	outputSource: 'model',
	edited: false
};

describe('export', () => {
	it('writes one line per output sentence, the source on the first', () => {
		const t = exportRows([row]);
		expect(t).toHaveLength(3);
		expect(t[1]).toEqual(['1', '3', row.source, row.output[0], '5', 'model']);
		expect(t[2][2]).toBe('');
	});

	it('quotes CSV cells with commas and quotes, with a BOM for Excel', () => {
		const csv = toCsv([['a,b', 'say "hi"']]);
		expect(csv).toBe('\ufeff"a,b","say ""hi"""\r\n');
	});

	it('keeps TSV cells on one line', () => {
		expect(toTsv([['a\tb', 'c\nd']])).toBe('a b\tc d');
	});
});
