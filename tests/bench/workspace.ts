// The book workspace at 20,000 rows, in Chromium: time to first rows, search time (from the
// keystroke to the filtered count shown, and to the next frame), and the DOM size while scrolling.
import type { Page } from 'playwright-core';
import { launchChromium, startStack } from '../e2e/harness.ts';
import { seedBook, type SeedRow } from '../e2e/seed-book.ts';
import { record } from './results.ts';

const ROWS = 20_000;

const WORDS = ['élève', 'maison', 'rivière', 'chemin', 'lumière', 'forêt', 'père', 'château'];
const HOW = ['unchanged', 'mechanical', 'model', 'unchanged', 'repaired', 'unchanged'] as const;

/** Row `i` of the bench's book: every output source, long sentences split in two. */
function benchRow(i: number): SeedRow {
	const w = WORDS[i % WORDS.length];
	const source = HOW[i % HOW.length];
	if (source === 'unchanged') {
		const text = `Le ${w} dort ${i}.`;
		return { text, words: 4, outputs: [text], source };
	}
	return {
		text: `Le ${w} marchait lentement le long du chemin, et la nuit tombait sur la vallée numéro ${i}.`,
		words: 17,
		outputs: [
			`Le ${w} marchait lentement le long du chemin.`,
			`La nuit tombait sur la vallée ${i}.`
		],
		source
	};
}

/**
 * Types `query` into the search box in the page: ms until the count shown answers it (its
 * data-query says which search it counts), and until the next frame is painted.
 */
function timeSearch(page: Page, query: string): Promise<{ count: number; frame: number }> {
	return page.evaluate(async (query) => {
		const input = document.querySelector<HTMLInputElement>('[data-testid=book-search]')!;
		const shown = document.querySelector('[data-testid=shown-count]')!;
		const answered = new Promise<void>((res) => {
			const mo = new MutationObserver(() => {
				if (shown.getAttribute('data-query') === query) {
					mo.disconnect();
					res();
				}
			});
			mo.observe(shown, { attributes: true, childList: true, subtree: true, characterData: true });
		});
		const t0 = performance.now();
		input.value = query;
		input.dispatchEvent(new Event('input', { bubbles: true }));
		await answered;
		const count = performance.now() - t0;
		await new Promise((res) => requestAnimationFrame(() => setTimeout(res)));
		return { count, frame: performance.now() - t0 };
	}, query);
}

/** Scrolls the list through the book; the most DOM nodes and rendered rows seen. */
function scrollThrough(page: Page, stops: number) {
	return page.evaluate(async (stops) => {
		const list = document.querySelector<HTMLElement>('[data-testid=book-rows]')!;
		let maxNodes = 0;
		let maxRows = 0;
		for (let k = 0; k <= stops; k++) {
			list.scrollTop = ((list.scrollHeight - list.clientHeight) * k) / stops;
			// Two frames: virtua mounts the rows in view, then measures them. (No named helper:
			// tsx would wrap it in a __name call the page does not have.)
			for (let f = 0; f < 2; f++) {
				await new Promise((res) => requestAnimationFrame(() => setTimeout(res)));
			}
			maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
			maxRows = Math.max(maxRows, list.querySelectorAll('[data-testid=result-row]').length);
		}
		return { maxNodes, maxRows };
	}, stops);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Records the workspace's numbers at 20,000 rows. */
export async function benchWorkspace() {
	const browser = await launchChromium();
	const stack = await startStack({ ai: false });
	try {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const page = await context.newPage();
		// tsx names the functions seedBook hands the page with a __name helper the page lacks.
		await page.addInitScript('globalThis.__name = (f) => f');
		page.on('crash', () => console.log('workspace: the page crashed'));
		page.on('pageerror', (e) => console.log('workspace: page error', e));
		// Any book page opens the database (schema and all) before the seed writes to it.
		await page.goto(`${stack.relay.url}/book/none`);
		await page.getByTestId('book-not-found').waitFor();
		const id = await seedBook(page, {
			rows: ROWS,
			title: 'Livre de 20 000 phrases',
			rowOf: benchRow
		});

		const t0 = Date.now();
		await page.goto(`${stack.relay.url}/book/${id}`);
		await page.getByTestId('result-row').first().waitFor();
		await page
			.getByTestId('sentence-count')
			.filter({ hasText: `${ROWS} sentences` })
			.waitFor();
		const open = Date.now() - t0;
		const atRest = await page.evaluate(() => ({
			nodes: document.getElementsByTagName('*').length,
			rows: document.querySelectorAll('[data-testid=result-row]').length
		}));

		// Typing "eleve" key by key, then other words, each from all 20,000 rows or a subset.
		const samples: { query: string; count: number; frame: number }[] = [];
		for (let round = 0; round < 3; round++) {
			for (const q of ['e', 'el', 'ele', 'elev', 'eleve', '', 'riviere 1999', '', 'chateau', '']) {
				samples.push({ query: q, ...(await timeSearch(page, q)) });
			}
		}
		const typed = samples.filter((s) => s.query !== '');
		const cleared = samples.filter((s) => s.query === '');
		const scroll = await scrollThrough(page, 40);

		console.log(`workspace: ${ROWS} rows open in ${open} ms (goto to the first row and the count)`);
		console.log(
			`workspace: search, keystroke to filtered count: median ${ms(median(typed.map((s) => s.count)))}, max ${ms(Math.max(...typed.map((s) => s.count)))}; to the next frame: median ${ms(median(typed.map((s) => s.frame)))}, max ${ms(Math.max(...typed.map((s) => s.frame)))} (${typed.length} searches)`
		);
		console.log(
			`workspace: clearing the search back to ${ROWS} rows: median ${ms(median(cleared.map((s) => s.count)))}, max ${ms(Math.max(...cleared.map((s) => s.count)))}`
		);
		console.log(
			`workspace: DOM at rest ${atRest.nodes} elements, ${atRest.rows} rows rendered; while scrolling top to bottom (41 stops) at most ${scroll.maxNodes} elements, ${scroll.maxRows} rows`
		);
		const at = `${ROWS} rows in Chromium`;
		record('workspace.open_ms', open, 'ms', `${at}: goto to the first row and the count`);
		record(
			'workspace.search_median_ms',
			+median(typed.map((s) => s.count)).toFixed(1),
			'ms',
			`${at}: keystroke to filtered count, median of ${typed.length}`
		);
		record(
			'workspace.search_max_ms',
			+Math.max(...typed.map((s) => s.count)).toFixed(1),
			'ms',
			`${at}: keystroke to filtered count, slowest`
		);
		record(
			'workspace.search_frame_median_ms',
			+median(typed.map((s) => s.frame)).toFixed(1),
			'ms',
			`${at}: keystroke to the next painted frame, median`
		);
		record(
			'workspace.clear_median_ms',
			+median(cleared.map((s) => s.count)).toFixed(1),
			'ms',
			`${at}: clearing the search back to every row, median`
		);
		record(
			'workspace.dom_elements_max',
			scroll.maxNodes,
			'count',
			`${at}: most DOM elements while scrolling top to bottom (virtual list)`
		);
		record(
			'workspace.rows_rendered_max',
			scroll.maxRows,
			'count',
			`${at}: most rows in the DOM while scrolling`
		);
		await context.close();
	} finally {
		await browser.close();
		await stack.close();
	}
}
