/** The command line's arguments, read into one command or refused with a UsageError. */
import { parseArgs } from 'node:util';
import { formatFromFileName, type ExportFormat } from '../../src/lib/export/export-formats.ts';
import { parseSkipSetting } from '../../src/lib/shared/pipeline/page-ranges.ts';
import { UsageError } from './cli-error.ts';

export const USAGE = `Usage:
  npm run fnt -- extract <file.pdf> [--skip <pages>] [--pdf-password <password>]
  npm run fnt -- process <file.pdf> --out <result.csv|.xlsx|.tsv|.anki.txt|.txt|.json>
                 [--mode mechanical|ai]
                 [--limit 8] [--skip <pages>] [--pdf-password <password>]
                 [--relay http://localhost:3000] [--session <token>] [--tier <tier>]
  npm run fnt -- quality <book.pdf|.txt|.md> [--limit 8] [--skip <pages>]
  npm run fnt -- cover <book.pdf> [<book2.pdf> …] --words <list.txt|.csv> --out <chosen.csv|…>
                 [--i-plus-one] [--limit 8] [--skip <pages>] [--pdf-password <password>]
  npm run fnt -- login [--relay http://localhost:3000]
  npm run fnt -- logout

extract   Writes the body text of every page to stdout (running headers, footers and page
          numbers removed, hyphenation mended), pages separated by a form feed (\\f).
process   Extracts, cuts the text into sentences, and rewrites every sentence longer than
          --limit words; writes the file in the format its name ends with, as the app
          exports it.
quality   Runs mechanical mode and counts the pieces that end on a word needing what follows
          (an article, a preposition, an auxiliary, a pronoun, que/qui, a title before its
          name), pieces over --limit, and words lost or duplicated.
cover     Splits the books mechanically (--limit) and finds the fewest short sentences that
          hold every word of --words (one per line, matched by lemma: allait counts for
          aller); with --i-plus-one, the sentences whose words are all on the list but one.
          Writes them in the format --out ends with; prints the share covered, the words no
          book has, and each book's profile on stderr.
login     Signs in at the relay with your email and password (asked here, or FNT_EMAIL and
          FNT_PASSWORD) and keeps the session for --mode ai in
          $XDG_CONFIG_HOME/french-novel-tool/session.json (~/.config when unset), mode 0600.
logout    Signs out at the relay and removes that file.

Options:
  --out <file>         Where process writes; its ending picks the format:
                         .csv       one row per output sentence (UTF-8, Excel-safe)
                         .xlsx      the same as a workbook, with a sheet of book details
                         .tsv       the same, tab-separated
                         .anki.txt  one Anki note per output sentence
                         .txt       the short sentences as a text to read
                         .json      everything: sentences, outputs, word counts, pages
  --mode <mode>        mechanical (default): splits at clause boundaries, offline.
                       ai: Gemini through the relay (needs a relay with a Gemini key, an
                       account with credits, and its session; see --session).
  --limit <n>          Words per sentence, 3 to 50 (default 8).
  --skip <pages>       Pages to leave out: auto (the default for process) skips the detected
                       title, contents, publisher and blank pages; none (the default for
                       extract) keeps every page; or a list such as "1-4, 89". Skipped pages
                       are written as empty pages by extract.
  --pdf-password <pw>  The password of an encrypted PDF.
  --relay <url>        The relay for --mode ai (default http://localhost:3000).
  --session <token>    Your relay session for --mode ai, or set FNT_SESSION. The relay signs you
                       in with a cookie named "session": sign in on the relay's page, then copy
                       that cookie's value (browser developer tools, Application > Cookies).
                       It is sent as the session cookie on every call.
  --tier <tier>        The relay's model tier (default: the relay's default).
  --words <file>       cover: the reader's word list, a .txt or .csv file.
  --i-plus-one         cover: write the i+1 sentences instead of the fewest covering ones.
  --help               Prints this text.

Exit status: 0 on success; 1 when the file cannot be read or the work fails (one line on
stderr says why); 2 for wrong arguments.`;

/** What `extract` needs. */
export interface ExtractCommand {
	command: 'extract';
	file: string;
	/** undefined: skip the detected front and back matter; a list: skip those pages. */
	excludePages?: number[];
	pdfPassword?: string;
}

/** What `process` needs. */
export interface ProcessCommand {
	command: 'process';
	file: string;
	out: string;
	format: ExportFormat;
	mode: 'mechanical' | 'ai';
	limit: number;
	excludePages?: number[];
	pdfPassword?: string;
	relay: string;
	session?: string;
	tier?: string;
}

/** What `quality` needs. */
export interface QualityCommand {
	command: 'quality';
	file: string;
	limit: number;
	excludePages?: number[];
	pdfPassword?: string;
}

/** What `cover` needs. */
export interface CoverCommand {
	command: 'cover';
	files: string[];
	words: string;
	out: string;
	format: ExportFormat;
	iPlusOne: boolean;
	limit: number;
	excludePages?: number[];
	pdfPassword?: string;
}

/** What `login` and `logout` need. */
export type SessionCommand =
	{ command: 'login'; relay: string } | { command: 'logout'; relay: string };

export type CliCommand =
	| ExtractCommand
	| ProcessCommand
	| QualityCommand
	| CoverCommand
	| SessionCommand
	| { command: 'help' };

const OPTIONS = {
	out: { type: 'string' },
	mode: { type: 'string' },
	limit: { type: 'string' },
	skip: { type: 'string' },
	'pdf-password': { type: 'string' },
	relay: { type: 'string' },
	session: { type: 'string' },
	tier: { type: 'string' },
	words: { type: 'string' },
	'i-plus-one': { type: 'boolean' },
	help: { type: 'boolean', short: 'h' }
} as const;

