/**
 * A system notification when a book finishes while its tab is hidden. The decisions (which
 * jobs just finished, whether to notify, whether to ask) are plain code; the Notification
 * API is reached only through `NotificationEnv`, so tests bring their own.
 */
import type { JobStatus } from './job-states.ts';
import { isTerminal } from './job-states.ts';

/** The ends a reader wants to hear about; a cancel is the reader's own doing. */
const WORTH_TELLING: ReadonlySet<JobStatus> = new Set([
	'completed',
	'completed_with_errors',
	'failed'
]);

/** The part of a job the watch needs. */
export interface JobStatusLike {
	id: string;
	status: JobStatus;
}

/**
 * Remembers the status of every job it has seen and reports the ones that went from live to
 * finished since the last look, each such change once. Jobs already finished when first seen
 * (before this page opened, or in an earlier session) are never reported.
 */
export class FinishWatch {
	#last = new Map<string, JobStatus>();

	/** The jobs that just finished, among `jobs` (the whole current list). */
	finished<T extends JobStatusLike>(jobs: readonly T[]): T[] {
		const out: T[] = [];
		for (const job of jobs) {
			const before = this.#last.get(job.id);
			this.#last.set(job.id, job.status);
			if (before === undefined || isTerminal(before)) continue;
			if (WORTH_TELLING.has(job.status)) out.push(job);
		}
		return out;
	}
}

/** 'unsupported' where the browser has no Notification API (iOS Safari outside a home-screen app). */
export type PermissionState = NotificationPermission | 'unsupported';

/** Notify only a hidden tab (a visible one shows the card), and only with permission. */
export function shouldNotify(visibility: DocumentVisibilityState, permission: PermissionState) {
	return visibility === 'hidden' && permission === 'granted';
}

/**
 * Ask once, the first time a book starts: the reader has just acted (a drop or a file pick),
 * so the prompt makes sense. Never again after that, whatever they answered.
 */
export function shouldAskPermission(permission: PermissionState, askedBefore: boolean): boolean {
	return permission === 'default' && !askedBefore;
}

/** What the notifier needs from the browser. */
export interface NotificationEnv {
	permission(): PermissionState;
	requestPermission(): Promise<unknown>;
	/** Whether this browser profile was already asked (kept across sessions). */
	askedBefore(): boolean;
	rememberAsked(): void;
}

const ASKED_KEY = 'fnt-notifications-asked';

/** The page's real browser. */
export const browserNotificationEnv: NotificationEnv = {
	permission: () => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission),
	requestPermission: () => Notification.requestPermission(),
	askedBefore: () => safeStorage()?.getItem(ASKED_KEY) === '1',
	rememberAsked: () => safeStorage()?.setItem(ASKED_KEY, '1')
};

function safeStorage(): Storage | undefined {
	try {
		return typeof localStorage === 'undefined' ? undefined : localStorage;
	} catch {
		// Storage can be blocked (private mode, site settings): then we simply ask each session.
		return undefined;
	}
}

/**
 * Asks for permission to notify when a book finishes, if it was never asked. Call it from the
 * handler of the gesture that starts a book, before any await, so the browser sees the gesture.
 */
export function askToNotifyWhenDone(env: NotificationEnv = browserNotificationEnv): Promise<void> {
	if (!shouldAskPermission(env.permission(), env.askedBefore())) return Promise.resolve();
	env.rememberAsked();
	return env.requestPermission().then(
		() => undefined,
		() => undefined
	);
}

/** What one notification says. */
export interface FinishMessage {
	title: string;
	body: string;
	/** One per job: the tabs of one browser that all notice the end show a single notification. */
	tag: string;
}

/**
 * Shows a notification. Android's Chrome refuses `new Notification` in a page, so it falls
 * back to the service worker's registration there.
 */
export async function showNotification(message: FinishMessage, icon = '/icons/icon-192.png') {
	const options = { body: message.body, tag: message.tag, icon };
	try {
		const n = new Notification(message.title, options);
		n.onclick = () => {
			window.focus();
			n.close();
		};
	} catch {
		const registration = await navigator.serviceWorker?.getRegistration();
		await registration?.showNotification(message.title, options);
	}
}
