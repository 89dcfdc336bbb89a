/** Chromium's install offer; not in TypeScript's DOM types. */
interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/** The browser's offer to install the app, kept until the reader presses Install. */
class InstallPrompt {
	#offer = $state.raw<BeforeInstallPromptEvent | undefined>();

	/** True when the browser would install the app now. */
	get available(): boolean {
		return this.#offer !== undefined;
	}

	/** Listens for the browser's offer; returns the function that stops listening. */
	listen(): () => void {
		const onOffer = (e: Event) => {
			// Without this the browser shows its own mini-infobar instead of our button.
			e.preventDefault();
			this.#offer = e as BeforeInstallPromptEvent;
		};
		const onInstalled = () => (this.#offer = undefined);
		window.addEventListener('beforeinstallprompt', onOffer);
		window.addEventListener('appinstalled', onInstalled);
		return () => {
			window.removeEventListener('beforeinstallprompt', onOffer);
			window.removeEventListener('appinstalled', onInstalled);
		};
	}

	/** Shows the browser's install dialog; an offer can be used only once. */
	async install(): Promise<void> {
		const offer = this.#offer;
		if (!offer) return;
		this.#offer = undefined;
		await offer.prompt();
		await offer.userChoice;
	}
}

/** The page's one install prompt. */
export const installPrompt = new InstallPrompt();
