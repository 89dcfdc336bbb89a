import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

const relayPort = process.env.PORT ?? '3000';

export default defineConfig({
	plugins: [sveltekit()],
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
