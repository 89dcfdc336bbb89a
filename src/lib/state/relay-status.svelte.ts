import type { RelayClient, RelayConfigView } from '../relay/relay-client.ts';

/** What the page knows about the relay: its config, or why it could not be reached. */
class RelayStatus {
	#config = $state<RelayConfigView | undefined>();
	#unreachable = $state(false);

	get config() {
		return this.#config;
	}
	get unreachable() {
		return this.#unreachable;
	}
	/** True when AI mode can be used right now. */
	get aiEnabled() {
		return this.#config?.ai.enabled === true;
	}
	/** Why AI mode cannot be used, in words for the reader; undefined when it can. */
	get aiUnavailableReason(): string | undefined {
		if (this.#unreachable)
			return 'The relay cannot be reached, so AI mode is unavailable. Mechanical mode works offline.';
		const ai = this.#config?.ai;
		if (ai && !ai.enabled) return ai.reason;
		return undefined;
	}
	/** Asks the relay for its config; offline is not an error. */
	async refresh(client: RelayClient): Promise<void> {
		try {
			this.#config = await client.config.get.query();
			this.#unreachable = false;
		} catch {
			this.#unreachable = true;
		}
	}
}

export const relayStatus = new RelayStatus();
