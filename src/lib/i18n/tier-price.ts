/** How the relay's model tiers compare in price, said in words: "Lite costs about a third of Flash". */
import { m } from '../paraglide/messages.js';
import type { LocaleOption } from './format.ts';

/** A fraction a reader says in words, or a percentage when none is close. */
export type RatioWord =
	| 'half'
	| 'third'
	| 'two_thirds'
	| 'quarter'
	| 'three_quarters'
	| 'fifth'
	| 'tenth'
	| { percent: number };

const FRACTIONS: [RatioWord, number][] = [
	['half', 1 / 2],
	['third', 1 / 3],
	['two_thirds', 2 / 3],
	['quarter', 1 / 4],
	['three_quarters', 3 / 4],
	['fifth', 1 / 5],
	['tenth', 1 / 10]
];

/** The fraction within 6% of `ratio` (0–1), else a rounded percentage. */
export function ratioWord(ratio: number): RatioWord {
	for (const [word, value] of FRACTIONS) {
		if (Math.abs(ratio - value) / value <= 0.06) return word;
	}
	return { percent: Math.round(ratio * 100) };
}

function ratioText(word: RatioWord, o: LocaleOption): string {
	if (typeof word === 'object') return m.settings_ratio_percent({ percent: word.percent }, o);
	const words = {
		half: m.settings_ratio_half,
		third: m.settings_ratio_third,
		two_thirds: m.settings_ratio_two_thirds,
		quarter: m.settings_ratio_quarter,
		three_quarters: m.settings_ratio_three_quarters,
		fifth: m.settings_ratio_fifth,
		tenth: m.settings_ratio_tenth
	};
	return words[word]({}, o);
}

/** "flash" → "Flash": tier names are product names, the same in every language. */
export function tierName(tier: string): string {
	return tier.charAt(0).toUpperCase() + tier.slice(1);
}

/** The cheapest tier against the dearest, in words; undefined with fewer than two prices. */
export function tierPriceText(
	prices: Record<string, number> | undefined,
	o: LocaleOption = {}
): string | undefined {
	const known = Object.entries(prices ?? {}).filter(([, p]) => Number.isFinite(p) && p > 0);
	if (known.length < 2) return undefined;
	known.sort((a, b) => a[1] - b[1]);
	const [cheap, cheapPrice] = known[0];
	const [dear, dearPrice] = known[known.length - 1];
	if (cheapPrice === dearPrice) {
		return m.settings_tier_same_price({ first: tierName(cheap), second: tierName(dear) }, o);
	}
	const ratio = ratioText(ratioWord(cheapPrice / dearPrice), o);
	return m.settings_tier_price({ cheap: tierName(cheap), ratio, dear: tierName(dear) }, o);
}
