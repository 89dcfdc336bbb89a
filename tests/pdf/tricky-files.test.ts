/**
 * Every fixture PDF, from the test suites of pdf.js, OCRmyPDF, py-pdf and pdf-lib plus our
 * generated ones, ends in a result or a specific failure within 30 s, never a hang.
 */
import { describe, expect, it } from 'vitest';
import { createNodePdfCore } from '../../src/lib/pdf/pdf-core-node.ts';
import type {
	ExtractResult,
	InspectResult,
	PdfExtraction,
	PdfFailureCode,
	PdfInspection
} from '../../src/lib/pdf/pdf-core.ts';
import { fixture, within } from './fixtures.ts';

const core = createNodePdfCore();

interface Case {
	file: string;
	/** 'ok', or the failure code expected from both inspect and extract. */
	outcome: 'ok' | PdfFailureCode;
	inspect?: (r: PdfInspection) => void;
	extract?: (r: PdfExtraction) => void;
	/** For files that open but have no body text: extract answers 'no_text'. */
	noText?: boolean;
}

const scanned = (r: PdfInspection) => {
	expect(r.textPages).toEqual([]);
	expect(r.imagePages).toEqual([1]);
};
const text = (expected: string) => (r: PdfExtraction) => expect(r.pages.join('\f')).toBe(expected);

const CASES: Case[] = [
	{ file: 'empty.pdf', outcome: 'empty_file' },
	{ file: 'not-a-pdf.pdf', outcome: 'not_pdf' },
	{ file: 'header-too-late.pdf', outcome: 'not_pdf' },
	{
		file: 'junk-before-header.pdf',
		outcome: 'ok',
		extract: text('Une page de texte, précédée de données parasites.')
	},
	{ file: 'ocrmypdf__invalid.pdf', outcome: 'damaged' },
	{ file: 'pdfjs__REDHAT-1531897-0.pdf', outcome: 'damaged' },
	{ file: 'pdfjs__issue3371.pdf', outcome: 'password_required' },
	{ file: 'ocrmypdf__francais.pdf', outcome: 'ok', inspect: scanned, noText: true },
	{ file: 'ocrmypdf__vector.pdf', outcome: 'ok', inspect: scanned, noText: true },
	{ file: 'ocrmypdf__no_contents.pdf', outcome: 'ok', inspect: scanned, noText: true },
	{ file: 'pdfjs__empty#hash.pdf', outcome: 'ok', inspect: scanned, noText: true },
	{ file: 'pdfjs__issue15590.pdf', outcome: 'ok', inspect: scanned, noText: true },
	{
		file: 'pdfjs__empty_protected.pdf',
		outcome: 'ok',
		inspect: (r) => {
			expect(r.encrypted).toBe(true);
			scanned(r);
		},
		noText: true
	},
	{
		file: 'pdfjs__issue7665.pdf',
		outcome: 'ok',
		inspect: (r) => expect(r.encrypted).toBe(true),
		extract: text('Issue 7665')
	},
	{
		file: 'pdfjs__Pages-tree-refs.pdf',
		outcome: 'ok',
		inspect: (r) => expect(r).toMatchObject({ pageCount: 2, textPages: [1], damagedPages: [2] }),
		extract: (r) => {
			expect(r.pages[0]).toContain('Pages loop');
			expect(r.emptyPages).toEqual([2]);
		}
	},
	{ file: 'pdfjs__xref_command_missing.pdf', outcome: 'ok', extract: text('Reduced test-case') },
	{ file: 'pdfjs__issue9105_other.pdf', outcome: 'ok', extract: text('Adobe tweet') },
	{
		file: 'pdflib__missing_endobj_keyword.pdf',
		outcome: 'ok',
		extract: text('Grandes Clientèles, Financements et Marchés')
	},
	{ file: 'pdfjs__simpletype3font.pdf', outcome: 'ok', extract: text('ababab') },
	// Its text layer decodes to garbage; the pipeline (page selection) treats it as a scan.
	{ file: 'pdfjs__TrueType_without_cmap.pdf', outcome: 'ok' },
	{
		file: 'pdfjs__copy_paste_ligatures.pdf',
		outcome: 'ok',
		extract: text('abcdeffffiflffifflststghijklmno')
	},
	{
		file: 'pdfjs__french_diacritics.pdf',
		outcome: 'ok',
		extract: text('à À â Â ä Ä ç Ç é É è È ê Ê ë Ë î Î ï Ï ô Ô ù Ù û Û ü Ü')
	},
	{
		file: 'ocrmypdf__truetype_font_nomapping.pdf',
		outcome: 'ok',
		inspect: (r) => expect(r.textPages).toEqual([1])
	},
	{
		file: 'ocrmypdf__graph_ocred.pdf',
		outcome: 'ok',
		inspect: (r) => expect(r.textPages).toEqual([1])
	},
	{
		file: 'pdfjs__ArabicCIDTrueType.pdf',
		outcome: 'ok',
		extract: (r) => expect(r.pages[0]).toContain('العربية')
	},
	{
		file: 'pdfjs__vertical.pdf',
		outcome: 'ok',
		extract: (r) => {
			expect(r.pages[0]).toContain('日本語');
			expect(r.emptyPages).toEqual([2, 3]);
		}
	},
	{
		file: 'pdfjs__rotation.pdf',
		outcome: 'ok',
		extract: text(
			'This is my first page with normal layout. This is the second line on the page.\f' +
				'This is my second page. It will have a landscape layout. Second line here.'
		)
	},
	{
		file: 'pdfjs__xfa_issue14315.pdf',
		outcome: 'ok',
		extract: (r) => expect(r.pages[0]).toContain('requires Adobe Reader 8')
	},
	{
		file: 'pdfjs__bug1868759.pdf',
		outcome: 'ok',
		extract: (r) => {
			expect(r.pages[0]).toContain("Le vérificateur d'avis de Firefox est une fonctionnalité");
			// The browser's print header (title, URL) and footer ("2 sur 7", date) are gone.
			expect(r.pages[0]).not.toMatch(/https:|sur 7|06\/12\/2023/u);
		}
	},
	{
		file: 'pysample__multicolumn.pdf',
		outcome: 'ok',
		extract: (r) => {
			// The paragraph runs from the foot of the left column to the top of the right one.
			expect(r.pages[0]).toContain(
				'Vivamus viverra fermentum felis. Donec nonummy pellentesque ante.'
			);
		}
	}
];

