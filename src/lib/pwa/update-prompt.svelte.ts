import type { Workbox } from 'workbox-window';

/**
 * - `none`: nothing to offer.
 * - `ready`: a new version is waiting (or another tab already switched to it).
 * - `confirm`: the reader asked to reload while a book is being processed.
 * - `reloading`: the new version is taking over; the page reloads when it does.
 */
export type UpdatePhase = 'none' | 'ready' | 'confirm' | 'reloading';

/** The "New version — reload" prompt, fed by workbox-window's events. */
class UpdatePrompt {
	#phase = $state<UpdatePhase>('none');
	#wb: Workbox | undefined;
	#isBusy: () => Promise<boolean> = async () => false;

	/** Where the prompt is. */
	get phase(): UpdatePhase {
		return this.#phase;
	}

	/** Follows `wb`; call before `wb.register()`, whose events would otherwise be missed. */
	watch(wb: Workbox, isBusy: () => Promise<boolean>): void {
		this.#wb = wb;
		this.#isBusy = isBusy;
		wb.addEventListener('waiting', () => this.#offer());
		wb.addEventListener('controlling', (e) => {
			if (this.#phase === 'reloading') window.location.reload();
			// Another tab let the new version take over: this page's code is now the old one.
			else if (e.isUpdate) this.#offer();
		});
	}

	/**
	 * Offers the version that was already installing when the page registered: workbox-window
	 * saw its `updatefound` too late to report it as waiting.
	 */
	watchInstalling(registration: ServiceWorkerRegistration | undefined): void {
		const installing = registration?.installing;
		if (!installing || !navigator.serviceWorker.controller) return;
		installing.addEventListener('statechange', () => {
			if (installing.state === 'installed') this.#offer();
		});
	}

	/** The reader pressed Reload: ask first when a reload would interrupt a running job. */
	async reload(): Promise<void> {
		if (this.#phase === 'ready' && (await this.#isBusy())) this.#phase = 'confirm';
		else await this.reloadNow();
	}

	/** Reloads into the new version; a running job resumes from IndexedDB after the reload. */
	async reloadNow(): Promise<void> {
		this.#phase = 'reloading';
		const registration = await navigator.serviceWorker.getRegistration();
		// The waiting worker takes over on SKIP_WAITING; `controlling` then reloads the page.
		if (registration?.waiting && this.#wb) this.#wb.messageSkipWaiting();
		else window.location.reload();
	}

	/** Not now: hide the prompt until the next new version or visit. */
	dismiss(): void {
		this.#phase = 'none';
	}

	#offer() {
		if (this.#phase === 'none') this.#phase = 'ready';
	}
}

/** The page's one update prompt. */
export const updatePrompt = new UpdatePrompt();
