import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NovelDb } from '../../src/lib/db/db.ts';
import { JobManager } from '../../src/lib/jobs/job-manager.ts';
import type { PdfPort } from '../../src/lib/jobs/job-runner.ts';

/** A PDF port that notes, in order, the warm-up and each extraction, with the files stored then. */
function recordingPdf(db: NovelDb) {
	const events: string[] = [];
	const pdf: PdfPort = {
		warm(size) {
			events.push(`warm ${size}`);
		},
		async extract() {
			events.push(`extract (${await db.files.count()} file stored)`);
			return { ok: true, pages: ['Il dort.'], pageCount: 1 };
		}
	};
	return { pdf, events };
}

function manager(db: NovelDb, pdf: PdfPort) {
	const relay = {
		async normalize(): Promise<never> {
			throw new Error('mechanical jobs never call the relay');
		}
	};
	return new JobManager(db, pdf, relay, () => ({ concurrency: 1, maxItems: 4, maxChars: 1000 }));
}

describe('starting the PDF workers at the drop', () => {
	it('warms them for the file’s size before storing it, so pdf.js loads during the intake', async () => {
		const db = new NovelDb(`warm-${Math.random()}`);
		const { pdf, events } = recordingPdf(db);
		const file = new File(['%PDF-1.7\n' + 'x'.repeat(2000)], 'livre.pdf');
		const id = await manager(db, pdf).start(file, { limit: 8, mode: 'mechanical' });
		await expect.poll(async () => (await db.jobs.get(id))?.status).toBe('completed');
		expect(events).toEqual([`warm ${file.size}`, 'extract (1 file stored)']);
	});

	it('does not start them for a file refused at the intake', async () => {
		const db = new NovelDb(`warm-${Math.random()}`);
		const { pdf, events } = recordingPdf(db);
		const notPdf = new File(['<html>not a book</html>'], 'page.pdf');
		await expect(
			manager(db, pdf).start(notPdf, { limit: 8, mode: 'mechanical' })
		).rejects.toThrow();
		expect(events).toEqual([]);
		expect(await db.files.count()).toBe(0);
	});
});
