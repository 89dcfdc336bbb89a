/** A random source in [0, 1). */
export type Rng = () => number;

/**
 * A small seeded PRNG (mulberry32 over a 32-bit state): the same seed gives the same numbers on
 * every run, so injected faults, fuzz cases and generated test strings can be replayed.
 */
export function seededRandom(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