function expectOutcome(result: InspectResult | ExtractResult, code: 'ok' | PdfFailureCode): void {
	if (code === 'ok') expect(result, result.ok ? '' : result.message).toMatchObject({ ok: true });
	else expect(result).toMatchObject({ ok: false, code });
	if (!result.ok) expect(result.message.length).toBeGreaterThan(20);
}

describe.each(CASES)('$file', ({ file, outcome, inspect, extract, noText }) => {
	it(`inspect ends in ${outcome} within 30 s`, async () => {
		const result = await within(core.inspect(fixture(file)));
		expectOutcome(result, outcome);
		if (result.ok && inspect) inspect(result);
	});

	it(`extract ends in ${noText ? 'no_text' : outcome} within 30 s`, async () => {
		const result = await within(core.extract(fixture(file)));
		expectOutcome(result, noText ? 'no_text' : outcome);
		if (result.ok && extract) extract(result);
	});
});

describe('the fixture list', () => {
	it('covers every PDF in tests/fixtures', async () => {
		const { readdirSync } = await import('node:fs');
		const dir = new URL('../fixtures/', import.meta.url);
		const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf') && !f.startsWith('saint-simon'));
		expect(pdfs.filter((f) => f !== 'mini-novel.pdf').sort()).toEqual(
			CASES.map((c) => c.file).sort()
		);
	});
});
