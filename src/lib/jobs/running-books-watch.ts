/**
 * Watches every book of this browser from the app's layout: the tab title shows the running
 * books' progress, and a book that finishes while the tab is hidden gets a notification.
 * Every tab watches (liveQuery sees the other tabs' writes), not only the one running a book.
 */
import { liveQuery } from 'dexie';
import { db, type Job } from '../db/db.ts';
import { m } from '../paraglide/messages.js';
import { getLocale } from '../paraglide/runtime.js';
import {
	browserNotificationEnv,
	FinishWatch,
	shouldNotify,
	showNotification,
	type FinishMessage
} from './finish-notifier.ts';
import { runningProgress, TabTitle, type RunningProgress } from './progress-title.ts';

/** Starts watching; returns the function that stops it (for onMount). */
export function watchRunningBooks(): () => void {
	const finish = new FinishWatch();
	const title = new TabTitle();
	const sub = liveQuery(() => db.jobs.toArray()).subscribe({
		next(jobs) {
			title.show(titleFor(runningProgress(jobs)));
			const ended = finish.finished(jobs);
			if (ended.length === 0) return;
			if (!shouldNotify(document.visibilityState, browserNotificationEnv.permission())) return;
			for (const job of ended) void showNotification(messageFor(job)).catch(() => undefined);
		},
		error: (e: unknown) => console.error('Watching the books failed', e)
	});
	return () => {
		sub.unsubscribe();
		title.stop();
	};
}

function titleFor(p: RunningProgress | undefined): ((base: string) => string) | undefined {
	if (!p) return undefined;
	const locale = getLocale();
	const percent = new Intl.NumberFormat(locale, { style: 'percent' }).format(p.fraction);
	const count = new Intl.NumberFormat(locale).format(p.count);
	return (base) => {
		const app = base || m.app_title();
		// The book's own page already names it in its title.
		if (p.name && app.includes(p.name)) return m.job_tab_title_short({ percent, app });
		const book =
			p.name ??
			(new Intl.PluralRules(locale).select(p.count) === 'one'
				? m.job_tab_books_one({ count })
				: m.job_tab_books_other({ count }));
		return m.job_tab_title({ percent, book, app });
	};
}

function messageFor(job: Job): FinishMessage {
	const book = job.title ?? job.name;
	const tag = `fnt-job-${job.id}`;
	if (job.status === 'failed')
		return { tag, title: m.job_notify_failed_title({ book }), body: m.job_notify_failed_body() };
	if (job.status === 'completed_with_errors') {
		const count = new Intl.NumberFormat(getLocale()).format(job.failedChunks);
		return {
			tag,
			title: m.job_notify_errors_title({ book }),
			body: m.job_notify_errors_body({ count })
		};
	}
	return { tag, title: m.job_notify_done_title({ book }), body: m.job_notify_done_body() };
}
