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
		relay.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
