/**
 * `npm run fnt -- extract|process <file.pdf> …`: the browser's pipeline from the command line,
 * for batch use and for measuring. See USAGE in cli-args.ts. Failures print one line on stderr
 * and never a stack trace (set FNT_DEBUG=1 to see one for an unexpected error).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PdfExtraction } from '../../src/lib/pdf/pdf-result.ts';
import {
	describeSkippedPages,
	describeUnreadablePages,
	formatPageRanges
} from '../../src/lib/shared/pipeline/page-ranges.ts';
import { selectBodyPages } from '../../src/lib/shared/pipeline/page-selection.ts';
import {
	parseCliArgs,
	USAGE,
	type ExtractCommand,
	type ProcessCommand,
	type QualityCommand
} from './cli-args.ts';
import { CliError, UsageError } from './cli-error.ts';
import { cover } from './cover.ts';
import { DEFAULT_BUDGET, mechanicalRewriter, processPages, type Rewriter } from './process-book.ts';
import { formatQuality, measureBook } from './quality.ts';
import { login, logout, savedSessionFor } from './login.ts';
import { createCliRelayClient, relayPlan, relayRewriter } from './relay-rewriter.ts';
import { resultFile } from './write-result.ts';

async function main(argv: string[]): Promise<number> {
	const cmd = parseCliArgs(argv, process.env);
	if (cmd.command === 'help') {
		process.stdout.write(USAGE + '\n');
		return 0;
	}
	if (cmd.command === 'extract') return extract(cmd);
	if (cmd.command === 'quality') return quality(cmd);
	if (cmd.command === 'cover') {
		return cover(cmd, async (file) => {
			const extraction = await extractPdf(file, cmd.excludePages, cmd.pdfPassword);
			return selectBodyPages(extraction, cmd.excludePages).pages;
		});
	}
	if (cmd.command === 'login') return login(cmd, process.env);
	if (cmd.command === 'logout') return logout(process.env);
	return processBook(cmd);
}

async function extract(cmd: ExtractCommand): Promise<number> {
	const extraction = await extractPdf(cmd.file, cmd.excludePages, cmd.pdfPassword);
	const { pages } = selectBodyPages(extraction, cmd.excludePages);
	process.stdout.write(pages.join('\f') + '\n');
	return 0;
}

async function quality(cmd: QualityCommand): Promise<number> {
	const q = await measureBook(cmd.file, cmd.limit, async (file) => {
		const extraction = await extractPdf(file, cmd.excludePages, cmd.pdfPassword);
		return selectBodyPages(extraction, cmd.excludePages).pages;
	});
	process.stdout.write(formatQuality(basename(cmd.file), cmd.limit, q) + '\n');
	return 0;
}

async function processBook(cmd: ProcessCommand): Promise<number> {
	const extraction = await extractPdf(cmd.file, cmd.excludePages, cmd.pdfPassword);
	const body = selectBodyPages(extraction, cmd.excludePages);
	let rewrite: Rewriter = mechanicalRewriter(cmd.limit);
	let budget = { limit: cmd.limit, ...DEFAULT_BUDGET };
	let charged: (() => string) | undefined;
	if (cmd.mode === 'ai') {
		// Ctrl-C stops the calls in flight and still releases the unused credit reservation.
		const controller = new AbortController();
		process.once('SIGINT', () => controller.abort());
		// --session or FNT_SESSION first, else what `fnt login` kept for this relay.
		const session = cmd.session ?? (await savedSessionFor(cmd.relay, process.env));
		const client = createCliRelayClient(cmd.relay, session);
		const plan = await relayPlan(client, cmd.relay);
		budget = { limit: cmd.limit, maxItems: plan.maxItems, maxChars: plan.maxChars };
		const relay = relayRewriter(client, {
			url: cmd.relay,
			limit: cmd.limit,
			tier: cmd.tier,
			concurrency: plan.concurrency,
			signal: controller.signal
		});
		rewrite = relay.rewrite;
		charged = () =>
			`, ${relay.totals.usage.totalTokens} tokens, ${relay.totals.creditsCharged} credits`;
	}
	const book = await processPages(body.pages, budget, rewrite);
	const garbled = new Set(body.garbled);
	const scanned = body.unreadable.filter((p) => !garbled.has(p));
	const unreadableNotes = [
		scanned.length ? describeUnreadablePages(scanned) : '',
		garbled.size ? describeGarbledPages(body.garbled) : ''
	].filter(Boolean);
	if (book.sentences.length === 0) {
		const why = unreadableNotes.length ? ` (${unreadableNotes.join('; ')})` : '';
		const hint = unreadableNotes.length
			? ' Use --mode ai, which reads page images, or run OCR on it.'
			: '';
		throw new CliError(`${cmd.file}: no sentences were found in this PDF${why}.${hint}`);
	}
	const meta = {
		file: basename(cmd.file),
		mode: cmd.mode,
		limit: cmd.limit,
		pageCount: extraction.pageCount,
		skippedPages: body.skipped,
		unreadablePages: body.unreadable,
		failedChunks: book.failures.length
	};
	const text = await resultFile(cmd.format, meta, book.rows);
	await writeFile(cmd.out, text).catch((err: unknown) => {
		throw new CliError(`Could not write ${cmd.out}: ${errorText(err)}.`);
	});
	const notes = [
		body.skipped.length ? `pages skipped: ${describeSkippedPages(body.skipped)}` : '',
		...unreadableNotes
	].filter(Boolean);
	process.stderr.write(
		`Wrote ${book.sentences.length} sentences to ${cmd.out} (${cmd.mode}, ` +
			`${book.chunks} chunk${book.chunks === 1 ? '' : 's'}` +
			`${charged?.() ?? ''})${notes.length ? '; ' + notes.join('; ') : ''}.\n`
	);
	if (book.failures.length > 0) {
		const failed = book.failures.reduce((n, f) => n + f.sentenceIndexes.length, 0);
		throw new CliError(
			`${book.failures.length} of ${book.chunks} chunks failed (${book.failures[0].message}); ` +
				`their ${failed} sentences have no output ("pending") in ${cmd.out}.`
		);
	}
	return 0;
}

/** Reads and extracts the PDF, or throws the extractor's message for the reader. */
async function extractPdf(
	file: string,
	excludePages: number[] | undefined,
	password: string | undefined
): Promise<PdfExtraction> {
	const bytes = await readFile(file).catch((err: unknown) => {
		throw new CliError(`${file}: ${errorText(err)}.`);
	});
	// Loaded here, not at the top: pdf.js takes a second to load, which --help should not wait for.
	const { createNodePdfCore } = await import('../../src/lib/pdf/pdf-core-node.ts');
	const result = await createNodePdfCore().extract(new Uint8Array(bytes), {
		password,
		excludePages
	});
	if (result.ok) return result;
	const hint =
		result.code === 'password_required' || result.code === 'wrong_password'
			? ' Pass it with --pdf-password.'
			: '';
	throw new CliError(`${file}: ${result.message}${hint}`);
}

