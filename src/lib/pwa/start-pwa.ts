import { dev } from '$app/environment';
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { Workbox } from 'workbox-window';
import { db } from '../db/db.ts';
import { installPrompt } from './install-prompt.svelte.ts';
import { consumeLaunchQueue } from './launch-queue.ts';
import { hasRunningJob } from './running-jobs.ts';
import { storeShares } from './share-inbox.ts';
import { updatePrompt } from './update-prompt.svelte.ts';

/** How often an open tab asks the server for a new version; installed apps stay open for days. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** Wires the PWA into the page once: service worker and update prompt, install offer, file launches. */
export function startPwa(): () => void {
	const stopInstall = installPrompt.listen();
	// Files opened with the installed app go through the same inbox as shared ones.
	consumeLaunchQueue(async (files) => {
		await storeShares(db, files);
		await goto(resolve('/share'));
	});
	const stopUpdates = registerServiceWorker();
	return () => {
		stopInstall();
		stopUpdates();
	};
}

/** Registers /service-worker.js; in dev there is none (the plugin builds it only for production). */
function registerServiceWorker(): () => void {
	if (dev || !('serviceWorker' in navigator)) return () => {};
	const wb = new Workbox('/service-worker.js', { scope: '/' });
	updatePrompt.watch(wb, () => hasRunningJob(db));
	void wb.register().then((reg) => updatePrompt.watchInstalling(reg));
	const check = () => {
		if (document.visibilityState === 'visible') void wb.update();
	};
	const timer = setInterval(check, UPDATE_CHECK_MS);
	document.addEventListener('visibilitychange', check);
	return () => {
		clearInterval(timer);
		document.removeEventListener('visibilitychange', check);
	};
}
