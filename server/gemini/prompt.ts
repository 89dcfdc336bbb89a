/**
 * The contract between the relay and the model: the fixed system instruction, the user
 * text that carries one chunk, and the shape of the answer (a Gemini responseSchema for
 * the model, a zod schema for us). The mock Gemini server reads the same user text.
 */
import { Type, type Schema } from '@google/genai';
import { z } from 'zod';
import type { ChunkItem } from '../../src/lib/shared/pipeline/types.ts';

/**
 * The system instruction. It is one fixed text, with the word limit sent in the user
 * text, so every request starts with the same tokens and Gemini's implicit prompt
 * caching can reuse them.
 */
export const SYSTEM_INSTRUCTION = `You rewrite long French sentences from a novel into short French sentences for language learners.

INPUT
The user message is one JSON object: {"limit": N, "items": [{"i": 12, "text": "…", "context": "…"}]}.
- "limit" is the largest number of words any output sentence may have.
- Each item is one French sentence to rewrite. "i" identifies it.
- "context", when present, is the sentence that comes before it in the book. Read it only to understand who or what the sentence is about. Never rewrite it and never copy its content into your answer.

TASK
Rewrite the "text" of every item into one or more short French sentences.
- Every output sentence is a complete French sentence: it has a subject, a conjugated verb and end punctuation (. ! ? or …).
- Every output sentence has at most "limit" words.
- Keep the original vocabulary: reuse the author's own nouns, verbs, adjectives and adverbs. Change a word only when the grammar of the shorter sentence requires it, for example to conjugate a participle or to repeat the subject instead of a relative pronoun.
- Keep the meaning, the tense and the point of view of the original.
- Keep every idea, in the original order. Do not skip any part of the sentence, even a short clause or an aside.
- Do not add content: no explanation, no comment, no translation, no idea that is not in the original.
- Keep dialogue as dialogue, with its quotation marks balanced inside each output sentence.
- If an item is already short enough, return it unchanged as a single sentence.

HOW WORDS ARE COUNTED
- An elided word joins the next word: l'homme, qu'il, jusqu'ici, s'assit and d'abord each count as 1 word.
- A hyphenated compound counts as 1 word: peut-être, dit-il, a-t-il, grand-mère.
- Punctuation is never a word: « » — , ; : . ! ? … do not count.
- Example: « L'homme, peut-être, qu'il attendait. » has 4 words: L'homme / peut-être / qu'il / attendait.

OUTPUT
Answer with JSON only, in this shape: {"items": [{"i": 12, "sentences": ["…", "…"]}]}.
- Return every input item exactly once, with its own "i", in the input order.
- "sentences" lists the short sentences in reading order. Never leave it empty and never return an empty sentence.

EXAMPLE
Input: {"limit": 8, "items": [{"i": 3, "text": "Le vieux domestique, qui avait servi la famille pendant trente ans, ouvrit lentement la porte du salon où l'attendait la duchesse."}]}
Output: {"items": [{"i": 3, "sentences": ["Le vieux domestique avait servi la famille.", "Il l'avait servie pendant trente ans.", "Il ouvrit lentement la porte du salon.", "La duchesse l'attendait dans le salon."]}]}`;

/** The user text for one request: exactly `JSON.stringify({ limit, items })`. */
export function buildUserText({ limit, items }: { limit: number; items: ChunkItem[] }): string {
	// Only the fields the instruction describes are sent; JSON.stringify drops an absent context.
	const sent = items.map(({ i, text, context }) => ({ i, text, context }));
	return JSON.stringify({ limit, items: sent });
}

/** Gemini's structured-output schema for `{items: [{i, sentences[]}]}`. */
export const responseSchema: Schema = {
	type: Type.OBJECT,
	properties: {
		items: {
			type: Type.ARRAY,
			items: {
				type: Type.OBJECT,
				properties: {
					i: { type: Type.INTEGER },
					sentences: { type: Type.ARRAY, items: { type: Type.STRING } }
				},
				required: ['i', 'sentences'],
				// The model writes `i` first, so a truncated answer still says which item it was on.
				propertyOrdering: ['i', 'sentences']
			}
		}
	},
	required: ['items']
};

/** The answer's shape, checked before anything else looks at it. */
export const answerSchema = z.object({
	items: z.array(z.object({ i: z.number().int(), sentences: z.array(z.string()) }))
});

/** One item of the model's answer. */
export type AnswerItem = z.infer<typeof answerSchema>['items'][number];

/**
 * The system instruction of a page read (`pages.read`): the user message is a small PDF of
 * scanned pages, and the answer is their body text as plain text.
 */
export const PAGES_INSTRUCTION = `You transcribe scanned pages of a French novel.

The user message carries a PDF of one or more consecutive pages. Transcribe the French body text of these pages exactly, in reading order.
- Copy the words as printed: do not correct, modernise, translate, summarise or shorten them.
- Separate paragraphs with one blank line. Inside a paragraph, do not break lines.
- Join a word hyphenated across a line end; keep real hyphens (peut-être, dit-il).
- Leave out running headers, footers, page numbers and marginal notes.
- Output plain text only: no commentary, no Markdown, no code fences. If a page has no body text, output nothing for it.`;

/** The user text that goes with the PDF of a page read. */
export const PAGES_USER_TEXT = 'Transcribe the body text of these pages.';
