/**
 * How a PDF run ended, for the robustness and fuzz benches, with the same words for the CLI,
 * the Node PDF core and the Chromium worker. "Ended well" is the bar: a result, or a
 * failure with a specific message, within the time bound.
 */

/** One run of one file through one path. */
export type PdfOutcome =
	/** Opened and read: pages of text (or, for the CLI, a written result). */
	| { kind: 'result'; pages: number }
	/** Refused with a code and a message for the reader (damaged, no text, password…). */
	| { kind: 'failure'; code: string; message: string }
	/** Threw instead of answering, or the CLI said "unexpected error" or printed a stack. */
	| { kind: 'exception'; message: string }
	/** Still running at the time bound; the process or worker was stopped. */
	| { kind: 'hang'; afterMs: number }
	/** The process died, the worker stopped answering, or the tab crashed. */
	| { kind: 'crash'; detail: string };

/** An outcome and how long it took. */
export type TimedOutcome = PdfOutcome & { ms: number };

/** A result or a specific message; our own 'timeout' answer is not one. */
export function endedWell(outcome: PdfOutcome): boolean {
	return outcome.kind === 'result' || (outcome.kind === 'failure' && outcome.code !== 'timeout');
}

/** What a PDF core answered (inspect, then extract), as an outcome. */
export function outcomeOfAnswer(
	answer:
		| { ok: true; pages?: unknown[]; pageCount?: number }
		| { ok: false; code: string; message: string }
): PdfOutcome {
	if (!answer.ok) return { kind: 'failure', code: answer.code, message: answer.message };
	return { kind: 'result', pages: answer.pages?.length ?? answer.pageCount ?? 0 };
}

/**
 * A finished `fnt` run as an outcome: exit 0 is a result; a one-line "fnt: …" on stderr is a
 * specific message, unless it is the CLI's "unexpected error" or a stack trace follows it.
 */
export function outcomeOfCli(run: {
	status: number | null;
	signal: string | null;
	stderr: string;
	timedOut: boolean;
	ms: number;
}): PdfOutcome {
	if (run.timedOut) return { kind: 'hang', afterMs: run.ms };
	if (run.signal) return { kind: 'crash', detail: `killed by ${run.signal}` };
	if (run.status === 0) return { kind: 'result', pages: 0 };
	const text = run.stderr.trim();
	const first = text.split('\n')[0] ?? '';
	if (!first.startsWith('fnt: ') || /\n\s+at /u.test(text)) {
		return { kind: 'crash', detail: `exit ${run.status}: ${text.slice(0, 300)}` };
	}
	if (first.startsWith('fnt: unexpected error')) return { kind: 'exception', message: first };
	return { kind: 'failure', code: `exit ${run.status}`, message: first.slice('fnt: '.length) };
}

/** A short line for tables: "result 4 p.", "damaged: This PDF is…", "hang after 30 s". */
export function describeOutcome(o: PdfOutcome): string {
	switch (o.kind) {
		case 'result':
			return o.pages ? `result, ${o.pages} p.` : 'result';
		case 'failure':
			return `${o.code}: ${o.message}`;
		case 'exception':
			return `exception: ${o.message}`;
		case 'hang':
			return `hang, stopped after ${(o.afterMs / 1000).toFixed(0)} s`;
		case 'crash':
			return `crash: ${o.detail}`;
	}
}
