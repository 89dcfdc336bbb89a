/**
 * Only the relay names the Gemini key's variable and Google's key page: config.get sends them
 * as data, and the page's messages take them as parameters, so nothing compiled into browser
 * code (messages/, src/) contains them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { startRelay, type Relay } from '../../server/relay.ts';
import { errorMessage } from '../../src/lib/i18n/error-messages.ts';
import { makeClient } from './relay-fixtures.ts';

const ROOT = join(import.meta.dirname, '../..');

/** Every file under `dir`, skipping generated output. */
function filesUnder(dir: string): string[] {
	return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
		.filter((f) => !f.startsWith('lib/paraglide') && /\.(ts|js|svelte|json|html)$/.test(f))
		.map((f) => join(ROOT, dir, f));
}

describe('the Gemini key’s name stays on the relay', () => {
	let relay: Relay;
	let dataDir: string;
	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'fnt-relay-'));
		relay = await startRelay(
			loadConfig({ PORT: '0', DATA_DIR: dataDir, STATIC_DIR: join(dataDir, 'none') })
		);
	});
	afterAll(async () => {
		await relay?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('config.get names the variable and where to get a key when AI mode is off', async () => {
		const { ai } = await makeClient(relay.url).config.get.query();
		expect(ai).toMatchObject({
			enabled: false,
			keyVariable: 'GEMINI_API_KEY',
			keyUrl: 'https://aistudio.google.com/apikey'
		});
	});

	it('the page words the advice from those parameters, in English and French', () => {
		const params = { keyVariable: 'GEMINI_API_KEY', keyUrl: 'https://aistudio.google.com/apikey' };
		const en = errorMessage({ code: 'ai_disabled', params }, { locale: 'en' });
		const fr = errorMessage({ code: 'ai_disabled', params }, { locale: 'fr' });
		expect(en).toMatch(/start it with GEMINI_API_KEY=your-key npm start/);
		expect(en).toContain('https://aistudio.google.com/apikey');
		expect(fr).toMatch(/^Le mode IA a besoin d’une clé d’API Gemini.*GEMINI_API_KEY=votre-clé/u);
		// A chunk call refused for want of a key brings no parameters: the advice stays whole.
		const plain = errorMessage({ code: 'ai_disabled' }, { locale: 'en' });
		expect(plain).toMatch(/^AI mode needs a Gemini API key on the relay/);
		expect(plain).not.toMatch(/=your-key|undefined|\{/);
	});

	it('no message and no source file of the page names them', () => {
		const files = [...filesUnder('messages'), ...filesUnder('src')];
		expect(files.length).toBeGreaterThan(50);
		for (const file of files) {
			const text = readFileSync(file, 'utf8');
			expect(text, file).not.toContain('GEMINI_API_KEY');
			expect(text, file).not.toContain('aistudio.google.com');
		}
	});
});
