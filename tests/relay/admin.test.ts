import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	KEY,
	chunkInput,
	errorOf,
	healthyStores,
	relayBackends,
	reserveInput,
	signUp,
	startTestStack,
	type Captured,
	type TestStack,
	type TestUser
} from './relay-fixtures.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const seen: Captured[] = [];

/** Runs the admin CLI (`npm run admin -- …`) against a relay's database. */
function adminCli(dbEnv: TestStack['dbEnv'], ...args: string[]) {
	return run(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'server/admin/main.ts'), ...args], {
		env: { ...process.env, DATABASE_URL: '', ...dbEnv },
		cwd: ROOT
	}).then(
		(r) => ({ code: 0, out: r.stdout + r.stderr }),
		(e: { code: number; stdout: string; stderr: string }) => ({
			code: e.code,
			out: e.stdout + e.stderr
		})
	);
}

describe.each(relayBackends())('on %s', (backend) => {
	let stack: TestStack;
	let admin: TestUser;
	let reader: TestUser;

	beforeAll(async () => {
		stack = await startTestStack({ METRICS_TOKEN: 'scrape-token' }, { backend });
		admin = await signUp(stack.relay.url, { seen, email: 'operator@example.com' });
		reader = await signUp(stack.relay.url, { seen, email: 'reader@example.com' });
	});
	afterAll(async () => {
		await stack.close();
	});

	describe('admin procedures', () => {
		it('are refused to a signed-in reader', async () => {
			const calls = [
				() => reader.client.admin.stats.query(),
				() => reader.client.admin.users.query(),
				() => reader.client.admin.jobs.query(),
				() => reader.client.admin.grant.mutate({ email: reader.email, credits: 1000 })
			];
			for (const call of calls) {
				const err = await errorOf(call());
				expect(err.data?.httpStatus).toBe(403);
			}
			expect((await reader.client.credits.balance.query()).balance).toBe(50);
		});

		it(
			'open to the admin role given by the CLI, which also grants credits',
			{ timeout: 60_000 },
			async () => {
				const made = await adminCli(stack.dbEnv, 'make-admin', 'Operator@Example.com');
				expect(made).toMatchObject({ code: 0 });
				expect(made.out).toMatch(/operator@example.com is now an admin/);
				// The role is read from the database on every request: no new sign-in needed.
				expect((await admin.client.auth.me.query())?.role).toBe('admin');

				const granted = await adminCli(stack.dbEnv, 'grant', reader.email, '25');
				expect(granted.code).toBe(0);
				expect(granted.out).toMatch(/reader@example.com now has 75 credits/);
				expect((await reader.client.credits.balance.query()).balance).toBe(75);

				const unknown = await adminCli(stack.dbEnv, 'grant', 'nobody@example.com', '5');
				expect(unknown.code).toBe(1);
				expect(unknown.out).toMatch(/No account/);
				expect((await adminCli(stack.dbEnv, 'grant', reader.email, 'lots')).code).toBe(2);
			}
		);

		it('show live calls, error rates, users with usage and balance, and recent jobs', async () => {
			await reader.client.jobs.reserve.mutate(reserveInput('admin-job'));
			await reader.client.chunks.normalize.mutate(chunkInput('admin-job'));
			stack.mock.setFaults({ sequence: ['server_error'] });
			await errorOf(reader.client.chunks.normalize.mutate(chunkInput('admin-job')));
			stack.mock.setFaults({});

			const stats = await admin.client.admin.stats.query();
			expect(stats.gemini).toMatchObject({ enabled: true, active: 0, queued: 0, maxCapacity: 8 });
			expect(stats.window.outcomes.ok).toBeGreaterThanOrEqual(1);
			expect(stats.window.errors.server).toBe(1);
			expect(stats.window.errorRate).toBeGreaterThan(0);
			expect(stats.users).toBe(2);
			expect(stats.activeJobs).toBe(1);

			const users = await admin.client.admin.users.query();
			const row = users.find((u) => u.email === reader.email)!;
			expect(row.spent).toBeGreaterThan(0);
			expect(row.tokens).toBeGreaterThan(0);
			expect(row.jobs).toBe(1);
			expect(row.balance).toBeCloseTo((await reader.client.credits.balance.query()).balance, 6);

			const jobs = await admin.client.admin.jobs.query();
			expect(jobs[0]).toMatchObject({
				clientJobId: 'admin-job',
				email: reader.email,
				status: 'active',
				chunks: 1
			});
		});

		it('grant credits by email, and refuse an unknown email', async () => {
			const before = (await reader.client.credits.balance.query()).balance;
			const res = await admin.client.admin.grant.mutate({
				email: reader.email,
				credits: 10,
				note: 'thanks'
			});
			expect(res.balance).toBeCloseTo(before + 10, 6);
			const err = await errorOf(
				admin.client.admin.grant.mutate({ email: 'ghost@example.com', credits: 10 })
			);
			expect(err.data?.httpStatus).toBe(404);
			// Taking back never goes below zero.
			const back = await admin.client.admin.grant.mutate({
				email: reader.email,
				credits: -1_000_000
			});
			expect(back.balance).toBe(0);
		});
	});

	describe('monitoring', () => {
		it('/healthz checks the process and the database, and names its engine', async () => {
			const res = await fetch(`${stack.relay.url}/healthz`);
			expect(res.status).toBe(200);
			expect(await res.json()).toEqual({ ok: true, ai: true, ...healthyStores(backend) });
			expect(await reader.client.health.check.query()).toMatchObject({
				ok: true,
				db: true,
				...healthyStores(backend),
				ai: true
			});
		});

		it('/metrics exposes calls in flight, queue, latency, upstream errors, tokens and credits, behind its token', async () => {
			expect((await fetch(`${stack.relay.url}/metrics`)).status).toBe(401);
			const res = await fetch(`${stack.relay.url}/metrics`, {
				headers: { authorization: 'Bearer scrape-token' }
			});
			expect(res.status).toBe(200);
			const text = await res.text();
			// Every series also carries the relay's own label (several relays share one scrape).
			for (const line of [
				/^relay_gemini_calls_in_flight(\{[^}]*\})? 0$/m,
				/^relay_gemini_queue_length(\{[^}]*\})? 0$/m,
				/^relay_chunk_duration_seconds_bucket\{/m,
				/^relay_gemini_queue_wait_seconds_count(\{[^}]*\})? /m,
				/^relay_upstream_errors_total\{[^}]*kind="server"[^}]*\} 1$/m,
				/^relay_gemini_tokens_total\{[^}]*tier="flash",type="total"[^}]*\} /m,
				/^relay_credits_settled_total(\{[^}]*\})? /m,
				/^relay_chunk_calls_total\{[^}]*outcome="ok"[^}]*\} /m,
				/^relay_process_cpu_seconds_total(\{[^}]*\})? /m
			]) {
				expect(text).toMatch(line);
			}
			expect(text).not.toContain(KEY);
		});
	});

	describe('the Gemini key stays on the relay', () => {
		it('appears in no response of these tests', async () => {
			const pages = [
				await fetch(`${stack.relay.url}/healthz`),
				await fetch(`${stack.relay.url}/metrics`, {
					headers: { authorization: 'Bearer scrape-token' }
				}),
				await fetch(`${stack.relay.url}/trpc/config.get`)
			];
			for (const p of pages)
				seen.push({ status: p.status, headers: p.headers, body: await p.text() });
			expect(JSON.stringify(await admin.client.admin.stats.query())).not.toContain(KEY);
			expect(seen.length).toBeGreaterThan(10);
			for (const r of seen) expect(r.body + JSON.stringify([...r.headers])).not.toContain(KEY);
		});

		it('appears in no file of the client: the source, and the build when there is one', () => {
			const files: string[] = [];
			const walk = (dir: string) => {
				for (const name of readdirSync(dir)) {
					const path = join(dir, name);
					if (statSync(path).isDirectory()) walk(path);
					else files.push(path);
				}
			};
			walk(join(ROOT, 'src'));
			if (existsSync(join(ROOT, 'build'))) walk(join(ROOT, 'build'));
			expect(files.length).toBeGreaterThan(10);
			const keyShape = /AIza[0-9A-Za-z_-]{35}/;
			for (const file of files) {
				const text = readFileSync(file, 'latin1');
				expect(text, file).not.toContain(KEY);
				expect(text, file).not.toMatch(keyShape);
				if (process.env.GEMINI_API_KEY)
					expect(text, file).not.toContain(process.env.GEMINI_API_KEY);
				// Client code never reads the key's variable (the relay's messages may name it).
				expect(text, file).not.toMatch(/env\.GEMINI_API_KEY|env\[['"]GEMINI_API_KEY/);
			}
		});
	});
});
