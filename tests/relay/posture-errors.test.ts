/**
 * Error answers carry no server stack trace and no file path, whatever failed: a bad input, a
 * refused call, an unexpected error inside a procedure or outside tRPC. Vitest runs with
 * NODE_ENV=test, which tRPC's own default treats as development (stacks on): these tests fail
 * if the relay leaves that default in place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_MESSAGE } from '../../server/relay-errors.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from './relay-fixtures.ts';

let stack: TestStack;
let reader: TestUser;

beforeAll(async () => {
	stack = await startTestStack();
	reader = await signUp(stack.relay.url);
});
afterAll(async () => {
	await stack?.close();
});

/** Fails when a body gives away how the relay is built or where it lives. */
function expectNothingInternal(body: string) {
	expect(body).not.toMatch(/stack/i);
	expect(body).not.toContain('/server/');
	expect(body).not.toMatch(/\.ts:\d/);
	expect(body).not.toContain(process.cwd());
	expect(body).not.toMatch(/node_modules|node:internal/);
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
	const res = await fetch(`${stack.relay.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});
	return { status: res.status, body: await res.text() };
}

describe('error answers hide the relay’s internals', () => {
	it('answers a bad input with what was wrong, and no stack', async () => {
		const res = await post('/trpc/auth.signUp', { email: 'not an email', password: 'x' });
		expect(res.status).toBe(400);
		expect(res.body).toContain('BAD_REQUEST');
		expectNothingInternal(res.body);
	});

	it('answers an unauthorised call with 401, and no stack', async () => {
		const res = await post('/trpc/jobs.reserve', { clientJobId: 'job-1', items: [] });
		expect(res.status).toBe(401);
		expectNothingInternal(res.body);
	});

	it('answers malformed JSON with a parse error, and no stack', async () => {
		const res = await fetch(`${stack.relay.url}/trpc/auth.signIn`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"email": '
		});
		expect(res.status).toBe(400);
		expectNothingInternal(await res.text());
	});

	it('answers an unexpected error with a generic message; its text stays in the log', async () => {
		const sessions = stack.relay.deps.sessions;
		const validate = sessions.validate;
		sessions.validate = () => {
			throw new Error('ENOENT: open /srv/app/server/db/relay.sqlite at /srv/app/server/x.ts:12:3');
		};
		try {
			const res = await fetch(`${stack.relay.url}/trpc/credits.balance`, {
				headers: { cookie: reader.cookie }
			});
			const body = await res.text();
			expect(res.status).toBe(500);
			expect(JSON.parse(body).error.message).toBe(INTERNAL_MESSAGE);
			expect(body).not.toContain('ENOENT');
			expectNothingInternal(body);
		} finally {
			sessions.validate = validate;
		}
	});

	it('answers a failure outside tRPC (/metrics) with a bare 500', async () => {
		const registry = stack.relay.deps.metrics.registry;
		const metrics = registry.metrics;
		registry.metrics = () => Promise.reject(new Error('at /srv/app/server/metrics/x.ts:1:1'));
		try {
			const res = await fetch(`${stack.relay.url}/metrics`);
			const body = await res.text();
			expect(res.status).toBe(500);
			expect(body).toBe('Internal error on the relay.');
			expectNothingInternal(body);
		} finally {
			registry.metrics = metrics;
		}
	});

	it('names no folder when the app is not built', async () => {
		const res = await fetch(`${stack.relay.url}/library`);
		const body = await res.text();
		expect(res.status).toBe(503);
		expect(body).not.toContain(stack.dataDir);
		expectNothingInternal(body);
	});
});
