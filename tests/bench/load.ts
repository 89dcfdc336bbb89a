// Load (issue 11, "Robustness and load"): 200 simulated readers with 4 chunk calls in flight
// each, against one relay and the latency mock, on loopback, for a bounded time. Records the
// 5xx count, the per-reader throughput max/min (the fair gate's round robin) and how much the
// relay's resident memory grew between the end of the warm-up and the end of the run.
import {
	benchChunkInput,
	rssMb,
	signUpReader,
	startMockProcess,
	startRelayProcess,
	type BenchUser
} from './bench-processes.ts';
import { record } from './results.ts';

const TEXTS = [
	"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres avec toute sa maison.",
	'Madame de Maintenon, lasse des intrigues de la cour, passait ses journées à Saint-Cyr parmi les demoiselles.',
	'Le maréchal de Villars, après avoir longtemps attendu les ordres, marcha enfin vers la frontière avec son armée.'
];

/** Records load.status_5xx, load.fairness_max_over_min, load.rss_growth_mb and the 429s. */
export async function benchLoad(
	opts: { readers?: number; inFlight?: number; seconds?: number; warmupSeconds?: number } = {}
) {
	const readers = opts.readers ?? 200;
	const inFlight = opts.inFlight ?? 4;
	const seconds = opts.seconds ?? 40;
	const warmup = opts.warmupSeconds ?? 8;
	const mock = await startMockProcess({ fixedMs: 200, perOutputTokenMs: 1 });
	const relay = await startRelayProcess(mock.url, {
		GEMINI_MAX_CONCURRENCY: '64',
		SIGN_UPS_PER_IP_PER_HOUR: String(readers * 2),
		MONTHLY_GRANT_CREDITS: '1000000'
	});
	try {
		const users: BenchUser[] = [];
		for (let r = 0; r < readers; r++) users.push(await signUpReader(relay.url));
		await Promise.all(
			users.map((user, r) =>
				user.client.jobs.reserve.mutate({
					clientJobId: `load-${r}`,
					items: TEXTS.map((text, i) => ({ i, text })),
					settings: { limit: 8 }
				})
			)
		);
		const statuses = new Map<number, number>();
		let unexplained429 = 0;
		const done = new Array<number>(readers).fill(0);
		let counting = false;
		let stop = false;
		let call = 0;
		const reader = async (r: number) => {
			while (!stop) {
				call++;
				const items = TEXTS.map((text, i) => ({ i, text: `${text} (${call})` }));
				const res = await fetch(`${relay.url}/trpc/chunks.normalize`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', cookie: users[r].cookie },
					body: JSON.stringify(benchChunkInput(`load-${r}`, items))
				}).catch(() => undefined);
				const status = res?.status ?? 0;
				await res?.arrayBuffer().catch(() => undefined);
				if (counting) statuses.set(status, (statuses.get(status) ?? 0) + 1);
				if (status === 200 && counting) done[r]++;
				if (status === 429) {
					// A limit's 429 says when to come back; one without Retry-After names no limit.
					const after = Number(res?.headers.get('retry-after'));
					if (!Number.isFinite(after) || after <= 0) unexplained429++;
					await new Promise((resolve) => setTimeout(resolve, (after || 1) * 1000));
				}
			}
		};
		const running = users.flatMap((_, r) => Array.from({ length: inFlight }, () => reader(r)));
		await new Promise((resolve) => setTimeout(resolve, warmup * 1000));
		counting = true;
		const rssStart = await rssMb(relay.pid);
		await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
		counting = false;
		const rssEnd = await rssMb(relay.pid);
		stop = true;
		await Promise.all(running);

		const count = (pred: (s: number) => boolean) =>
			[...statuses].filter(([s]) => pred(s)).reduce((n, [, c]) => n + c, 0);
		const min = Math.min(...done);
		const max = Math.max(...done);
		console.log(
			`load: ${readers} readers × ${inFlight} in flight, ${seconds} s: statuses ${JSON.stringify(Object.fromEntries(statuses))}, ` +
				`per reader ${min}–${max} calls, relay RSS ${rssStart.toFixed(0)} → ${rssEnd.toFixed(0)} MB`
		);
		record(
			'load.status_5xx',
			count((s) => s >= 500 || s === 0),
			'count',
			'0 (goal); network failures counted too'
		);
		record(
			'load.status_429',
			count((s) => s === 429),
			'count',
			'only where a limit says so'
		);
		record('load.status_429_without_retry_after', unexplained429, 'count', '0 (goal)');
		record(
			'load.fairness_max_over_min',
			Number((max / Math.max(min, 1e-9)).toFixed(3)),
			'ratio',
			`≤ 1.5 (goal); per-reader calls in ${seconds} s`
		);
		record(
			'load.rss_growth_mb',
			Number((rssEnd - rssStart).toFixed(1)),
			'MB',
			`flat (goal); relay RSS ${rssStart.toFixed(0)} MB after warm-up`
		);
	} finally {
		await relay.stop();
		await mock.stop();
	}
}
