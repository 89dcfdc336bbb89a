import { describe, expect, it } from 'vitest';
import { alignAnswer } from '../../server/gemini/ordered-answer.ts';

const ITEMS = [
	{ i: 4, text: "Le duc d'Orléans se retira dans ses terres avec toute sa maison." },
	{ i: 7, text: 'Madame de Maintenon passait ses journées à Saint-Cyr parmi les demoiselles.' },
	{ i: 9, text: 'Le maréchal de Villars marcha enfin vers la frontière avec son armée.' }
];
const ANSWERS = [
	["Le duc d'Orléans se retira dans ses terres.", 'Il emmena toute sa maison.'],
	['Madame de Maintenon passait ses journées à Saint-Cyr.', 'Elle y voyait les demoiselles.'],
	['Le maréchal de Villars marcha enfin vers la frontière.', 'Il emmena son armée.']
];

describe('alignAnswer', () => {
	it('gives entry k to item k when there is one entry per item', () => {
		expect(alignAnswer(ITEMS, ANSWERS)).toEqual([
			{ i: 4, sentences: ANSWERS[0] },
			{ i: 7, sentences: ANSWERS[1] },
			{ i: 9, sentences: ANSWERS[2] }
		]);
	});

	it('leaves out only the item whose entry was dropped', () => {
		expect(alignAnswer(ITEMS, [ANSWERS[0], ANSWERS[2]])).toEqual([
			{ i: 4, sentences: ANSWERS[0] },
			{ i: 9, sentences: ANSWERS[2] }
		]);
	});

	it('skips a repeated entry and keeps the items after it', () => {
		expect(alignAnswer(ITEMS, [ANSWERS[0], ANSWERS[0], ANSWERS[1], ANSWERS[2]])).toEqual([
			{ i: 4, sentences: ANSWERS[0] },
			{ i: 7, sentences: ANSWERS[1] },
			{ i: 9, sentences: ANSWERS[2] }
		]);
	});

	it('matches nothing to an item no entry speaks of', () => {
		expect(alignAnswer(ITEMS, [['Il pleuvait.'], ['Il neigeait.']])).toEqual([]);
	});
});
