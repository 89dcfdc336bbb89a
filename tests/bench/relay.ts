import { chunkInput, reserveInput, signUp, startTestStack } from '../relay/relay-fixtures.ts';

const TEXT =
	"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres avec toute sa maison et ses gens.";

/**
 * Relay overhead per chunk call (session, credits, limits, SQLite, SDK, mock Gemini at zero
 * latency) and throughput with 8 calls in flight. Limits are raised so the limiter is not what
 * is measured.
 */
export async function benchRelay() {
	const stack = await startTestStack({
		CHUNK_CALLS_PER_MINUTE: '100000',
		IN_FLIGHT_PER_USER: '16',
		MONTHLY_GRANT_CREDITS: '100000'
	});
	try {
		const user = await signUp(stack.relay.url);
		let n = 0;
		const items = () => {
			n += 1;
			return Array.from({ length: 25 }, (_, i) => ({ i, text: `${TEXT} (${n}-${i})` }));
		};
		await user.client.jobs.reserve.mutate(reserveInput('bench', items()));
		const call = () => user.client.chunks.normalize.mutate(chunkInput('bench', items()));
		for (let k = 0; k < 20; k++) await call();
		const serial = 100;
		const t0 = performance.now();
		for (let k = 0; k < serial; k++) await call();
		const perCall = (performance.now() - t0) / serial;
		const parallel = 200;
		let next = 0;
		const t1 = performance.now();
		await Promise.all(
			Array.from({ length: 8 }, async () => {
				while (next++ < parallel) await call();
			})
		);
		const rate = parallel / ((performance.now() - t1) / 1000);
		console.log(
			`relay: ${perCall.toFixed(1)} ms per 25-item chunk call end to end (relay + SDK + mock), serial`
		);
		console.log(`relay: ${rate.toFixed(0)} chunk calls/s with 8 in flight`);
	} finally {
		await stack.close();
	}
}
