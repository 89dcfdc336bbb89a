/**
 * The built app goes out compressed: the build writes .br and .gz beside each file
 * (svelte.config.js precompress) and the relay sends the one the browser accepts, with
 * Vary: Accept-Encoding, or the plain file to a client that accepts neither.
 */
import { request } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './harness.ts';

const BUILD = process.env.FNT_BUILD_DIR ?? join(import.meta.dirname, '../../build');

let stack: Stack;
beforeAll(async () => {
	stack = await startStack({ ai: false });
});
afterAll(async () => {
	await stack?.close();
});

/** A raw GET (no automatic decompression): status, headers and the bytes as sent. */
function get(path: string, acceptEncoding?: string) {
	return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
		const req = request(`${stack.relay.url}${path}`, {
			headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}
		});
		req.on('response', (res) => {
			const parts: Buffer[] = [];
			res.on('data', (d: Buffer) => parts.push(d));
			res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('compressed assets', () => {
	it('sends the largest script as brotli or gzip by Accept-Encoding, the same bytes once decoded', async () => {
		const dir = join(BUILD, '_app/immutable/chunks');
		const [largest] = readdirSync(dir)
			.filter((f) => f.endsWith('.js'))
			.map((f) => ({ f, size: readFileSync(join(dir, f)).length }))
			.sort((a, b) => b.size - a.size);
		const path = `/_app/immutable/chunks/${largest.f}`;
		const original = readFileSync(join(dir, largest.f));

		const br = await get(path, 'gzip, deflate, br');
		expect(br.headers['content-encoding']).toBe('br');
		expect(br.headers.vary).toMatch(/accept-encoding/iu);
		expect(br.body.length).toBeLessThan(original.length / 2);
		expect(brotliDecompressSync(br.body).equals(original)).toBe(true);

		const gz = await get(path, 'gzip');
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gz.body).equals(original)).toBe(true);

		const plain = await get(path);
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.equals(original)).toBe(true);
	});

	it('sends the page of any route compressed too, as HTML', async () => {
		const page = await get('/library', 'br');
		expect(page.headers['content-encoding']).toBe('br');
		expect(page.headers['content-type']).toMatch(/^text\/html/u);
		expect(brotliDecompressSync(page.body).toString()).toContain('<!doctype html>');
	});
});
