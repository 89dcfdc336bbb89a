import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/mock-gemini/seeded-random.ts';
import { fuzzCase, MUTATIONS, mutate, objectSpans } from '../bench/pdf-mutations.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const mini = new Uint8Array(readFileSync(join(FIXTURES, 'mini-novel.pdf')));
const small = new Uint8Array(readFileSync(join(FIXTURES, 'pdfjs__xref_command_missing.pdf')));
const fixtures = [
	{ name: 'mini-novel.pdf', bytes: mini },
	{ name: 'pdfjs__xref_command_missing.pdf', bytes: small }
];
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('seededRandom', () => {
	it('gives the same sequence for the same seed and another for another seed', () => {
		const a = seededRandom(42);
		const b = seededRandom(42);
		const c = seededRandom(43);
		const seqA = Array.from({ length: 5 }, a);
		expect(Array.from({ length: 5 }, b)).toEqual(seqA);
		expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
		for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
	});
});

describe('mutate', () => {
	it.each(MUTATIONS)('%s: same seed, same bytes; the input is left as it was', (kind) => {
		const before = hex(mini);
		const one = mutate(mini, kind, seededRandom(7));
		const two = mutate(mini, kind, seededRandom(7));
		expect(hex(one)).toBe(hex(two));
		expect(hex(one)).not.toBe(before);
		expect(hex(mini)).toBe(before);
	});

	it('truncate makes the file shorter and keeps its start', () => {
		const out = mutate(mini, 'truncate', seededRandom(3));
		expect(out.length).toBeLessThan(mini.length);
		expect(hex(out)).toBe(hex(mini.subarray(0, out.length)));
	});

	it('shuffle_objects keeps the length and every object, in another order', () => {
		const out = mutate(mini, 'shuffle_objects', seededRandom(5));
		expect(out.length).toBe(mini.length);
		const text = (b: Uint8Array, spans: [number, number][]) =>
			spans.map(([s, e]) => Buffer.from(b.subarray(s, e)).toString('latin1'));
		const before = text(mini, objectSpans(mini));
		const after = text(out, objectSpans(out));
		expect(after).not.toEqual(before);
		expect([...after].sort()).toEqual([...before].sort());
	});

	it('drop_object leaves one object out', () => {
		const out = mutate(mini, 'drop_object', seededRandom(9));
		expect(objectSpans(out).length).toBe(objectSpans(mini).length - 1);
	});

	it('bitflip changes at most 16 bytes and keeps the length', () => {
		const out = mutate(mini, 'bitflip', seededRandom(11));
		const changed = out.filter((b, i) => b !== mini[i]).length;
		expect(out.length).toBe(mini.length);
		expect(changed).toBeGreaterThan(0);
		expect(changed).toBeLessThanOrEqual(16);
	});

	it('leaves an empty file empty', () => {
		expect(mutate(new Uint8Array(0), 'bitflip', seededRandom(1)).length).toBe(0);
	});
});

describe('fuzzCase', () => {
	it('makes case n the same whatever was made before it', () => {
		const direct = fuzzCase(fixtures, 2026, 17);
		for (let i = 0; i < 17; i++) fuzzCase(fixtures, 2026, i);
		const again = fuzzCase(fixtures, 2026, 17);
		expect(again.mutations).toEqual(direct.mutations);
		expect(hex(again.bytes)).toBe(hex(direct.bytes));
	});

	it('takes the fixtures in turn and uses every kind of damage over a run', () => {
		const cases = Array.from({ length: 200 }, (_, i) => fuzzCase(fixtures, 2026, i));
		expect(cases.slice(0, 4).map((c) => c.fixture)).toEqual([
			'mini-novel.pdf',
			'pdfjs__xref_command_missing.pdf',
			'mini-novel.pdf',
			'pdfjs__xref_command_missing.pdf'
		]);
		expect(new Set(cases.flatMap((c) => c.mutations))).toEqual(new Set(MUTATIONS));
	});

	it('gives another run for another seed', () => {
		const a = Array.from({ length: 10 }, (_, i) => hex(fuzzCase(fixtures, 1, i).bytes));
		const b = Array.from({ length: 10 }, (_, i) => hex(fuzzCase(fixtures, 2, i).bytes));
		expect(a).not.toEqual(b);
	});
});
