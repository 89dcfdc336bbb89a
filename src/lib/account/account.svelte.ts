import { loadErrorWording } from '../i18n/error-text.svelte.ts';
import { creditsText, estimateText } from '../i18n/format.ts';
import { m } from '../paraglide/messages.js';
import type { RelayClient } from '../relay/relay-client.ts';
import { relay } from '../relay/relay.ts';

/** The signed-in user, as the page shows them. */
export interface AccountUser {
	id: string;
	email: string;
	role: 'user' | 'admin';
}

/** A sentence as a job sends it. */
export interface CreditItem {
	i: number;
	text: string;
	context?: string;
}

/** What a job would cost, estimated by the relay from its sentences. */
export interface JobEstimate {
	credits: number;
	balance: number;
	enough: boolean;
	shortfall: number;
	/** "about 12 of your 50 credits", or why it does not fit. */
	text: string;
}

/** Why signing in or up failed, in the reader's words (never the relay's raw text). */
async function messageOf(err: unknown): Promise<string> {
	const { errorText, kindOf } = await loadErrorWording();
	switch (kindOf(err).code) {
		case 'offline':
			return m.account_unreachable();
		// Input errors come back as zod's issue list; say what the form needs instead.
		case 'validation':
			return m.account_invalid_form();
		// On the sign-in form, 401 means the email or the password is wrong.
		case 'unauthorized':
			return m.error_wrong_credentials();
		default:
			return errorText(err);
	}
}

/**
 * The account as the page knows it: who is signed in, their balance, and how they sign in.
 * One instance, on the page's relay client (same origin, so the session cookie goes along).
 */
class AccountState {
	#user = $state<AccountUser | null>(null);
	#loaded = $state(false);
	#balance = $state<number | undefined>();
	#googleUrl = $state<string | null>(null);
	#busy = $state(false);
	#error = $state<string | undefined>();

	/** The relay client the account's calls go through. */
	get client(): RelayClient {
		return relay;
	}
	get user() {
		return this.#user;
	}
	get signedIn() {
		return this.#user !== null;
	}
	get isAdmin() {
		return this.#user?.role === 'admin';
	}
	/** True once the first refresh has answered (or failed). */
	get loaded() {
		return this.#loaded;
	}
	get balance() {
		return this.#balance;
	}
	/** "50 credits", or undefined before it is known. */
	get balanceText() {
		return this.#balance === undefined ? undefined : creditsText(this.#balance);
	}
	/** Where "Sign in with Google" goes, when the relay offers it. */
	get googleUrl() {
		return this.#googleUrl;
	}
	get busy() {
		return this.#busy;
	}
	/** The last sign-in or sign-up failure, for the form. */
	get error() {
		return this.#error;
	}

	/** Asks the relay who is signed in, how one may sign in, and the balance. Offline is not an error. */
	async refresh(): Promise<void> {
		try {
			const [me, methods] = await Promise.all([
				this.client.auth.me.query(),
				this.client.auth.methods.query()
			]);
			this.#user = me;
			this.#googleUrl = methods.google?.url ?? null;
			if (me) await this.refreshBalance();
			else this.#balance = undefined;
		} catch {
			// The relay is unreachable: mechanical mode does not need an account.
		} finally {
			this.#loaded = true;
		}
	}

	/** Reads the balance again (after a job, a reservation or a grant). */
	async refreshBalance(): Promise<void> {
		if (!this.#user) return;
		try {
			this.#balance = (await this.client.credits.balance.query()).balance;
		} catch {
			// Keep the last known balance; the next refresh will correct it.
		}
	}

	/** Creates an account and signs it in. */
	signUp(email: string, password: string): Promise<boolean> {
		return this.#signIn(() => this.client.auth.signUp.mutate({ email, password }));
	}

	/** Signs in with email and password. */
	signIn(email: string, password: string): Promise<boolean> {
		return this.#signIn(() => this.client.auth.signIn.mutate({ email, password }));
	}

	/** Signs out of this browser. */
	async signOut(): Promise<void> {
		this.#busy = true;
		try {
			await this.client.auth.signOut.mutate();
		} catch {
			// Already signed out, or offline: forget the account here either way.
		} finally {
			this.reset();
			this.#loaded = true;
		}
	}

	/**
	 * What a job with these sentences would cost: the relay estimates it from the text.
	 * Undefined when signed out or offline.
	 */
	async estimate(
		items: CreditItem[],
		settings: { limit: number; tier?: string }
	): Promise<JobEstimate | undefined> {
		if (!this.#user || items.length === 0) return undefined;
		try {
			const e = await this.client.credits.estimate.mutate({ items, settings });
			this.#balance = e.balance;
			const about = estimateText(e.credits);
			const balance = creditsText(e.balance);
			const text = e.enough
				? m.account_estimate_enough({ about, balance })
				: m.account_estimate_short({ about, balance });
			return {
				credits: e.credits,
				balance: e.balance,
				enough: e.enough,
				shortfall: e.shortfall,
				text
			};
		} catch {
			return undefined;
		}
	}

	/** Explains why the relay sent the browser back from Google with `?auth_error=…`. */
	noteAuthError(code: string | null): void {
		if (!code) return;
		this.#error = code === 'google_state' ? m.account_google_state() : m.account_google_failed();
	}

	/** Forgets the account (after sign-out). */
	reset(): void {
		this.#user = null;
		this.#balance = undefined;
		this.#error = undefined;
		this.#busy = false;
	}

	async #signIn(call: () => Promise<{ user: AccountUser }>): Promise<boolean> {
		this.#busy = true;
		this.#error = undefined;
		try {
			this.#user = (await call()).user;
			await this.refreshBalance();
			return true;
		} catch (err) {
			this.#error = await messageOf(err);
			return false;
		} finally {
			this.#busy = false;
			this.#loaded = true;
		}
	}
}

/** The page's account. */
export const account = new AccountState();
