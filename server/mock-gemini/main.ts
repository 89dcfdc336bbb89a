/**
 * `npm run mock-gemini`: runs the mock Gemini server in the foreground so that AI mode can
 * be tried, tested and benchmarked without a key.
 */
import { startMockGemini } from './mock-gemini.ts';

/** A non-negative number from the environment, or the fallback; anything else stops the start. */
function envNumber(name: string, fallback: number): number {
	const raw = process.env[name]?.trim();
	if (!raw) return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) {
		throw new Error(`${name} must be a non-negative number, got "${raw}"`);
	}
	return value;
}

const port = envNumber('MOCK_GEMINI_PORT', 8787);
const mock = await startMockGemini({
	port,
	host: '127.0.0.1',
	latency: {
		fixedMs: envNumber('MOCK_GEMINI_LATENCY_MS', 0),
		perOutputTokenMs: envNumber('MOCK_GEMINI_MS_PER_TOKEN', 0)
	}
});

console.log(`Mock Gemini listening on ${mock.url}
Use it for AI mode with any key:
  GEMINI_API_KEY=test GEMINI_BASE_URL=${mock.url} npm start
Drive it over HTTP:
  curl -X POST ${mock.url}/__mock/faults -d '{"sequence":["rate_limit"]}'
  curl -X POST ${mock.url}/__mock/latency -d '{"fixedMs":300,"perOutputTokenMs":5}'
  curl ${mock.url}/__mock/stats
  curl -X POST ${mock.url}/__mock/reset`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		mock.close().then(
			() => process.exit(0),
			(err: unknown) => {
				console.error(err);
				process.exit(1);
			}
		);
	});
}
