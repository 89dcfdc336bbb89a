/**
 * The mock's answers: a deterministic rewrite of each item made only of its own words, in the
 * answer format the request asked for, with an answer-level fault applied to one item.
 */
import { words } from '../../src/lib/shared/text/word-count.ts';
import type { FaultKind } from './faults.ts';
import type { GenerateRequest } from './wire.ts';

/** One answer, before it is wrapped in a response. */
export interface MockAnswer {
	/** The answer text; undefined for a prompt blocked by safety. */
	text: string | undefined;
	finishReason: 'STOP' | 'MAX_TOKENS';
	/** Item texts whose rewrite the client can read in this answer. */
	completed: string[];
	/** Characters of the sentences themselves, without the JSON around them. */
	contentChars: number;
}

/** The deterministic answer, with an answer-level fault applied to item `target`. */
export function answerFor(
	request: GenerateRequest,
	kind: FaultKind | undefined,
	target: number
): MockAnswer {
	if (kind === 'safety') {
		return { text: undefined, finishReason: 'STOP', completed: [], contentChars: 0 };
	}

	let text: string;
	let completed: string[] = [];
	let contentChars = 0;
	if (request.hasPdf) {
		text = 'Texte de la page.';
		contentChars = text.length;
	} else {
		const { limit } = request;
		const answered = request.items.flatMap((item, index) => {
			if (index !== target) return [{ item, sentences: rewrite(item.text, limit) }];
			if (kind === 'drop_item') return [];
			if (kind === 'over_limit') return [{ item, sentences: [overLimit(item.text, limit)] }];
			if (kind === 'skip_passage') {
				return [{ item, sentences: [sentence(words(item.text).slice(0, Math.min(3, limit)))] }];
			}
			return [{ item, sentences: rewrite(item.text, limit) }];
		});
		completed = answered.map((a) => a.item.text);
		for (const a of answered) for (const s of a.sentences) contentChars += s.length;
		if (!request.wantsJson) text = answered.flatMap((a) => a.sentences).join('\n');
		else if (request.shape === 'ordered') text = JSON.stringify(answered.map((a) => a.sentences));
		else {
			text = JSON.stringify({
				items: answered.map((a) => ({ i: a.item.i, sentences: a.sentences }))
			});
		}
	}

	if (kind === 'malformed_json') {
		// What a model does when it forgets it must answer JSON only.
		return {
			text: `Voici les phrases réécrites : ${text}`,
			finishReason: 'STOP',
			completed: [],
			contentChars
		};
	}
	if (kind === 'max_tokens') {
		return {
			text: text.slice(0, Math.ceil(text.length / 2)),
			finishReason: 'MAX_TOKENS',
			completed: [],
			contentChars: Math.ceil(contentChars / 2)
		};
	}
	return { text, finishReason: 'STOP', completed, contentChars };
}

/** The item's own words in order, in runs of at most `limit` balanced in length. */
function rewrite(text: string, limit: number): string[] {
	const all = words(text);
	if (all.length === 0) return [];
	const runs = Math.ceil(all.length / limit);
	const size = Math.ceil(all.length / runs);
	const out: string[] = [];
	for (let start = 0; start < all.length; start += size)
		out.push(sentence(all.slice(start, start + size)));
	return out;
}

/** One sentence over the limit: all the words, repeated if there are too few. */
function overLimit(text: string, limit: number): string {
	const all = words(text);
	const pool = all.length > 0 ? all : ['mot'];
	const out = [...all];
	while (out.length <= limit) out.push(pool[out.length % pool.length]);
	return sentence(out);
}

function sentence(ws: string[]): string {
	const joined = ws.join(' ');
	return joined.charAt(0).toLocaleUpperCase('fr') + joined.slice(1) + '.';
}
