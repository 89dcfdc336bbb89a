import { loadConfig } from './env.ts';
import { startRelay } from './relay.ts';

/** `npm start`: the relay and the built app on one port. */
async function main() {
	const config = loadConfig();
	const relay = await startRelay(config);
	console.log(`French Novel Tool is running at ${relay.url}`);
	console.log(
		config.gemini
			? `AI mode: on (Gemini${config.gemini.baseUrl ? ' at ' + config.gemini.baseUrl : ''}).`
			: 'AI mode: off (no GEMINI_API_KEY). Mechanical mode works offline.'
	);
	const stop = () => {
		// Calls already at Gemini get ten seconds to finish and be stored before the exit.
		relay.close({ drainMs: 10_000 }).then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
