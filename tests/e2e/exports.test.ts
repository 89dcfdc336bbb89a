/**
 * Every export format from a book's page in Chromium: the mini novel processed in mechanical
 * mode, two outputs edited to start like a formula and like a dialogue line, then each file
 * downloaded and read back by an independent reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, launchChromium, openApp, startStack, type Stack } from './harness.ts';
import { seedBook } from './seed-book.ts';

interface StoredSentence {
	index: number;
	page: number;
	text: string;
}
interface StoredResult {
	sentenceIndex: number;
	sentences: string[];
	edited: boolean;
	original?: string[];
}

let browser: Browser;
let stack: Stack;
let context: BrowserContext;
let page: Page;
let errors: string[];
let title: string;
let book: { sentences: StoredSentence[]; results: StoredResult[] };

const DIALOGUE = '- Oui, dit-il.';
const FORMULA = '=2+2 font quatre.';

/** The book's sentences and results as IndexedDB holds them. */
function storedBook(p: Page) {
	return p.evaluate(async () => {
		const req = indexedDB.open('french-novel-tool');
		const idb = await new Promise<IDBDatabase>((res, rej) => {
			req.onsuccess = () => res(req.result);
			req.onerror = () => rej(req.error);
		});
		const all = <T>(store: string) =>
			new Promise<T[]>((res) => {
				const r = idb.transaction(store).objectStore(store).getAll();
				r.onsuccess = () => res(r.result as T[]);
			});
		const [jobs, blocks, resultBlocks] = await Promise.all([
			all<{ id: string; name: string; title?: string }>('jobs'),
			all<{ sentences: StoredSentence[] }>('sentenceBlocks'),
			all<{ results: StoredResult[] }>('resultBlocks')
		]);
		// Stored in blocks of consecutive sentences (src/lib/db/row-blocks.ts).
		const sentences = blocks.flatMap((b) => b.sentences);
		const results = resultBlocks.flatMap((b) => b.results);
		idb.close();
		return { job: jobs[0], sentences, results };
	});
}

/** Output sentences in book order: one table row each. */
function outputs(): string[] {
	const byIndex = new Map(book.results.map((r) => [r.sentenceIndex, r]));
	return [...book.sentences]
		.sort((a, b) => a.index - b.index)
		.flatMap((s) => byIndex.get(s.index)?.sentences ?? []);
}

/** Chooses `format`, presses Download and returns the file's name and path. */
async function download(format: string): Promise<{ name: string; path: string }> {
	await page.getByTestId('export-format').selectOption(format);
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-download').click()
	]);
	return { name: file.suggestedFilename(), path: (await file.path())! };
}

/** Waits until `check` holds (expect.poll is for tests, not hooks). */
async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${check.toString()}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** Edits the first output of row `pos` to `text`, through the workspace's editor. */
async function editFirstOutput(pos: number, text: string) {
	const row = page.locator(`[data-testid=result-row][data-index="${pos}"]`);
	await row.getByTestId('row-edit').click();
	const field = page.getByTestId('edit-sentence').first();
	await field.fill(text);
	await field.press('Enter');
	await until(
		async () => (await row.getByTestId('output-sentence').first().textContent()) === text
	);
}

beforeAll(async () => {
	browser = await launchChromium();
	stack = await startStack({ ai: false });
	({ context, page, errors } = await openApp(browser, stack.relay.url));
	await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'mini-novel.pdf'));
	await page.waitForSelector('[data-testid=job][data-status=completed]', { timeout: 60_000 });
	const { job } = await storedBook(page);
	title = job.title?.trim() || job.name;
	await page.goto(`${stack.relay.url}/book/${job.id}`);
	await page.getByTestId('result-row').first().waitFor();
	await editFirstOutput(0, DIALOGUE);
	await editFirstOutput(1, FORMULA);
	await until(async () => (await storedBook(page)).results.filter((r) => r.edited).length === 2);
	book = await storedBook(page);
});
afterAll(async () => {
	await browser?.close();
	await stack?.close();
});

