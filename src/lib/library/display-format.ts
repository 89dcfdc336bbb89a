/** Numbers, sizes and dates of the library in the reader's locale (Intl, no messages). */

// From kilobytes: Intl's short "byte" reads "512 byte", and no book is that small.
const UNITS = ['kilobyte', 'megabyte', 'gigabyte'] as const;

/** "1.2 MB", "340 kB", "1,2 Mo" in French: decimal units, as the browser's settings show them. */
export function formatBytes(bytes: number, locale: string): string {
	let value = Math.max(0, bytes) / 1000;
	let unit = 0;
	while (value >= 1000 && unit < UNITS.length - 1) {
		value /= 1000;
		unit += 1;
	}
	return new Intl.NumberFormat(locale, {
		style: 'unit',
		unit: UNITS[unit],
		unitDisplay: 'short',
		maximumFractionDigits: value < 10 ? 1 : 0
	}).format(value);
}

/** A date and time such as "2 Dec 2026, 14:05". */
export function formatDate(ms: number, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A plain number in the locale: "1,234" or "1 234". */
export function formatNumber(n: number, locale: string, maximumFractionDigits = 0): string {
	return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(n);
}
