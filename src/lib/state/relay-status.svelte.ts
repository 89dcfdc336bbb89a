import type { ErrorKind } from '../i18n/error-kind.ts';
import type { RelayClient, RelayConfigView } from '../relay/relay-client.ts';
import type { AiOffer } from './settings-store.ts';

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
	/** The tiers the relay offers and its default; undefined while AI mode is off or unknown. */
	get aiOffer(): AiOffer | undefined {
		const ai = this.#config?.ai;
		return ai?.enabled ? { tiers: ai.tiers, defaultTier: ai.defaultTier } : undefined;
	}
	/** Each tier's price in credits per 1,000 tokens, when the relay says. */
	get prices(): Record<string, number> | undefined {
		const ai = this.#config?.ai;
		return ai?.enabled && 'prices' in ai ? ai.prices : undefined;
	}
	/**
	 * Why AI mode cannot be used, as a kind the page words (`offline`: the relay cannot be
	 * reached; `ai_disabled`: it has no Gemini key); undefined when it can.
	 */
	get aiUnavailable(): ErrorKind | undefined {
		if (this.#unreachable) return { code: 'offline' };
		const ai = this.#config?.ai;
		if (ai && !ai.enabled) return { code: 'ai_disabled' };
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
