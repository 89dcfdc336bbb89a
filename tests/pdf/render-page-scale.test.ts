import { describe, expect, it } from 'vitest';
import {
	canvasSize,
	DEFAULT_RENDER_SCALE,
	MAX_RENDER_PIXELS,
	MAX_RENDER_SIDE,
	renderScale
} from '../../src/lib/pdf/page-scale.ts';

describe('renderScale', () => {
	it('fits the asked width in device pixels', () => {
		expect(renderScale(595, 842, { width: 1190 })).toBe(2);
	});

	it('prefers the width over a scale, and uses a scale alone', () => {
		expect(renderScale(600, 800, { width: 300, scale: 3 })).toBe(0.5);
		expect(renderScale(600, 800, { scale: 3 })).toBe(3);
	});

	it('falls back to the default scale without a usable size', () => {
		expect(renderScale(600, 800)).toBe(DEFAULT_RENDER_SCALE);
		expect(renderScale(600, 800, { width: 0, scale: -1 })).toBe(DEFAULT_RENDER_SCALE);
	});

	it('caps the longest side of a tall page', () => {
		const scale = renderScale(100, 14_400, { width: 1000 });
		expect(14_400 * scale).toBeCloseTo(MAX_RENDER_SIDE, 6);
	});

	it('caps the area of a large page', () => {
		const scale = renderScale(5000, 5000, { width: 8000 });
		expect(5000 * scale * 5000 * scale).toBeCloseTo(MAX_RENDER_PIXELS, 0);
	});

	it('refuses a page without area', () => {
		expect(() => renderScale(0, 842, { width: 100 })).toThrow(RangeError);
	});
});

describe('canvasSize', () => {
	it('rounds to whole pixels and never reaches zero', () => {
		expect(canvasSize(892.5, 1262.6)).toEqual({ width: 893, height: 1263 });
		expect(canvasSize(0.2, 0)).toEqual({ width: 1, height: 1 });
	});
});
