/**
 * How large to draw a PDF page. The page asks for a width in device pixels (what fits its
 * viewport times devicePixelRatio); a huge page or a huge request is scaled down so that the
 * canvas stays within what browsers allocate without failing or stalling.
 */

/** The size the caller wants: a width in device pixels, or a scale (1 = 72 dpi). */
export interface RenderSize {
	/** Width of the image in device pixels; wins over `scale`. */
	width?: number;
	/** pdf.js scale, 1 = one pixel per PDF point. Default 1.5 when no width is given. */
	scale?: number;
}

/** Longest side of a rendered page, in pixels. */
export const MAX_RENDER_SIDE = 8192;
/** Largest rendered area, in pixels (16 MP: 64 MB of RGBA). */
export const MAX_RENDER_PIXELS = 16_777_216;
/** Scale used when the caller gives neither width nor scale. */
export const DEFAULT_RENDER_SCALE = 1.5;
/** Smallest scale: below this a page is an unreadable thumbnail. */
const MIN_SCALE = 0.05;

/**
 * The pdf.js scale for a page of `pageWidth` × `pageHeight` points (as displayed, rotation
 * applied), capped by MAX_RENDER_SIDE and MAX_RENDER_PIXELS.
 */
export function renderScale(pageWidth: number, pageHeight: number, size: RenderSize = {}): number {
	if (!(pageWidth > 0) || !(pageHeight > 0)) throw new RangeError('The page has no area.');
	const wanted =
		size.width !== undefined && size.width > 0
			? size.width / pageWidth
			: size.scale !== undefined && size.scale > 0
				? size.scale
				: DEFAULT_RENDER_SCALE;
	const bySide = MAX_RENDER_SIDE / Math.max(pageWidth, pageHeight);
	const byArea = Math.sqrt(MAX_RENDER_PIXELS / (pageWidth * pageHeight));
	return Math.max(MIN_SCALE, Math.min(wanted, bySide, byArea));
}

/** Whole-pixel canvas size for a viewport, never 0 (a 0-sized canvas cannot be drawn on). */
export function canvasSize(width: number, height: number): { width: number; height: number } {
	return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round(height)) };
}