describe('exports from a book’s page', () => {
	it('XLSX: a header and one output per row, = and - kept as text, and the book sheet', async () => {
		const file = await download('xlsx');
		expect(file.name).toBe(`${title}.xlsx`);
		const sheets = await readXlsxFile(readFileSync(file.path));
		expect(sheets.map((s) => s.sheet)).toEqual(['Sentences', 'Book']);
		const [header, ...rows] = sheets[0].data;
		expect(header).toEqual([
			'Sentence no.',
			'Page',
			'Source sentence',
			'Short sentence',
			'Words',
			'How it was made'
		]);
		expect(rows.map((r) => r[3])).toEqual(outputs());
		expect(rows[0][3]).toBe(DIALOGUE);
		expect(rows.find((r) => r[0] === 2)?.[3]).toBe(FORMULA);
		expect(rows[0][5]).toBe('edited');
		const details = Object.fromEntries(sheets[1].data.map(([k, v]) => [k, v]));
		expect(details).toMatchObject({ Title: title, Mode: 'mechanical', 'Word limit': 8 });
		expect(details.Exported).toBeInstanceOf(Date);
	});

	it('CSV: UTF-8 with a BOM, the same rows, the formula quoted and the dialogue dash typeset', async () => {
		const file = await download('csv');
		expect(file.name).toBe(`${title}.csv`);
		const text = readFileSync(file.path, 'utf8');
		expect(text.charCodeAt(0)).toBe(0xfeff);
		const [, ...rows] = Papa.parse<string[]>(text.slice(1), {
			newline: '\r\n',
			skipEmptyLines: true
		}).data;
		const expected = outputs().map((o) =>
			o === DIALOGUE ? '– Oui, dit-il.' : o === FORMULA ? `'${FORMULA}` : o
		);
		expect(rows.map((r) => r[3])).toEqual(expected);
		for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@]/u);
	});

	it('TSV: one line per output, tab-separated', async () => {
		const file = await download('tsv');
		expect(file.name).toBe(`${title}.tsv`);
		const lines = readFileSync(file.path, 'utf8').trimEnd().split('\n');
		expect(lines).toHaveLength(1 + outputs().length);
		for (const line of lines) expect(line.split('\t')).toHaveLength(6);
	});

	it('Anki: its header lines, then one note per output with the source and page behind', async () => {
		const file = await download('anki');
		expect(file.name).toBe(`${title}.anki.txt`);
		const lines = readFileSync(file.path, 'utf8').trimEnd().split('\n');
		const header = lines.filter((l) => l.startsWith('#'));
		const tag = title.replace(/\s+/gu, '_');
		expect(header).toEqual([
			'#separator:tab',
			'#html:false',
			'#columns:Front\tBack\tTags',
			`#deck:${title}`,
			'#notetype:Basic',
			`#tags:${tag}`,
			'#tags column:3'
		]);
		const notes = Papa.parse<string[]>(lines.slice(header.length).join('\n'), {
			delimiter: '\t',
			comments: '#'
		}).data;
		expect(notes.map((n) => n[0])).toEqual(outputs());
		const first = [...book.sentences].sort((a, b) => a.index - b.index)[0];
		expect(notes[0]).toEqual([
			DIALOGUE,
			`${first.text} (p. ${first.page})`,
			`${tag}::p${first.page}`
		]);
	});

	it('reading text: the title, then the short sentences as paragraphs', async () => {
		const file = await download('txt');
		expect(file.name).toBe(`${title}.txt`);
		const text = readFileSync(file.path, 'utf8');
		const [head, ...paragraphs] = text.trimEnd().split('\n\n');
		expect(head.split('\n')[0]).toBe(title);
		expect(paragraphs.join(' ').replace(/\s+/gu, ' ')).toBe(
			outputs().join(' ').replace(/\s+/gu, ' ')
		);
	});

	it('JSON: every source sentence, its outputs and the reader’s edits with the originals', async () => {
		const file = await download('json');
		expect(file.name).toBe(`${title}.json`);
		const json = JSON.parse(readFileSync(file.path, 'utf8')) as {
			title: string;
			sentences: { index: number; output: string[]; edited: boolean; original?: string[] }[];
		};
		expect(json.title).toBe(title);
		expect(json.sentences).toHaveLength(book.sentences.length);
		const edited = json.sentences.filter((s) => s.edited);
		expect(edited.map((s) => s.output[0])).toEqual([DIALOGUE, FORMULA]);
		for (const s of edited) {
			expect(s.original).toEqual(book.results.find((r) => r.sentenceIndex === s.index)?.original);
		}
	});

	it('takes only the chosen columns and the chosen pages', async () => {
		await page.getByTestId('export-format').selectOption('csv');
		await page.getByTestId('export-col-source').uncheck();
		await page.getByTestId('export-col-how').uncheck();
		await page.getByTestId('export-scope-pages').check();
		const last = Math.max(...book.sentences.map((s) => s.page));
		await page.getByTestId('export-page-from').fill(String(last));
		await page.getByTestId('export-page-to').fill(String(last));
		const file = await download('csv');
		expect(file.name).toBe(`${title} p${last}-${last}.csv`);
		const [header, ...rows] = Papa.parse<string[]>(readFileSync(file.path, 'utf8').slice(1), {
			newline: '\r\n',
			skipEmptyLines: true
		}).data;
		expect(header).toEqual(['Sentence no.', 'Page', 'Short sentence', 'Words']);
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row[1]).toBe(String(last));
		await page.getByTestId('export-col-source').check();
		await page.getByTestId('export-col-how').check();
	});

	it('takes the rows the search shows, and copies them for Google Sheets', async () => {
		await context.grantPermissions(['clipboard-read', 'clipboard-write']);
		await page.getByTestId('book-search').fill('château');
		await page.getByTestId('export-scope-filtered').check();
		await page.getByTestId('export-copy').click();
		await expect.poll(() => page.getByTestId('export-status').textContent()).toMatch(/^Copied/u);
		const pasted = await page.evaluate(() => navigator.clipboard.readText());
		const [header, ...lines] = pasted.trimEnd().split('\n');
		expect(header.split('\t')).toHaveLength(6);
		const numbers = new Set(lines.map((l) => Number(l.split('\t')[0])));
		const shown = Number(/\d+/u.exec((await page.getByTestId('shown-count').textContent())!)![0]);
		expect(numbers.size).toBe(shown);
		for (const n of numbers) {
			expect(book.sentences.find((s) => s.index === n - 1)?.text.toLowerCase()).toContain(
				'château'
			);
		}
		await page.getByTestId('book-search').fill('');
		await page.getByTestId('export-scope-book').check();
	});

	it('says so when a page range is out of the book, and works from the keyboard', async () => {
		await page.getByTestId('export-scope-pages').check();
		await page.getByTestId('export-page-from').fill('999');
		await page.getByTestId('export-download').focus();
		await page.keyboard.press('Enter');
		await expect
			.poll(() => page.getByTestId('export-status').textContent())
			.toMatch(/^Choose pages from 1 to \d+\.$/u);
		await page.getByTestId('export-scope-book').check();
		expect(errors).toEqual([]);
	});

	it('XLSX of a long book: 3,000 rows download under the app’s CSP (fflate zips in workers)', async () => {
		const big = await context.newPage();
		await big.goto(stack.relay.url);
		await big.getByTestId('file-input').waitFor({ state: 'attached' });
		const id = await seedBook(big, { rows: 3_000, title: 'Trois mille phrases' });
		await big.goto(`${stack.relay.url}/book/${id}`);
		await big.getByTestId('result-row').first().waitFor();
		await big.getByTestId('export-format').selectOption('xlsx');
		const [file] = await Promise.all([
			big.waitForEvent('download', { timeout: 60_000 }),
			big.getByTestId('export-download').click()
		]);
		const sheets = await readXlsxFile(readFileSync((await file.path())!));
		const seeded = await big.evaluate(async (jobId) => {
			const req = indexedDB.open('french-novel-tool');
			const idb = await new Promise<IDBDatabase>((res) => (req.onsuccess = () => res(req.result)));
			// Results are stored in blocks of consecutive sentences (src/lib/db/row-blocks.ts).
			type Block = { jobId: string; results: { sentences: string[] }[] };
			const blocks = await new Promise<Block[]>((res) => {
				const r = idb.transaction('resultBlocks').objectStore('resultBlocks').getAll();
				r.onsuccess = () => res(r.result);
			});
			idb.close();
			return blocks
				.filter((b) => b.jobId === jobId)
				.flatMap((b) => b.results)
				.reduce((n, r) => n + r.sentences.length, 0);
		}, id);
		expect(sheets[0].data.length - 1).toBe(seeded);
		expect(seeded).toBeGreaterThanOrEqual(3_000);
		await big.close();
	});

	it('keeps the XLSX writer out of the page: only a worker chunk holds it', () => {
		const dir = join(process.env.FNT_BUILD_DIR ?? 'build', '_app/immutable');
		const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
			f.endsWith('.js')
		);
		const writers = files.filter((f) =>
			readFileSync(join(dir, f), 'utf8').includes('sharedStrings.xml')
		);
		expect(writers.length).toBeGreaterThan(0);
		// The workbook writer is reached only from the export worker, which the page starts.
		for (const f of writers) expect(f).toMatch(/(^|\/)workers\//u);
	});
});
