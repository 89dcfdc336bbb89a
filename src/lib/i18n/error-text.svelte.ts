/**
 * The page's door to error-messages.ts: its sixty-odd messages in two languages stay out of the
 * first-load bundle. They load when a book is dropped (FileDrop waits for them) or when a
 * stopped book is shown; until then an English page shows the stored English text and a
 * French page shows nothing rather than English.
 */
import type { Job } from '../db/db.ts';
import { m } from '../paraglide/messages.js';
import { getLocale } from '../paraglide/runtime.js';

type Wording = typeof import('./error-messages.ts');

let wording = $state.raw<Wording | undefined>();
let loading: Promise<Wording> | undefined;

/** Loads the wording once; resolves with it. */
export function loadErrorWording(): Promise<Wording> {
	loading ??= import('./error-messages.ts').then((w) => (wording = w));
	return loading;
}

/** What a job card shows for a stopped job, in the reader's language (see error-messages.ts). */
export function jobErrorText(job: Pick<Job, 'lastError' | 'lastErrorKind'>): string | undefined {
	if (!job.lastErrorKind) return job.lastError;
	if (!wording) {
		void loadErrorWording();
		return getLocale() === 'en' ? job.lastError : '';
	}
	return wording.jobErrorText(job);
}

/** The reader's text for anything thrown; await loadErrorWording() first where you can. */
export function errorText(err: unknown): string {
	if (!wording) {
		void loadErrorWording();
		if (getLocale() !== 'en') return m.error_unknown();
		return err instanceof Error ? err.message : String(err);
	}
	return wording.errorText(err);
}
