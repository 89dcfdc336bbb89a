// The part of autocannon 9's API the relay and load benches use (it ships no types).
declare module 'autocannon' {
	import type { EventEmitter } from 'node:events';

	interface Request {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
		body?: string;
		setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
	}

	interface Options {
		url: string;
		connections?: number;
		amount?: number;
		duration?: number;
		requests?: Request[];
		headers?: Record<string, string>;
	}

	interface Histogram {
		p50: number;
		p99: number;
		average: number;
	}

	interface Result {
		duration: number;
		errors: number;
		timeouts: number;
		non2xx: number;
		requests: Histogram & { total: number; sent: number };
		latency: Histogram;
		statusCodeStats: Record<string, { count: number }>;
	}

	interface Instance extends EventEmitter, PromiseLike<Result> {
		on(
			event: 'response',
			listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void
		): this;
		stop(): void;
	}

	function autocannon(options: Options): Instance;
	export default autocannon;
}
