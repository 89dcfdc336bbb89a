/** Numbers as the reader's language writes them: "0.4 credits" in English, "0,4 crédit" in French. */
import { m } from '../paraglide/messages.js';
import { getLocale, type Locale } from '../paraglide/runtime.js';

/** A locale to word a message in; the page's current one when absent. */
export interface LocaleOption {
	locale?: Locale;
}

/** A number in the reader's language, with at most `digits` decimals. */
export function formatNumber(n: number, digits = 0, o: LocaleOption = {}): string {
	const locale = o.locale ?? getLocale();
	return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

/** Credits as a number: whole from 10 up, one decimal below (as credits-format.ts). */
export function creditsNumber(credits: number, o: LocaleOption = {}): string {
	const n = Math.max(0, credits);
	return formatNumber(n, n >= 10 ? 0 : 1, o);
}

/** "1 credit", "50 credits", "0,4 crédit": the plural follows each language's own rule. */
export function creditsText(credits: number, o: LocaleOption = {}): string {
	const locale = o.locale ?? getLocale();
	const n = Math.max(0, credits);
	const shown = n >= 10 ? Math.round(n) : Math.round(n * 10) / 10;
	const count = creditsNumber(n, o);
	return new Intl.PluralRules(locale).select(shown) === 'one'
		? m.common_credits_one({ count }, { locale })
		: m.common_credits_other({ count }, { locale });
}

/** "21.3 MB" or "21,3 Mo". */
export function megabytesText(bytes: number, o: LocaleOption = {}): string {
	const locale = o.locale ?? getLocale();
	const mb = new Intl.NumberFormat(locale, {
		minimumFractionDigits: 1,
		maximumFractionDigits: 1
	}).format(bytes / 1024 / 1024);
	return m.common_megabytes({ mb }, { locale });
}

/** An estimate, rounded up: "about 1" rather than "about 0.4" for a small book. */
export function estimateText(credits: number, o: LocaleOption = {}): string {
	if (credits <= 0) return formatNumber(0, 0, o);
	return credits < 1
		? formatNumber(Math.ceil(credits * 10) / 10, 1, o)
		: formatNumber(Math.ceil(credits), 0, o);
}
