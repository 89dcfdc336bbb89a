/** Why "Pages to skip" cannot be read, in the reader's language (page-ranges.ts gives the code). */
import { m } from '../paraglide/messages.js';
import type { ErrorParams } from './error-kind.ts';
import type { LocaleOption } from './format.ts';

/** The codes of src/lib/shared/pipeline/page-ranges.ts. */
export type PageRangeCode =
	'pages_not_a_page' | 'pages_from_one' | 'pages_beyond' | 'pages_reversed';

const str = (p: ErrorParams, key: string) => String(p[key] ?? '');

/** One wording per code; small, so the settings form can show it without the error table. */
export const PAGE_RANGE_WORDING: Record<
	PageRangeCode,
	(p: ErrorParams, o: LocaleOption) => string
> = {
	pages_not_a_page: (p, o) => m.error_pages_not_a_page({ item: str(p, 'item') }, o),
	pages_from_one: (_, o) => m.error_pages_from_one({}, o),
	pages_beyond: (p, o) => m.error_pages_beyond({ last: str(p, 'last'), max: str(p, 'max') }, o),
	pages_reversed: (p, o) =>
		m.error_pages_reversed({ first: str(p, 'first'), last: str(p, 'last') }, o)
};