/** The pages whose text layer decodes to garbage, in words. */
function describeGarbledPages(pages: readonly number[]): string {
	const n = pages.length;
	return `${n} page${n === 1 ? '' : 's'} could not be read (a text layer that decodes to garbage, as from a font without a Unicode map): ${formatPageRanges(pages)}`;
}

/** A file system error in words: "no such file", not "ENOENT: no such file or directory, open …". */
function errorText(err: unknown): string {
	const code = (err as { code?: string } | undefined)?.code;
	if (code === 'ENOENT') return 'no such file';
	if (code === 'EISDIR') return 'this is a folder, not a file';
	if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	return err instanceof Error ? err.message : String(err);
}

/** One line, however the message was written. */
function oneLine(text: string): string {
	return text.replace(/\s+/gu, ' ').trim();
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		if (err instanceof UsageError) {
			process.stderr.write(`fnt: ${oneLine(err.message)}\n\n${USAGE}\n`);
		} else if (err instanceof CliError) {
			process.stderr.write(`fnt: ${oneLine(err.message)}\n`);
		} else {
			process.stderr.write(`fnt: unexpected error: ${oneLine(errorText(err))}\n`);
			if (process.env.FNT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
		}
		process.exitCode = err instanceof CliError ? err.exitCode : 1;
	}
);
