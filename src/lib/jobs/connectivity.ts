/** Sleeps `ms`, or rejects nothing and returns early when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		signal.addEventListener('abort', done, { once: true });
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
	});
}

/**
 * Resolves when trying the relay again makes sense: at the `online` event when the browser
 * knows it is offline, otherwise after a short wait (the relay itself may be restarting).
 */
export function waitForConnection(signal: AbortSignal, retryMs = 2_000): Promise<void> {
	if (typeof navigator !== 'undefined' && navigator.onLine === false) {
		return new Promise((resolve) => {
			const done = () => {
				window.removeEventListener('online', done);
				signal.removeEventListener('abort', done);
				resolve();
			};
			window.addEventListener('online', done);
			signal.addEventListener('abort', done, { once: true });
		});
	}
	return sleep(retryMs, signal);
}
