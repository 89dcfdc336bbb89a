/**
 * The command line, run as a reader runs it (`npx tsx server/cli/fnt.ts …` in a child process):
 * extraction, the mechanical pipeline to CSV and JSON, one-line failures, usage, and AI mode
 * through a relay and mock Gemini started in this process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import { signUp, startTestStack, type TestStack } from '../relay/relay-fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'tests/fixtures');
const SAINT_SIMON = join(FIXTURES, 'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs the CLI and resolves with its exit code and output, whatever the code. */
function fnt(args: string[], env: Record<string, string> = {}): Promise<Run> {
	return new Promise((resolve) => {
		execFile(
			'npx',
			['tsx', 'server/cli/fnt.ts', ...args],
			{ cwd: ROOT, env: { ...process.env, FNT_SESSION: '', ...env }, maxBuffer: 64 << 20 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout, stderr });
			}
		);
	});
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and newlines), BOM dropped. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	const cell = /"((?:[^"]|"")*)"|([^",\r\n]*)/gy;
	const body = text.replace(/^\ufeff/u, '');
	let at = 0;
	while (at < body.length) {
		cell.lastIndex = at;
		const m = cell.exec(body)!;
		row.push(m[1] !== undefined ? m[1].replace(/""/gu, '"') : m[2]);
		at = cell.lastIndex;
		if (body[at] === ',') {
			at += 1;
		} else {
			rows.push(row);
			row = [];
			at += body.startsWith('\r\n', at) ? 2 : 1;
		}
	}
	return rows;
}

interface JsonResult {
	pageCount: number;
	skippedPages: { page: number; reason: string }[];
	unreadablePages: number[];
	failedChunks: number;
	sentences: {
		index: number;
		page: number;
		source: string;
		sourceWords: number;
		output: string[];
		outputWords: number[];
		how: string;
	}[];
}

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'fnt-cli-'));
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

describe('fnt extract', () => {
	it('writes the 121 pages of Saint-Simon, separated by form feeds', async () => {
		const { code, stdout, stderr } = await fnt(['extract', SAINT_SIMON]);
		expect(code).toBe(0);
		expect(stderr).toBe('');
		const pages = stdout.split('\f');
		expect(pages).toHaveLength(121);
		expect(pages[0]).toBe('SAINT-SIMON\nMémoires XX');
		expect(pages[2]).toContain('Plusieurs personnes moururent en ce même temps');
	});

	it('writes skipped pages as empty pages, so page n stays the n-th', async () => {
		const { code, stdout } = await fnt(['extract', SAINT_SIMON, '--skip', 'auto']);
		expect(code).toBe(0);
		const pages = stdout.split('\f');
		expect(pages).toHaveLength(121);
		expect(pages[0]).toBe('');
		expect(pages[1]).toMatch(/^CHAPITRE PREMIER\./u);
	});
});

describe('fnt process --mode mechanical', () => {
	it('writes a CSV of the app export, every output sentence within the limit', async () => {
		const out = join(dir, 'saint-simon.csv');
		const { code, stderr } = await fnt([
			'process',
			SAINT_SIMON,
			'--mode',
			'mechanical',
			'--limit',
			'8',
			'--out',
			out
		]);
		expect(code, stderr).toBe(0);
		expect(stderr).toMatch(
			/^Wrote \d+ sentences to .*saint-simon\.csv .*pages skipped: 1 \(title page\)/u
		);
		const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
		expect(header).toEqual(['sentence', 'page', 'source', 'output', 'words', 'how']);
		expect(rows.length).toBeGreaterThan(1500);
		for (const [, page, , output, words] of rows) {
			expect(countWords(output), output).toBeLessThanOrEqual(8);
			expect(Number(words)).toBe(countWords(output));
			expect(Number(page)).toBeGreaterThanOrEqual(2);
		}
		expect(new Set(rows.map((r) => r[5]))).toEqual(new Set(['unchanged', 'mechanical']));
	});

	it('writes JSON with sources, outputs, word counts and pages', async () => {
		const out = join(dir, 'saint-simon.json');
		const { code, stderr } = await fnt(['process', SAINT_SIMON, '--out', out]);
		expect(code, stderr).toBe(0);
		const result = JSON.parse(readFileSync(out, 'utf8')) as JsonResult;
		expect(result).toMatchObject({ pageCount: 121, unreadablePages: [], failedChunks: 0 });
		expect(result.skippedPages).toEqual([{ page: 1, reason: 'title page' }]);
		expect(result.sentences.length).toBeGreaterThan(800);
		result.sentences.forEach((s, k) => {
			expect(s.index).toBe(k);
			expect(s.sourceWords).toBe(countWords(s.source));
			expect(s.output.length).toBeGreaterThan(0);
			expect(s.outputWords).toEqual(s.output.map(countWords));
			for (const o of s.output) expect(countWords(o), o).toBeLessThanOrEqual(8);
			expect(s.page).toBeGreaterThanOrEqual(2);
			expect(s.page).toBeLessThanOrEqual(121);
		});
		expect(result.sentences.filter((s) => s.how === 'mechanical').length).toBeGreaterThan(100);
	});

	it('reports the pages that could not be read, and keeps every page with --skip none', async () => {
		const out = join(dir, 'mini.json');
		const { code, stderr } = await fnt([
			'process',
			join(FIXTURES, 'mini-novel.pdf'),
			'--skip',
			'none',
			'--out',
			out
		]);
		expect(code, stderr).toBe(0);
		expect(stderr).toContain('1 page could not be read (no text layer): 2');
		const result = JSON.parse(readFileSync(out, 'utf8')) as JsonResult;
		expect(result).toMatchObject({ skippedPages: [], unreadablePages: [2] });
	});
});

