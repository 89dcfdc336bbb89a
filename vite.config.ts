import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

const relayPort = process.env.PORT ?? '3000';

export default defineConfig({
	plugins: [
		// Messages (messages/en.json, fr.json) compile to tree-shaken functions in src/lib/paraglide.
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// Types for the relay's and the CLI's type check, which reads plain JS as untyped.
			emitTsDeclarations: true,
			// A browser-only app: the reader's choice, then the browser's language, then English.
			strategy: ['localStorage', 'preferredLanguage', 'baseLocale']
		}),
		sveltekit(),
		SvelteKitPWA({
			// Our own worker (src/service-worker.ts): it also takes share-target POSTs.
			strategies: 'injectManifest',
			// src/lib/pwa/ registers it with workbox-window, for the update prompt.
			injectRegister: false,
			// Without this, index.html is not precached and the app does not open offline.
			kit: { adapterFallback: 'index.html', spa: true },
			injectManifest: {
				// pdf.js's worker code is bundled into our PDF worker (src/lib/pdf/pdf.worker.ts).
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webmanifest}']
			},
			manifest: {
				id: '/',
				name: 'French Novel Tool',
				short_name: 'Novel Tool',
				description: 'Turn a French novel into short sentences for learners.',
				lang: 'en',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				theme_color: '#1d3557',
				background_color: '#f8fafc',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{
						src: '/icons/maskable-192.png',
						sizes: '192x192',
						type: 'image/png',
						purpose: 'maskable'
					},
					{
						src: '/icons/maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				],
				// The service worker answers this POST (src/lib/pwa/share-target.ts).
				share_target: {
					action: '/share',
					method: 'POST',
					enctype: 'multipart/form-data',
					params: { files: [{ name: 'pdf', accept: ['application/pdf', '.pdf'] }] }
				},
				// "Open with" on a desktop install; the page's launchQueue consumer takes the files.
				file_handlers: [{ action: '/share', accept: { 'application/pdf': ['.pdf'] } }]
			}
		})
	],
	// pdf.js and our PDF worker are ES module workers.
	worker: { format: 'es' },
	server: {
		// `npm run dev` talks to a relay started separately with `npm run relay`.
		proxy: { '/trpc': `http://127.0.0.1:${relayPort}` }
	},
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					environment: 'node',
					expect: { requireAssertions: true }
				}
			},
			{
				test: {
					name: 'pdf',
					include: ['tests/pdf/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					expect: { requireAssertions: true }
				}
			},
			{
				test: {
					name: 'relay',
					include: ['tests/relay/**/*.test.ts'],
					environment: 'node',
					testTimeout: 30_000,
					expect: { requireAssertions: true }
				}
			},
			{
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					testTimeout: 120_000,
					hookTimeout: 120_000,
					fileParallelism: false,
					expect: { requireAssertions: true }
				}
			}
		]
	}
});
