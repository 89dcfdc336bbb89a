import { describe, expect, it } from 'vitest';
import type { ResultRow } from '../../src/lib/shared/pipeline/merge.ts';
import { filterRows, firstRowFromPage } from '../../src/lib/workspace/row-filters.ts';
import { toWorkspaceRow, withResult } from '../../src/lib/workspace/workspace-row.ts';

function row(index: number, page: number, how: ResultRow['outputSource'], output: string[]) {
	return toWorkspaceRow({
		index,
		page,
		source: `Source ${index}.`,
		sourceWords: 2,
		output,
		outputSource: how,
		edited: false
	});
}

const rows = [
	row(0, 1, 'unchanged', ['Il dort.']),
	row(1, 1, 'model', ['La rivière coule.', 'Le pont tient.']),
	row(2, 2, 'mechanical', ['Il marche.', 'Il tombe.']),
	row(3, 3, 'repaired', ['Elle lit.']),
	row(4, 3, 'pending', []),
	withResult(row(5, 4, 'model', ['Court.']), {
		sentences: ['Une phrase bien trop longue pour la limite de huit mots ici.'],
		source: 'model',
		edited: true,
		original: ['Court.']
	})
];
const all = { text: '', filters: [] };

describe('row filters', () => {
	it('returns the very same rows when nothing filters, so the view does not churn', () => {
		expect(filterRows(rows, all, 8)).toBe(rows);
	});

	it('keeps rows of any checked kind', () => {
		const idx = (f: Parameters<typeof filterRows>[1]['filters']) =>
			filterRows(rows, { text: '', filters: f }, 8).map((r) => r.index);
		expect(idx(['rewritten'])).toEqual([1, 5]);
		expect(idx(['split'])).toEqual([2]);
		expect(idx(['repaired'])).toEqual([3]);
		expect(idx(['unchanged'])).toEqual([0]);
		expect(idx(['edited'])).toEqual([5]);
		expect(idx(['split', 'repaired'])).toEqual([2, 3]);
	});

	it('finds rows an edit pushed over the limit, and only those', () => {
		const over = filterRows(rows, { text: '', filters: ['over_limit'] }, 8);
		expect(over.map((r) => r.index)).toEqual([5]);
		expect(filterRows(rows, { text: '', filters: ['over_limit'] }, 20)).toEqual([]);
	});

	it('keeps a page range, both ends included', () => {
		const r = filterRows(rows, { ...all, pageFrom: 2, pageTo: 3 }, 8);
		expect(r.map((x) => x.index)).toEqual([2, 3, 4]);
		expect(filterRows(rows, { ...all, pageFrom: 4 }, 8).map((x) => x.index)).toEqual([5]);
	});

	it('combines the search with the filters and the range', () => {
		const r = filterRows(rows, { text: 'riviere', filters: ['rewritten'], pageTo: 1 }, 8);
		expect(r.map((x) => x.index)).toEqual([1]);
		expect(filterRows(rows, { text: 'riviere', filters: ['split'] }, 8)).toEqual([]);
	});

	it('searches the edited text, not the text before the edit', () => {
		expect(filterRows(rows, { text: 'longue', filters: [] }, 8).map((r) => r.index)).toEqual([5]);
		expect(filterRows(rows, { text: 'court', filters: [] }, 8)).toEqual([]);
	});

	it('jumps to the first row of a page, or of the next page that has rows', () => {
		expect(firstRowFromPage(rows, 3)).toBe(3);
		const shown = filterRows(rows, { text: '', filters: ['rewritten'] }, 8);
		expect(firstRowFromPage(shown, 2)).toBe(1);
		expect(firstRowFromPage(rows, 99)).toBe(-1);
	});
});
