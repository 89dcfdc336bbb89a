import { creditsPort } from './account/credits-port.ts';
import { db } from './db/db.ts';
import { JobManager } from './jobs/job-manager.ts';
import { extractPdf, splitPdf, warmPdfWorkers } from './pdf/pdf-bridge.ts';
import { relayPort } from './relay/relay-client.ts';
import { relay } from './relay/relay.ts';
import { relayStatus } from './state/relay-status.svelte.ts';

/** The page's relay client, re-exported for the page. */
export { relay };

/** The page's job manager, wired to IndexedDB, the PDF worker and the relay. */
export const jobManager = new JobManager(
	db,
	{ extract: extractPdf, split: splitPdf, warm: warmPdfWorkers },
	relayPort(relay),
	() => {
		const c = relayStatus.config;
		return {
			concurrency: c?.concurrency ?? 4,
			maxItems: c?.limits.maxItemsPerChunk ?? 25,
			maxChars: c?.limits.maxChunkChars ?? 12_000
		};
	},
	creditsPort
);

/**
 * Starts the PDF worker when a file is probably coming (dragged over the drop zone, or the
 * file picker opening), so pdf.js has loaded by the drop. Unused, it stops after its idle time.
 */
export function prepareForPdf(): void {
	warmPdfWorkers(0);
}
