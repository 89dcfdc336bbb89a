/**
 * The mock's fault injection: which faults exist, the plan that says when to inject them,
 * the seeded picker that applies the plan to each request, and the HTTP error bodies of the
 * faults that are HTTP errors (as Gemini words them, GEMINI-WIRE.md).
 */
import { seededRandom } from './seeded-random.ts';
import { z } from 'zod';
import { googleError } from './wire.ts';

const FAULT_KINDS = [
	'rate_limit',
	'daily_quota',
	'server_error',
	'unavailable',
	'hang',
	'malformed_json',
	'max_tokens',
	'safety',
	'drop_item',
	'over_limit',
	'skip_passage',
	'bad_key'
] as const;

/** What can go wrong with one request. */
export type FaultKind = (typeof FAULT_KINDS)[number];

const faultSchema = z.union([
	z.enum(FAULT_KINDS),
	z.object({
		kind: z.enum(FAULT_KINDS),
		/** RetryInfo.retryDelay of a 429, e.g. "2s"; "1s" when absent. */
		retryDelay: z
			.string()
			.regex(/^\d+(\.\d+)?s$/)
			.optional()
	})
]);

/** A fault by name, or with options. */
export type Fault = z.infer<typeof faultSchema>;

/** The plan's schema, for plans that arrive over HTTP. */
export const faultPlanSchema = z.object({
	/** Applied to the next generate requests, one each, in order. */
	sequence: z.array(faultSchema).optional(),
	/** Probability (seeded) that a request gets a fault drawn from `mix`. */
	rate: z.number().min(0).max(1).optional(),
	mix: z.array(faultSchema).min(1).optional(),
	/** Permanent faults: any request with an item whose text contains the key gets it. */
	items: z.record(z.string(), faultSchema).optional()
});

/** Which faults to inject. Precedence per request: sequence, then items, then rate. */
export type FaultPlan = z.infer<typeof faultPlanSchema>;

/** Faults that `rate` draws from when the plan has no `mix`: the transient and answer faults. */
export const DEFAULT_MIX: Fault[] = [
	'rate_limit',
	'server_error',
	'unavailable',
	'malformed_json',
	'max_tokens',
	'drop_item',
	'over_limit',
	'skip_passage'
];

/** Faults of the call rather than of the answer's content: a client should simply retry them. */
export const TRANSIENT_MIX: Fault[] = [
	'rate_limit',
	'server_error',
	'unavailable',
	'malformed_json',
	'max_tokens'
];

/** A fault picked for one request, and the index of the item it targets. */
export interface PickedFault {
	fault: Fault;
	target: number;
}

/** Applies a fault plan to requests, one after another, with seeded draws. */
export class FaultPicker {
	#plan: FaultPlan = {};
	#queue: Fault[] = [];
	#random: () => number;

	constructor(private readonly seed: number) {
		this.#random = seededRandom(seed);
	}

	/** Replaces the plan (validated) and restarts the seeded draws. */
	set(next: FaultPlan): void {
		this.#plan = faultPlanSchema.parse(next);
		this.#queue = [...(this.#plan.sequence ?? [])];
		// The same plan gives the same draws, whatever ran before it.
		this.#random = seededRandom(this.seed);
	}

	/** The fault for one request whose items have these texts, if any. */
	pick(itemTexts: readonly string[]): PickedFault | undefined {
		const next = this.#queue.shift();
		if (next) return { fault: next, target: 0 };
		for (const [needle, fault] of Object.entries(this.#plan.items ?? {})) {
			const target = itemTexts.findIndex((text) => text.includes(needle));
			if (target >= 0) return { fault, target };
		}
		const { rate, mix = DEFAULT_MIX } = this.#plan;
		if (rate && this.#random() < rate) {
			return { fault: mix[Math.floor(this.#random() * mix.length)], target: 0 };
		}
		return undefined;
	}
}

/** The kind of a fault given by name or with options. */
export function faultKind(fault: Fault): FaultKind {
	return typeof fault === 'string' ? fault : fault.kind;
}

/** The HTTP error a fault answers with, or undefined for a fault in the answer itself. */
export function errorFor(fault: Fault): { status: number; body: object } | undefined {
	const kind = faultKind(fault);
	const retryDelay = (typeof fault === 'object' && fault.retryDelay) || '1s';
	switch (kind) {
		case 'rate_limit':
			return {
				status: 429,
				body: googleError(
					429,
					'RESOURCE_EXHAUSTED',
					'You exceeded your current quota, please check your plan and billing details.',
					[
						quotaFailure('GenerateRequestsPerMinutePerProjectPerModel-FreeTier'),
						{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }
					]
				)
			};
		case 'daily_quota':
			// Real daily-quota answers carry a RetryInfo too; clients must not trust it.
			return {
				status: 429,
				body: googleError(
					429,
					'RESOURCE_EXHAUSTED',
					'You exceeded your current quota, please check your plan and billing details.',
					[
						quotaFailure('GenerateRequestsPerDayPerProjectPerModel-FreeTier'),
						{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }
					]
				)
			};
		case 'server_error':
			return {
				status: 500,
				body: googleError(
					500,
					'INTERNAL',
					'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'
				)
			};
		case 'unavailable':
			return {
				status: 503,
				body: googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.')
			};
		case 'bad_key':
			return {
				status: 403,
				body: googleError(
					403,
					'PERMISSION_DENIED',
					'API key not valid. Please pass a valid API key.',
					[
						{
							'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
							reason: 'API_KEY_INVALID',
							domain: 'googleapis.com'
						}
					]
				)
			};
		default:
			return undefined;
	}
}

function quotaFailure(quotaId: string) {
	return {
		'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
		violations: [
			{
				quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
				quotaId
			}
		]
	};
}
