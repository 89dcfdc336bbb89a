/** How credits read on the page: whole numbers from 10 up, one decimal below. */
export function formatCredits(credits: number): string {
	const n = Math.max(0, credits);
	if (n >= 10) return String(Math.round(n));
	const one = Math.round(n * 10) / 10;
	return Number.isInteger(one) ? String(one) : one.toFixed(1);
}

/** "1 credit", "50 credits", "0.4 credits". */
export function creditsLabel(credits: number): string {
	const text = formatCredits(credits);
	return `${text} ${text === '1' ? 'credit' : 'credits'}`;
}

/** An estimate is shown rounded up: "about 1" rather than "about 0.4" for a small book. */
export function estimateLabel(credits: number): string {
	if (credits <= 0) return '0';
	return credits < 1 ? formatCredits(Math.ceil(credits * 10) / 10) : String(Math.ceil(credits));
}
