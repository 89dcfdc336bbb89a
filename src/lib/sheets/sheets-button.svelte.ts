import type { RelayClient } from '../relay/relay-client.ts';
import { relay } from '../relay/relay.ts';
import {
	connectHref,
	problemOfRedirect,
	problemOfRelayError,
	type SheetsProblem
} from './sheets-problem.ts';

/** What the relay says about the export and this reader. */
export type SheetsStatusView = Awaited<ReturnType<RelayClient['sheets']['status']['query']>>;

/** What the button knows of its book, and the page's side effects (injectable for tests). */
export interface SheetsButtonDeps {
	title: () => string;
	table: () => Promise<string[][]>;
	/** The sheet tab's name, in the reader's language. */
	tabName: () => string;
	client?: RelayClient;
	/** Leaves the app for a server route (Google's consent). */
	go?: (href: string) => void;
	/** Remembers, across the trip to Google, which page asked to send. */
	pending?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

const PENDING_KEY = 'fnt.sheets.pending';

function errorData(err: unknown): { kind?: string; httpStatus?: number; retryAfterMs?: number } {
	if (typeof err !== 'object' || err === null || !('data' in err)) return {};
	const data = (err as { data: unknown }).data;
	return typeof data === 'object' && data !== null ? (data as Record<string, never>) : {};
}

/**
 * "Send to Google Sheets" for one book: what the reader needs first (sign-in with Google, the
 * Drive consent), the send, and the spreadsheet it made. The relay holds every Google token;
 * this only ever sees the spreadsheet's URL.
 */
export class SheetsButtonState {
	#status = $state<SheetsStatusView | undefined>();
	#loaded = $state(false);
	#sending = $state(false);
	#problem = $state<SheetsProblem | undefined>();
	#sent = $state<{ url: string; rows: number } | undefined>();
	#disconnected = $state(false);
	#deps: SheetsButtonDeps;

	constructor(deps: SheetsButtonDeps) {
		this.#deps = deps;
	}

	get #client(): RelayClient {
		return this.#deps.client ?? relay;
	}

	/** True once the relay answered (or could not be reached). */
	get loaded() {
		return this.#loaded;
	}
	get status() {
		return this.#status;
	}
	get sending() {
		return this.#sending;
	}
	/** The last send's spreadsheet. */
	get sent() {
		return this.#sent;
	}
	/** Why the last action failed. */
	get problem() {
		return this.#problem;
	}
	/** True right after the reader disconnected Google Sheets. */
	get disconnected() {
		return this.#disconnected;
	}
	/** Why the button cannot be used at all, or undefined when it can. */
	get blocker(): SheetsProblem | undefined {
		if (!this.#loaded) return undefined;
		const s = this.#status;
		if (!s) return 'offline';
		if (!s.available) return 'unavailable';
		if (!s.signedIn) return 'sign_in';
		if (!s.google) return 'not_google';
		return undefined;
	}
	/** Where "Sign in with Google" goes, when the relay offers it. */
	get signInUrl() {
		return this.#status?.signInUrl ?? null;
	}
	/** A send goes straight through (no consent screen first). */
	get connected() {
		return this.#status?.connected === true;
	}

	/** Asks the relay where this reader stands. */
	async load(): Promise<void> {
		try {
			this.#status = await this.#client.sheets.status.query();
		} catch {
			this.#status = undefined;
		} finally {
			this.#loaded = true;
		}
	}

	/**
	 * Once, after the page loaded from Google's consent redirect: reports a refusal, or resumes
	 * the send this page started before it left. `tab` is null: no click opened one.
	 */
	async resume(marker: { connected: boolean; error: string | null; path: string }): Promise<void> {
		const pending = this.#deps.pending?.getItem(PENDING_KEY);
		this.#deps.pending?.removeItem(PENDING_KEY);
		if (marker.error) {
			this.#problem = problemOfRedirect(marker.error);
			return;
		}
		if (marker.connected && pending === marker.path && this.connected)
			await this.send(null, marker.path);
	}

	/**
	 * Sends the book. Not yet connected: off to Google's consent first, and back to `path`.
	 * `tab` is a blank tab the click opened (popup blockers allow no other moment); the
	 * spreadsheet opens in it, and it closes if the send fails.
	 */
	async send(tab: Window | null, path: string): Promise<void> {
		if (this.#sending) return;
		this.#problem = undefined;
		this.#disconnected = false;
		if (!this.connected) {
			tab?.close();
			this.connect(path);
			return;
		}
		this.#sending = true;
		try {
			// The export panel explains a table it cannot make (no columns, a bad page range).
			const rows = await this.#deps.table().catch(() => []);
			if (rows.length === 0) {
				tab?.close();
				this.#problem = 'nothing';
				return;
			}
			const res = await this.#client.sheets.send.mutate({
				title: this.#deps.title(),
				sheetTitle: this.#deps.tabName(),
				rows
			});
			this.#sent = { url: res.spreadsheetUrl, rows: res.rows };
			if (tab) tab.location.href = res.spreadsheetUrl;
		} catch (err) {
			tab?.close();
			const d = errorData(err);
			this.#problem = problemOfRelayError(d.kind, d.httpStatus, d.retryAfterMs);
			// The relay deleted a dead grant: the next press goes through the consent again.
			if (this.#problem === 'reconnect' && this.#status) {
				this.#status = { ...this.#status, connected: false };
			}
		} finally {
			this.#sending = false;
		}
	}

	/** Leaves for Google's consent screen; the send resumes when the reader comes back to `path`. */
	connect(path: string): void {
		const s = this.#status;
		if (!s) return;
		this.#deps.pending?.setItem(PENDING_KEY, path);
		(this.#deps.go ?? ((href: string) => window.location.assign(href)))(
			connectHref(s.connectUrl, path)
		);
	}

	/** Revokes the relay's access to the reader's Google Drive and forgets the token. */
	async disconnect(): Promise<void> {
		this.#problem = undefined;
		try {
			await this.#client.sheets.disconnect.mutate();
			this.#disconnected = true;
			this.#sent = undefined;
			if (this.#status) this.#status = { ...this.#status, connected: false };
		} catch (err) {
			const d = errorData(err);
			this.#problem = problemOfRelayError(d.kind, d.httpStatus);
		}
	}
}
