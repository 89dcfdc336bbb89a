/**
 * The content words of a French text: what must survive a rewrite. Checking that most of
 * them reappear is how the relay notices that the model silently skipped a passage.
 */
import { words } from '../../src/lib/shared/text/word-count.ts';

/** Elided articles, pronouns and conjunctions: l'homme → homme, qu'il → il. */
const ELIDED_PREFIX = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'/;

/**
 * Function words a faithful rewrite is free to add, drop or change: articles, pronouns,
 * common prepositions and conjunctions, negation, and the forms of être and avoir (a
 * split sentence often trades a participle for an auxiliary and back).
 */
const STOP_WORDS = new Set(
	`
	le la les un une des du de au aux ce cet cette ces
	mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs
	je tu il elle on nous vous ils elles me te se moi toi soi lui eux y en
	qui que quoi dont où lequel laquelle lesquels lesquelles auquel auxquels auxquelles duquel
	ceci cela ça celui celle ceux celles
	à dans par pour vers avec sans sous sur chez entre contre jusque
	pendant depuis durant avant après devant derrière parmi selon malgré envers hors
	et ou mais donc or ni car quand comme si lorsque puisque quoique
	ne pas
	tout tous toute toutes
	être suis es est sommes êtes sont étais était étions étiez étaient
	fus fut fûmes fûtes furent serai seras sera serons serez seront
	serais serait serions seriez seraient sois soit soyons soyez soient
	fusse fusses fût fussions fussiez fussent été étant
	avoir ai as a avons avez ont avais avait avions aviez avaient
	eus eut eûmes eûtes eurent aurai auras aura aurons aurez auront
	aurais aurait aurions auriez auraient aie aies ait ayons ayez aient
	eusse eusses eût eussions eussiez eussent eu eue eues ayant
	t
	`
		.split(/\s+/)
		.filter(Boolean)
);

/**
 * The lower-cased content words of `text`, in order, repeats kept. Hyphenated words are
 * looked at part by part, because a rewrite may turn "dit-il" into "il dit" or drop the
 * euphonic t of "a-t-il"; the parts that are function words then fall away.
 */
export function contentWords(text: string): string[] {
	const out: string[] = [];
	for (const word of words(text)) {
		const normal = word.toLocaleLowerCase('fr').replace(/[’ʼ]/g, "'");
		for (const part of normal.split(/[-\u2010\u2011]/)) {
			const stem = part.replace(ELIDED_PREFIX, '');
			if (stem !== '' && !STOP_WORDS.has(stem)) out.push(stem);
		}
	}
	return out;
}
