/**
 * Greedy set cover: repeatedly take the set that adds the most uncovered elements, ties to the
 * lower cost (the shorter sentence), then to the earlier set. Gains only fall as elements get
 * covered, so a set's stored gain is an upper bound and only the top of the heap needs
 * re-counting (lazy greedy): the same picks as the plain algorithm, far fewer counts.
 * Then every set whose elements all stay covered without it is dropped (costliest first), so
 * no chosen set can be removed without losing an element.
 */

/** A candidate set: the distinct elements it holds, and what picking it costs. */
export interface CoverSet {
	elements: ArrayLike<number>;
	cost: number;
}

/** The indexes of the picked sets, in the order greedy took them (pruned ones left out). */
export function greedySetCover(sets: readonly CoverSet[], elementCount: number): number[] {
	const covered = new Uint8Array(elementCount);
	const gain = sets.map((s) => s.elements.length);
	const heap = new SetHeap(sets, gain);
	sets.forEach((s, i) => {
		if (s.elements.length > 0) heap.push(i);
	});
	const picked: number[] = [];
	while (heap.size > 0) {
		const top = heap.pop();
		let fresh = 0;
		const elements = sets[top].elements;
		for (let k = 0; k < elements.length; k++) if (!covered[elements[k]]) fresh++;
		if (fresh === 0) continue;
		gain[top] = fresh;
		if (heap.size > 0 && heap.before(heap.peek(), top)) {
			heap.push(top);
			continue;
		}
		for (let k = 0; k < elements.length; k++) covered[elements[k]] = 1;
		picked.push(top);
	}
	return pruneRedundant(sets, picked, elementCount);
}

/** Drops picked sets whose every element another picked set also holds, costliest first. */
function pruneRedundant(
	sets: readonly CoverSet[],
	picked: number[],
	elementCount: number
): number[] {
	const holders = new Uint32Array(elementCount);
	for (const i of picked) {
		const elements = sets[i].elements;
		for (let k = 0; k < elements.length; k++) holders[elements[k]]++;
	}
	const dropped = new Set<number>();
	const byCost = [...picked].sort((a, b) => sets[b].cost - sets[a].cost || b - a);
	for (const i of byCost) {
		const elements = sets[i].elements;
		let needed = false;
		for (let k = 0; k < elements.length && !needed; k++) needed = holders[elements[k]] < 2;
		if (needed) continue;
		dropped.add(i);
		for (let k = 0; k < elements.length; k++) holders[elements[k]]--;
	}
	return picked.filter((i) => !dropped.has(i));
}

/** A binary heap of set indexes, best first: more gain, then lower cost, then earlier. */
class SetHeap {
	readonly #items: number[] = [];
	readonly #sets: readonly CoverSet[];
	readonly #gain: number[];

	constructor(sets: readonly CoverSet[], gain: number[]) {
		this.#sets = sets;
		this.#gain = gain;
	}

	get size(): number {
		return this.#items.length;
	}

	/** Whether set a goes before set b. */
	before(a: number, b: number): boolean {
		const g = this.#gain[a] - this.#gain[b];
		if (g !== 0) return g > 0;
		const c = this.#sets[a].cost - this.#sets[b].cost;
		return c !== 0 ? c < 0 : a < b;
	}

	peek(): number {
		return this.#items[0];
	}

	push(i: number): void {
		const items = this.#items;
		items.push(i);
		let at = items.length - 1;
		while (at > 0) {
			const parent = (at - 1) >> 1;
			if (!this.before(items[at], items[parent])) break;
			[items[at], items[parent]] = [items[parent], items[at]];
			at = parent;
		}
	}

	pop(): number {
		const items = this.#items;
		const top = items[0];
		const last = items.pop()!;
		if (items.length > 0) {
			items[0] = last;
			let at = 0;
			for (;;) {
				const l = 2 * at + 1;
				const r = l + 1;
				let best = at;
				if (l < items.length && this.before(items[l], items[best])) best = l;
				if (r < items.length && this.before(items[r], items[best])) best = r;
				if (best === at) break;
				[items[at], items[best]] = [items[best], items[at]];
				at = best;
			}
		}
		return top;
	}
}
