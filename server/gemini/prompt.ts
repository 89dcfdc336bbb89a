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
 * caching can reuse them. It is paid on every call, so it says each rule once.
 */
export const SYSTEM_INSTRUCTION = `You rewrite long French sentences from a novel into short French sentences for language learners.

Input: one JSON object {"limit": N, "items": [...]}. Each item is one French sentence to rewrite, or {"text": "…", "context": "…"} where "context" is the sentence before it in the book: read it only to understand who or what the text is about; never rewrite it or copy its content.

Rewrite every item into one or more short French sentences:
- Each output sentence is a complete French sentence (a subject, a conjugated verb, end punctuation . ! ? or …) of at most N words.
- Reuse the author's own nouns, verbs, adjectives and adverbs. Change a word only when the shorter sentence's grammar needs it, e.g. to conjugate a participle or to repeat the subject instead of a relative pronoun.
- Keep the meaning, the tense, the point of view and every idea, in the original order. Skip nothing, not even a short clause or an aside.
- Add nothing: no explanation, comment or translation.
- Keep dialogue as dialogue, its quotation marks balanced inside each sentence.
- An item already short enough comes back unchanged, as one sentence.

Counting words: an elided word joins the next one (l'homme, qu'il, jusqu'ici, d'abord: 1 word each); a hyphenated compound is 1 word (peut-être, dit-il, a-t-il); punctuation is never a word. « L'homme, peut-être, qu'il attendait. » has 4 words.

Output: JSON only: an array holding, for each input item in input order, the array of its short sentences in reading order. Every item exactly once; never an empty array or an empty sentence.

Example input: {"limit": 8, "items": ["Le vieux domestique, qui avait servi la famille pendant trente ans, ouvrit lentement la porte du salon où l'attendait la duchesse."]}
Output: [["Le vieux domestique avait servi la famille.", "Il l'avait servie pendant trente ans.", "Il ouvrit lentement la porte du salon.", "La duchesse l'attendait dans le salon."]]`;

/**
 * The user text for one request: `{"limit": N, "items": [...]}`, each item its text alone, or
 * `{text, context}` when it has context. No index is sent: answers come back in input order.
 */
export function buildUserText({ limit, items }: { limit: number; items: ChunkItem[] }): string {
	const sent = items.map(({ text, context }) => (context ? { text, context } : text));
	return JSON.stringify({ limit, items: sent });
}

/** Gemini's structured-output schema: one array of sentences per input item, in input order. */
export const responseSchema: Schema = {
	type: Type.ARRAY,
	items: { type: Type.ARRAY, items: { type: Type.STRING } }
};

/** The answer's shape, checked before anything else looks at it. */
export const answerSchema = z.array(z.array(z.string()));

/** One item of the model's answer, with the index of the input item it answers. */
export interface AnswerItem {
	i: number;
	sentences: string[];
}

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
