import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// The PWA update test builds a second version of the app into a temporary folder.
const out = process.env.FNT_BUILD_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A single-page app: the relay serves index.html for every route it does not know.
		// precompress writes .br and .gz beside each file, which the relay sends when the
		// browser accepts them (a third of the bytes on a phone's first visit).
		adapter: adapter({ pages: out, assets: out, fallback: 'index.html', precompress: true }),
		// workbox-window registers the worker (src/lib/pwa/), so it can drive the update prompt.
		serviceWorker: { register: false },
		files: { serviceWorker: 'src/service-worker.ts' }
	}
};

export default config;
