import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../server/cli/cli-args.ts';
import { UsageError } from '../../server/cli/cli-error.ts';

describe('parseCliArgs', () => {
	it('reads extract, keeping every page unless told to skip', () => {
		expect(parseCliArgs(['extract', 'book.pdf'])).toEqual({
			command: 'extract',
			file: 'book.pdf',
			excludePages: [],
			pdfPassword: undefined
		});
		expect(parseCliArgs(['extract', 'book.pdf', '--skip', 'auto'])).toMatchObject({
			excludePages: undefined
		});
	});

	it('reads process with its defaults: mechanical, 8 words, detected matter skipped', () => {
		expect(parseCliArgs(['process', 'book.pdf', '--out', 'r.CSV'])).toEqual({
			command: 'process',
			file: 'book.pdf',
			out: 'r.CSV',
			format: 'csv',
			mode: 'mechanical',
			limit: 8,
			excludePages: undefined,
			pdfPassword: undefined,
			relay: 'http://localhost:3000',
			session: undefined,
			tier: undefined
		});
	});

	it('takes the session from --session, else from FNT_SESSION', () => {
		const args = ['process', 'b.pdf', '--out', 'r.json', '--mode', 'ai'];
		expect(parseCliArgs(args, { FNT_SESSION: 'from-env' })).toMatchObject({ session: 'from-env' });
		expect(parseCliArgs([...args, '--session', 'flag'], { FNT_SESSION: 'env' })).toMatchObject({
			session: 'flag'
		});
	});

	it('reads page lists and a relay URL without its trailing slash', () => {
		const cmd = parseCliArgs([
			'process',
			'b.pdf',
			'--out=r.json',
			'--skip',
			'1-3, 9',
			'--relay',
			'https://relay.example/'
		]);
		expect(cmd).toMatchObject({ excludePages: [1, 2, 3, 9], relay: 'https://relay.example' });
	});

	it("reads quality with process's limit and skipping, and refuses process-only options", () => {
		expect(parseCliArgs(['quality', 'book.md', '--limit', '12'])).toEqual({
			command: 'quality',
			file: 'book.md',
			limit: 12,
			excludePages: undefined,
			pdfPassword: undefined
		});
		expect(() => parseCliArgs(['quality', 'b.pdf', '--out', 'r.csv'])).toThrow(UsageError);
		expect(() => parseCliArgs(['quality'])).toThrow(UsageError);
	});

	it('reads login and logout with a relay and nothing else', () => {
		expect(parseCliArgs(['login'])).toEqual({ command: 'login', relay: 'http://localhost:3000' });
		expect(parseCliArgs(['login', '--relay', 'https://r.example/'])).toEqual({
			command: 'login',
			relay: 'https://r.example'
		});
		expect(parseCliArgs(['logout'])).toMatchObject({ command: 'logout' });
		expect(() => parseCliArgs(['login', 'me@example.com'])).toThrow(UsageError);
		expect(() => parseCliArgs(['logout', '--limit', '5'])).toThrow(UsageError);
	});

	it("reads cover with several books, a word list, the i+1 switch and process's limit", () => {
		expect(
			parseCliArgs(['cover', 'a.pdf', 'b.pdf', '--words', 'list.txt', '--out', 'chosen.csv'])
		).toEqual({
			command: 'cover',
			files: ['a.pdf', 'b.pdf'],
			words: 'list.txt',
			out: 'chosen.csv',
			format: 'csv',
			iPlusOne: false,
			limit: 8,
			excludePages: undefined,
			pdfPassword: undefined
		});
		expect(
			parseCliArgs(['cover', 'a.pdf', '--words', 'l.csv', '--out', 'i.anki.txt', '--i-plus-one'])
		).toMatchObject({ format: 'anki', iPlusOne: true });
		expect(() => parseCliArgs(['cover', 'a.pdf', '--out', 'c.csv'])).toThrow(/needs --words/);
		expect(() => parseCliArgs(['cover', '--words', 'l.txt', '--out', 'c.csv'])).toThrow(
			/at least one PDF/
		);
		expect(() => parseCliArgs(['process', 'a.pdf', '--out', 'r.csv', '--i-plus-one'])).toThrow(
			/--i-plus-one is an option of cover/
		);
	});

	it('answers help', () => {
		expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
		expect(parseCliArgs(['help'])).toEqual({ command: 'help' });
	});

	it.each([
		[[], /Name a command/],
		[['convert', 'b.pdf'], /Unknown command "convert"/],
		[['extract'], /needs a PDF file/],
		[['extract', 'a.pdf', 'b.pdf'], /Unexpected argument "b.pdf"/],
		[['extract', 'a.pdf', '--out', 'r.json'], /--out is an option of process/],
		[['process', 'b.pdf'], /needs --out/],
		[
			['process', 'b.pdf', '--out', 'r.docx'],
			/must end in .csv, .xlsx, .tsv, .anki.txt, .txt or .json/
		],
		[['process', 'b.pdf', '--out', 'r.json', '--mode', 'gpt'], /use mechanical or ai/],
		[['process', 'b.pdf', '--out', 'r.json', '--limit', '99'], /from 3 to 50/],
		[['process', 'b.pdf', '--out', 'r.json', '--limit', '7.5'], /whole number/],
		[['process', 'b.pdf', '--out', 'r.json', '--skip', 'first'], /--skip: "first"/],
		[['process', 'b.pdf', '--out', 'r.json', '--relay', 'ftp://x'], /http or https/],
		[['process', 'b.pdf', '--frobnicate'], /frobnicate/]
	])('refuses %j with a usage error', (argv, message) => {
		expect(() => parseCliArgs(argv)).toThrow(UsageError);
		expect(() => parseCliArgs(argv)).toThrow(message);
	});
});
