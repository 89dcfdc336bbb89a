// The JavaScript of a reader's first visit, per view (the budget: 100 KB gzip for the
// code a view needs to draw). Also what has arrived once the page is idle, services included.
import { firstLoadScripts, staticFirstLoad } from '../e2e/first-load-js.ts';
import { launchChromium, startStack } from '../e2e/harness.ts';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Prints, per view, the gzip size of the scripts it draws with and of all it loads by idle. */
export async function benchFirstLoad(): Promise<void> {
	const stack = await startStack({ ai: false });
	const browser = await launchChromium();
	try {
		for (const [route, url] of [
			['/', '/'],
			['/library', '/library'],
			['/book/[id]', '/book/unknown'],
			['/share', '/share']
		]) {
			const drawn = staticFirstLoad(route);
			const idle = await firstLoadScripts(browser, stack.relay.url + url);
			console.log(
				`first load ${route}: ${kb(drawn.totalGzip)} gzip to draw, ${kb(idle.totalGzip)} by idle`
			);
		}
	} finally {
		await browser.close();
		await stack.close();
	}
}