// Each --out ending picks its format; every file is read back by a reader of that format. One
// at a time: four pdf.js processes at once overrun a two-core machine.
describe('fnt process --out picks the format from the file name', { timeout: 120_000 }, () => {
	const MINI = join(FIXTURES, 'mini-novel.pdf');

	async function processTo(name: string): Promise<string> {
		const out = join(dir, name);
		const { code, stderr } = await fnt(['process', MINI, '--out', out]);
		expect(code, stderr).toBe(0);
		expect(stderr).toContain(`to ${out} (mechanical`);
		return out;
	}

	it('.xlsx: a workbook of output sentences, and a sheet of book details', async () => {
		const sheets = await readXlsxFile(readFileSync(await processTo('mini.xlsx')));
		expect(sheets.map((s) => s.sheet)).toEqual(['Sentences', 'Book']);
		const [header, ...rows] = sheets[0].data;
		expect(header).toEqual(['sentence', 'page', 'source', 'output', 'words', 'how']);
		expect(rows.length).toBeGreaterThan(5);
		for (const [, page, , output, words] of rows) {
			expect(typeof page).toBe('number');
			expect(countWords(String(output)), String(output)).toBeLessThanOrEqual(8);
			expect(words).toBe(countWords(String(output)));
		}
		const details = Object.fromEntries(sheets[1].data.map(([k, v]) => [k, v]));
		expect(details).toMatchObject({ File: 'mini-novel.pdf', Mode: 'mechanical', 'Word limit': 8 });
		expect(details.Exported).toBeInstanceOf(Date);
	});

	it('.tsv: the same rows, tab-separated', async () => {
		const lines = readFileSync(await processTo('mini.tsv'), 'utf8')
			.trimEnd()
			.split('\n');
		expect(lines[0]).toBe('sentence\tpage\tsource\toutput\twords\thow');
		for (const line of lines) expect(line.split('\t')).toHaveLength(6);
	});

	it('.anki.txt: Anki header lines, then Front, Back and Tags', async () => {
		const text = readFileSync(await processTo('mini.anki.txt'), 'utf8');
		const lines = text.trimEnd().split('\n');
		expect(lines.slice(0, 3)).toEqual([
			'#separator:tab',
			'#html:false',
			'#columns:Front\tBack\tTags'
		]);
		const notes = lines.filter((l) => !l.startsWith('#'));
		expect(notes.length).toBeGreaterThan(5);
		for (const note of notes)
			expect(note).toMatch(/^[^\t]+\t[^\t]+ \(p\. \d+\)\tmini-novel::p\d+$/u);
	});

	it('.txt: the short sentences as paragraphs to read', async () => {
		const text = readFileSync(await processTo('mini.txt'), 'utf8');
		const [title, ...paragraphs] = text.trimEnd().split('\n\n');
		expect(title).toBe('mini-novel');
		expect(paragraphs.length).toBeGreaterThan(0);
		for (const p of paragraphs) expect(p).not.toContain('\n');
	});
});

