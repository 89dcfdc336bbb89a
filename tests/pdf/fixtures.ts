/** Fixture files and a time bound, shared by the PDF tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Line, TextPiece } from '../../src/lib/pdf/line-builder.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The bytes of a file in tests/fixtures. */
export function fixture(name: string): Uint8Array {
	return new Uint8Array(readFileSync(FIXTURES + name));
}

/** The text of a file in tests/fixtures. */
export function fixtureText(name: string): string {
	return readFileSync(FIXTURES + name, 'utf8');
}

/** Rejects when `promise` has not settled within `ms`, so that a hang fails the test. */
export function within<T>(promise: Promise<T>, ms = 30_000): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A text piece at body size 10 unless told otherwise. */
export function piece(str: string, x: number, y: number, more: Partial<TextPiece> = {}): TextPiece {
	const size = more.size ?? 10;
	return { str, x, y, width: str.length * size * 0.5, size, hasEOL: false, ...more };
}

/** A rebuilt line at body size 10 unless told otherwise. */
export function line(text: string, y: number, more: Partial<Line> = {}): Line {
	const x = more.x ?? 50;
	return { text, x, right: x + 300, y, size: 10, startsWithNote: false, ...more };
}
