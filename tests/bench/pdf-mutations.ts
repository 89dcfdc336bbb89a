/**
 * Damaged copies of PDFs for the fuzz bench, pure and seeded: the same seed and case number
 * give the same bytes on every machine, so a case that breaks something can be replayed from
 * its number alone. The mutations are the damage real files show (a download cut short, bit
 * rot, a tool that rewrote objects without fixing the cross-reference table) plus a few that
 * aim at the parser's weak spots (stream lengths, deep nesting, huge counts).
 */
import { seededRandom, type Rng } from '../../server/mock-gemini/seeded-random.ts';

/** The kinds of damage, in the order a case's random draw picks them. */
export const MUTATIONS = [
	'truncate',
	'bitflip',
	'shuffle_objects',
	'drop_object',
	'overwrite_window',
	'stream_length',
	'huge_number',
	'deep_nesting',
	'xref_digits'
] as const;

export type Mutation = (typeof MUTATIONS)[number];

/** An integer in [0, n). */
function below(rng: Rng, n: number): number {
	return Math.floor(rng() * n);
}

const latin1 = (bytes: Uint8Array) => {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return s;
};
const fromLatin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/** `[start, end)` of every `n g obj … endobj` in the file, in file order. */
export function objectSpans(bytes: Uint8Array): [number, number][] {
	const text = latin1(bytes);
	const spans: [number, number][] = [];
	const re = /\d+\s+\d+\s+obj\b[\s\S]*?\bendobj\b/gu;
	for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
	return spans;
}

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** Replaces the numbers matched by `re` (first group) at one random match; null if none. */
function replaceOneNumber(
	bytes: Uint8Array,
	re: RegExp,
	rng: Rng,
	value: (old: number) => string
): Uint8Array | null {
	const text = latin1(bytes);
	const hits = [...text.matchAll(re)];
	if (!hits.length) return null;
	const hit = hits[below(rng, hits.length)];
	const start = hit.index + hit[0].indexOf(hit[1]);
	return fromLatin1(
		text.slice(0, start) + value(Number(hit[1])) + text.slice(start + hit[1].length)
	);
}

/** One kind of damage applied to a copy of `bytes` (the input is never changed). */
export function mutate(bytes: Uint8Array, kind: Mutation, rng: Rng): Uint8Array {
	const len = bytes.length;
	if (len === 0) return new Uint8Array(0);
	switch (kind) {
		case 'truncate':
			// Anywhere, but often near the end, where the xref table and trailer live.
			return bytes.slice(
				0,
				rng() < 0.5 ? below(rng, len) : len - 1 - below(rng, Math.min(len, 256))
			);
		case 'bitflip': {
			const out = bytes.slice();
			const flips = 1 + below(rng, 16);
			for (let k = 0; k < flips; k++) out[below(rng, len)] ^= 1 << below(rng, 8);
			return out;
		}
		case 'shuffle_objects': {
			const spans = objectSpans(bytes);
			if (spans.length < 2) return mutate(bytes, 'bitflip', rng);
			const order = spans.map((_, i) => i);
			for (let i = order.length - 1; i > 0; i--) {
				const j = below(rng, i + 1);
				[order[i], order[j]] = [order[j], order[i]];
			}
			// The objects move; the bytes between them and the xref's offsets stay put.
			const parts: Uint8Array[] = [bytes.subarray(0, spans[0][0])];
			spans.forEach(([, end], i) => {
				const [s, e] = spans[order[i]];
				parts.push(bytes.subarray(s, e));
				const next = i + 1 < spans.length ? spans[i + 1][0] : len;
				parts.push(bytes.subarray(end, next));
			});
			return concat(parts);
		}
		case 'drop_object': {
			const spans = objectSpans(bytes);
			if (!spans.length) return mutate(bytes, 'truncate', rng);
			const [s, e] = spans[below(rng, spans.length)];
			return concat([bytes.subarray(0, s), bytes.subarray(e)]);
		}
		case 'overwrite_window': {
			const out = bytes.slice();
			const size = 1 + below(rng, Math.min(256, len));
			const at = below(rng, len - size + 1);
			// Half the time random bytes, half the time a piece of the file copied elsewhere.
			const from = below(rng, len - size + 1);
			for (let k = 0; k < size; k++) out[at + k] = rng() < 0.5 ? below(rng, 256) : bytes[from + k];
			return out;
		}
		case 'stream_length':
			return (
				replaceOneNumber(bytes, /\/Length\s+(\d+)/gu, rng, (old) =>
					String([0, old - 1, old + 1, old * 2, 2 ** 31, 99999999][below(rng, 6)])
				) ?? mutate(bytes, 'truncate', rng)
			);
		case 'huge_number':
			return (
				replaceOneNumber(
					bytes,
					/\/(?:Count|Size|W|First|N|Columns|Predictor|BitsPerComponent|Width|Height)\s*\[?\s*(\d+)/gu,
					rng,
					() => ['2147483647', '4294967296', '1e308', '-1', '999999999999'][below(rng, 5)]
				) ?? mutate(bytes, 'bitflip', rng)
			);
		case 'deep_nesting': {
			// Thousands of unclosed arrays or dictionaries where a value starts.
			const at = below(rng, len);
			const depth = 1000 + below(rng, 50_000);
			const open = fromLatin1((rng() < 0.5 ? '[' : '<<').repeat(depth));
			return concat([bytes.subarray(0, at), open, bytes.subarray(at)]);
		}
		case 'xref_digits': {
			const text = latin1(bytes);
			const start = Math.max(text.lastIndexOf('xref'), text.lastIndexOf('startxref'));
			if (start < 0) return mutate(bytes, 'overwrite_window', rng);
			const out = bytes.slice();
			for (let i = start, changes = 0; i < len && changes < 8; i++) {
				if (out[i] >= 0x30 && out[i] <= 0x39 && rng() < 0.3) {
					out[i] = 0x30 + below(rng, 10);
					changes++;
				}
			}
			return out;
		}
	}
}

/** One fuzz case: which fixture, which damage, and the damaged bytes. */
export interface FuzzCase {
	/** Its number: with the seed and the fixture list, all it takes to make it again. */
	index: number;
	fixture: string;
	mutations: Mutation[];
	bytes: Uint8Array;
}

/**
 * Case `index` of the run seeded `seed`: fixtures are taken in turn, and each case draws one
 * or two kinds of damage from its own generator, so a case does not depend on the ones before.
 */
export function fuzzCase(
	fixtures: readonly { name: string; bytes: Uint8Array }[],
	seed: number,
	index: number
): FuzzCase {
	if (!fixtures.length) throw new Error('fuzzCase needs at least one fixture');
	const rng = seededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
	const fixture = fixtures[index % fixtures.length];
	const mutations: Mutation[] = [MUTATIONS[below(rng, MUTATIONS.length)]];
	if (rng() < 0.25) mutations.push(MUTATIONS[below(rng, MUTATIONS.length)]);
	const bytes = mutations.reduce((b, kind) => mutate(b, kind, rng), fixture.bytes);
	return { index, fixture: fixture.name, mutations, bytes };
}