// Each case is a child process that mostly waits: they run side by side.
describe.concurrent('files that cannot be read', () => {
	it.for<[string, RegExp]>([
		['not-a-pdf.pdf', /not a PDF/],
		['pdfjs__issue3371.pdf', /password-protected.*--pdf-password/],
		['ocrmypdf__invalid.pdf', /damaged/],
		['ocrmypdf__francais.pdf', /has a text layer: it looks scanned.*run OCR/],
		['no-such-file.pdf', /no such file/]
	])(
		'%s: exits 1 with one line on stderr and no stack trace',
		async ([name, message], { expect }) => {
			const { code, stdout, stderr } = await fnt(['extract', join(FIXTURES, name)]);
			expect(code).toBe(1);
			expect(stdout).toBe('');
			const lines = stderr.trimEnd().split('\n');
			expect(lines, stderr).toHaveLength(1);
			expect(lines[0]).toMatch(/^fnt: /u);
			expect(lines[0]).toMatch(message);
			expect(stderr).not.toMatch(/^\s+at /mu);
		}
	);

	it('says a wrong password is wrong', async ({ expect }) => {
		const file = join(FIXTURES, 'pdfjs__issue3371.pdf');
		const { code, stderr } = await fnt([
			'process',
			file,
			'--pdf-password',
			'x',
			'--out',
			join(dir, 'x.json')
		]);
		expect(code).toBe(1);
		expect(stderr.trimEnd().split('\n')).toEqual([
			expect.stringMatching(/does not open this PDF/u)
		]);
	});
});

describe.concurrent('wrong arguments', () => {
	it.for([
		{ label: 'no command', args: [] },
		{ label: 'process without --out', args: ['process', 'book.pdf'] },
		{ label: 'an unknown mode', args: ['process', 'book.pdf', '--out', 'r.json', '--mode', 'gpt'] }
	])('$label: exits 2 and prints the usage', async ({ args }, { expect }) => {
		const { code, stdout, stderr } = await fnt(args);
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toMatch(/^fnt: .+\n\nUsage:\n/u);
		expect(stderr).toContain('--session <token>');
		expect(stderr).not.toMatch(/^\s+at /mu);
	});

	it('prints the usage on stdout for --help, with the session cookie explained', async ({
		expect
	}) => {
		const { code, stdout } = await fnt(['--help']);
		expect(code).toBe(0);
		expect(stdout).toMatch(/^Usage:/u);
		expect(stdout).toMatch(/FNT_SESSION/u);
		expect(stdout).toMatch(/cookie named "session"/u);
	});
});

describe('fnt process --mode ai, through a relay and mock Gemini in this process', () => {
	let stack: TestStack;
	let token: string;
	beforeAll(async () => {
		stack = await startTestStack();
		const user = await signUp(stack.relay.url);
		token = user.cookie.replace(/^session=/u, '');
	});
	afterAll(async () => {
		await stack?.close();
	});

	it('rewrites the long sentences with the model, within the limit, each sent once', async () => {
		const out = join(dir, 'mini-ai.json');
		const file = join(FIXTURES, 'mini-novel.pdf');
		const args = ['process', file, '--mode', 'ai', '--limit', '8', '--out', out];
		const { code, stderr } = await fnt([...args, '--relay', stack.relay.url], {
			FNT_SESSION: token
		});
		expect(code, stderr).toBe(0);
		expect(stderr).toMatch(/\(ai, 1 chunk, \d+ tokens, [\d.]+ credits\)/u);
		const result = JSON.parse(readFileSync(out, 'utf8')) as JsonResult;
		const long = result.sentences.filter((s) => s.sourceWords > 8);
		expect(long.length).toBeGreaterThan(0);
		for (const s of long) expect(s.how).toMatch(/^(model|repaired)$/u);
		for (const s of result.sentences)
			for (const o of s.output) expect(countWords(o), o).toBeLessThanOrEqual(8);
		const asked = Object.values(stack.mock.stats().itemCompletions);
		expect(asked).toHaveLength(long.length);
		expect(Math.max(...asked)).toBe(1);
	});

	it('says in one line how to sign in when no session is given', async () => {
		const args = ['process', join(FIXTURES, 'mini-novel.pdf'), '--mode', 'ai'];
		const { code, stderr } = await fnt([
			...args,
			'--out',
			join(dir, 'x.json'),
			'--relay',
			stack.relay.url
		]);
		expect(code).toBe(1);
		expect(stderr.trimEnd().split('\n')).toEqual([
			expect.stringMatching(/signed in: run 'npm run fnt -- login --relay .*', or pass --session/u)
		]);
	});

	it('says in one line that a relay which is not there cannot be reached', async () => {
		const args = [
			'process',
			join(FIXTURES, 'mini-novel.pdf'),
			'--mode',
			'ai',
			'--out',
			join(dir, 'x.json')
		];
		const { code, stderr } = await fnt([...args, '--relay', 'http://127.0.0.1:9'], {
			FNT_SESSION: token
		});
		expect(code).toBe(1);
		expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/cannot be reached/u)]);
	});
});