/** Options that only `process` takes. */
const PROCESS_ONLY = ['out', 'mode', 'limit', 'relay', 'session', 'tier'] as const;

/** Reads `argv` (without node and the script); `env` gives FNT_SESSION. */
export function parseCliArgs(
	argv: readonly string[],
	env: Readonly<Record<string, string | undefined>> = {}
): CliCommand {
	let parsed;
	try {
		parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
	} catch (err) {
		throw new UsageError(err instanceof Error ? err.message : String(err));
	}
	const { values, positionals } = parsed;
	if (values.help || positionals[0] === 'help') return { command: 'help' };
	const [command, file, ...extra] = positionals;
	if (!command) throw new UsageError('Name a command: extract or process.');
	if (command === 'login' || command === 'logout')
		return readSessionCommand(command, positionals, values);
	if (command === 'cover') return readCoverCommand(positionals.slice(1), values);
	const coverOnly = (['words', 'i-plus-one'] as const).find((name) => values[name] !== undefined);
	if (coverOnly && command !== 'login' && command !== 'logout') {
		throw new UsageError(`--${coverOnly} is an option of cover, not ${command}.`);
	}
	if (command === 'quality') {
		if (!file) throw new UsageError('quality needs a PDF, .txt or .md file.');
		if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
		const misplaced = (['out', 'mode', 'relay', 'session', 'tier'] as const).find(
			(name) => values[name] !== undefined
		);
		if (misplaced) throw new UsageError(`--${misplaced} is an option of process, not quality.`);
		return {
			command,
			file,
			limit: readLimit(values.limit),
			excludePages: readSkip(values.skip ?? 'auto'),
			pdfPassword: values['pdf-password']
		};
	}
	if (command !== 'extract' && command !== 'process') {
		throw new UsageError(`Unknown command "${command}": use extract or process.`);
	}
	if (!file) throw new UsageError(`${command} needs a PDF file.`);
	if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
	const excludePages = readSkip(values.skip ?? (command === 'extract' ? 'none' : 'auto'));
	const pdfPassword = values['pdf-password'];
	if (command === 'extract') {
		const misplaced = PROCESS_ONLY.find((name) => values[name] !== undefined);
		if (misplaced) throw new UsageError(`--${misplaced} is an option of process, not extract.`);
		return { command, file, excludePages, pdfPassword };
	}
	return {
		command,
		file,
		...readOut(values.out),
		mode: readMode(values.mode),
		limit: readLimit(values.limit),
		excludePages,
		pdfPassword,
		relay: readRelay(values.relay),
		session: values.session ?? (env.FNT_SESSION || undefined),
		tier: values.tier
	};
}

function readCoverCommand(
	files: string[],
	values: { words?: string; out?: string; limit?: string; skip?: string } & Record<string, unknown>
): CoverCommand {
	if (files.length === 0) throw new UsageError('cover needs at least one PDF.');
	if (!values.words) throw new UsageError('cover needs --words <list.txt|.csv>.');
	const misplaced = (['mode', 'relay', 'session', 'tier'] as const).find(
		(name) => values[name] !== undefined
	);
	if (misplaced) throw new UsageError(`--${misplaced} is an option of process, not cover.`);
	return {
		command: 'cover',
		files,
		words: values.words,
		...readOut(values.out, 'cover'),
		iPlusOne: values['i-plus-one'] === true,
		limit: readLimit(values.limit),
		excludePages: readSkip(values.skip ?? 'auto'),
		pdfPassword: values['pdf-password'] as string | undefined
	};
}

function readSessionCommand(
	command: 'login' | 'logout',
	positionals: readonly string[],
	values: { relay?: string } & Record<string, unknown>
): SessionCommand {
	if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`);
	const misplaced = Object.keys(values).find(
		(name) => name !== 'relay' && values[name] !== undefined
	);
	if (misplaced) throw new UsageError(`--${misplaced} is not an option of ${command}.`);
	return { command, relay: readRelay(values.relay) };
}

function readSkip(text: string): number[] | undefined {
	const skip = parseSkipSetting(text);
	if (!skip.ok) throw new UsageError(`--skip: ${skip.message}`);
	return skip.excludePages;
}

const OUT_ENDINGS = '.csv, .xlsx, .tsv, .anki.txt, .txt or .json';

function readOut(
	out: string | undefined,
	command = 'process'
): { out: string; format: ExportFormat } {
	if (!out) throw new UsageError(`${command} needs --out <file>, a name ending in ${OUT_ENDINGS}.`);
	const format = formatFromFileName(out);
	if (!format) throw new UsageError(`--out ${out}: the name must end in ${OUT_ENDINGS}.`);
	return { out, format };
}

function readMode(mode = 'mechanical'): 'mechanical' | 'ai' {
	if (mode !== 'mechanical' && mode !== 'ai') {
		throw new UsageError(`--mode ${mode}: use mechanical or ai.`);
	}
	return mode;
}

function readLimit(limit = '8'): number {
	const n = Number(limit);
	if (!/^\d+$/u.test(limit) || n < 3 || n > 50) {
		throw new UsageError(`--limit ${limit}: use a whole number of words from 3 to 50.`);
	}
	return n;
}

function readRelay(relay = 'http://localhost:3000'): string {
	let url: URL;
	try {
		url = new URL(relay);
	} catch {
		throw new UsageError(`--relay ${relay}: not a URL.`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new UsageError(`--relay ${relay}: use an http or https URL.`);
	}
	return relay.replace(/\/+$/u, '');
}
