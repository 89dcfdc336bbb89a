// The JavaScript of a reader's first visit, per view (the budget: 100 KB gzip for the
// code a view needs to draw). Also what has arrived once the page is idle, services included.
import { firstLoadScripts, staticFirstLoad } from '../e2e/first-load-js.ts';
import { launchChromium, startStack } from '../e2e/harness.ts';
import { record } from './results.ts';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Records, per view, the gzip size of the scripts it draws with and of all it loads by idle. */
export async function benchFirstLoad(): Promise<void> {
	const stack = await startStack({ ai: false });
	const browser = await launchChromium();
	try {
		for (const [route, url, slug] of [
			['/', '/', 'home'],
			['/library', '/library', 'library'],
			['/book/[id]', '/book/unknown', 'book'],
			['/share', '/share', 'share']
		]) {
			const drawn = staticFirstLoad(route);
			const idle = await firstLoadScripts(browser, stack.relay.url + url);
			console.log(
				`first load ${route}: ${kb(drawn.totalGzip)} gzip to draw, ${kb(idle.totalGzip)} by idle`
			);
			record(
				`app.first_load.${slug}.draw_gzip_kb`,
				+(drawn.totalGzip / 1024).toFixed(1),
				'KB',
				`≤ 100 KB gzip (budget): what ${route} cannot draw without`
			);
			record(
				`app.first_load.${slug}.idle_gzip_kb`,
				+(idle.totalGzip / 1024).toFixed(1),
				'KB',
				`every script ${route} has loaded by network idle in Chromium, services included`
			);
		}
	} finally {
		await browser.close();
		await stack.close();
	}
}
