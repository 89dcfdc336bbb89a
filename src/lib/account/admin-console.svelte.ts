import { loadErrorWording } from '../i18n/error-text.svelte.ts';
import { creditsText } from '../i18n/format.ts';
import { m } from '../paraglide/messages.js';
import type { RelayClient } from '../relay/relay-client.ts';
import { account } from './account.svelte.ts';

type AdminStats = Awaited<ReturnType<RelayClient['admin']['stats']['query']>>;
type AdminUsers = Awaited<ReturnType<RelayClient['admin']['users']['query']>>;
type AdminJobs = Awaited<ReturnType<RelayClient['admin']['jobs']['query']>>;

/** What the /admin page shows: live calls and queue, error rates, users, recent jobs. */
class AdminConsole {
	#stats = $state<AdminStats | undefined>();
	#users = $state<AdminUsers>([]);
	#jobs = $state<AdminJobs>([]);
	#error = $state<string | undefined>();
	#notice = $state<string | undefined>();

	get stats() {
		return this.#stats;
	}
	get users() {
		return this.#users;
	}
	get jobs() {
		return this.#jobs;
	}
	get error() {
		return this.#error;
	}
	/** The result of the last grant. */
	get notice() {
		return this.#notice;
	}

	/** Reads everything again. */
	async refresh(): Promise<void> {
		try {
			const c = account.client;
			const [stats, users, jobs] = await Promise.all([
				c.admin.stats.query(),
				c.admin.users.query({ limit: 100 }),
				c.admin.jobs.query({ limit: 30 })
			]);
			this.#stats = stats;
			this.#users = users;
			this.#jobs = jobs;
			this.#error = undefined;
		} catch (err) {
			this.#error = (await loadErrorWording()).errorText(err);
		}
	}

	/** Grants credits to an account by email. */
	async grant(email: string, credits: number): Promise<void> {
		try {
			const res = await account.client.admin.grant.mutate({ email, credits });
			this.#notice = m.admin_granted({ email: res.email, balance: creditsText(res.balance) });
			await this.refresh();
		} catch (err) {
			this.#notice = (await loadErrorWording()).errorText(err);
		}
	}

	/** Forgets everything (sign-out). */
	reset(): void {
		this.#stats = undefined;
		this.#users = [];
		this.#jobs = [];
		this.#error = undefined;
		this.#notice = undefined;
	}
}

/** The admin page's state. */
export const adminConsole = new AdminConsole();
