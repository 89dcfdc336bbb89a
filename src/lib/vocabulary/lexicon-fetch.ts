/**
 * The lexicon in the browser: fetched from /lexicon/ (the service worker keeps a copy, so it
 * opens offline after the first use) and parsed once per worker.
 */
import { parseLexicon, type Lexicon } from '../shared/text/lexicon.ts';

let loading: { url: string; lexicon: Promise<Lexicon> } | undefined;

/** The lexicon at `url`, fetched and parsed on the first call. */
export function fetchLexicon(url: string): Promise<Lexicon> {
	if (loading?.url !== url) {
		const lexicon = fetch(url).then(async (response) => {
			if (!response.ok) throw new Error(`lexicon: HTTP ${response.status}`);
			return parseLexicon(await response.text());
		});
		// A failed load is tried again on the next call, not remembered.
		lexicon.catch(() => (loading = undefined));
		loading = { url, lexicon };
	}
	return loading.lexicon;
}
