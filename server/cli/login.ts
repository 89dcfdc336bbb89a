/**
 * `fnt login` and `fnt logout`: sign in at the relay with an email and a password and keep
 * the session for `process --mode ai` (session-store.ts), so nobody has to copy a cookie out
 * of the browser. The credentials come from FNT_EMAIL and FNT_PASSWORD, else from the
 * terminal, the password without echo.
 */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../routers/app.ts';
import type { SessionCommand } from './cli-args.ts';
import { CliError } from './cli-error.ts';
import { createCliRelayClient } from './relay-rewriter.ts';
import { readSession, removeSession, sessionPath, writeSession } from './session-store.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Signs in at `cmd.relay` and saves the session; the exit code. */
export async function login(cmd: SessionCommand, env: Env): Promise<number> {
	const { email, password } = await credentials(env);
	let cookies: string[] = [];
	const client = createTRPCClient<AppRouter>({
		links: [
			httpLink({
				url: `${cmd.relay}/trpc`,
				// The session arrives as a Set-Cookie header, which tRPC's answer does not carry.
				fetch: async (url, init) => {
					const response = await fetch(url, init as RequestInit);
					cookies = response.headers.getSetCookie();
					return response;
				}
			})
		]
	});
	try {
		await client.auth.signIn.mutate({ email, password });
	} catch (err) {
		throw signInError(err, cmd.relay);
	}
	const token = sessionCookie(cookies);
	if (!token) throw new CliError(`The relay at ${cmd.relay} signed you in but sent no session.`);
	const path = sessionPath(env);
	await writeSession(path, {
		relay: cmd.relay,
		email: email.trim().toLowerCase(),
		token,
		savedAt: new Date().toISOString()
	});
	process.stderr.write(`Signed in at ${cmd.relay} as ${email.trim()}; session kept in ${path}.\n`);
	return 0;
}

/** Signs out at the relay the session is for, and removes the file; the exit code. */
export async function logout(env: Env): Promise<number> {
	const path = sessionPath(env);
	const saved = await readSession(path);
	if (!saved) {
		await removeSession(path);
		process.stderr.write('You were not signed in.\n');
		return 0;
	}
	let note = '';
	try {
		await createCliRelayClient(saved.relay, saved.token).auth.signOut.mutate();
	} catch (err) {
		// The file goes anyway: a session that was already gone, or a relay that is down, must
		// not leave a token on disk. Say so, since the relay may still hold it until it expires.
		const status = (err as { data?: { httpStatus?: number } }).data?.httpStatus;
		if (status !== 401)
			note = ` (the relay at ${saved.relay} could not be told: ${errorMessage(err)})`;
	}
	await removeSession(path);
	process.stderr.write(`Signed out${saved.email ? ` ${saved.email}` : ''}${note}.\n`);
	return 0;
}

/** The session saved for `relay`, if the reader signed in there. */
export async function savedSessionFor(relay: string, env: Env): Promise<string | undefined> {
	const saved = await readSession(sessionPath(env)).catch(() => undefined);
	return saved && saved.relay === relay ? saved.token : undefined;
}

/** The value of the `session` cookie among Set-Cookie headers. */
export function sessionCookie(setCookies: readonly string[]): string | undefined {
	for (const header of setCookies) {
		const match = /^\s*session=([^;]*)/u.exec(header);
		if (match && match[1] !== '') return decodeURIComponent(match[1]);
	}
	return undefined;
}

async function credentials(env: Env): Promise<{ email: string; password: string }> {
	let email = env.FNT_EMAIL ?? '';
	let password = env.FNT_PASSWORD ?? '';
	if (email && password) return { email, password };
	if (!process.stdin.isTTY) {
		throw new CliError('Set FNT_EMAIL and FNT_PASSWORD, or run login in a terminal to type them.');
	}
	let muted = false;
	const output = new Writable({
		write(chunk, encoding, done) {
			if (!muted) process.stderr.write(chunk, encoding);
			done();
		}
	});
	const rl = createInterface({ input: process.stdin, output, terminal: true });
	try {
		if (!email) email = (await rl.question('Email: ')).trim();
		if (!password) {
			const answer = rl.question('Password: ');
			// Mute after the prompt is written, so the typed characters are not echoed.
			muted = true;
			password = await answer;
			muted = false;
			process.stderr.write('\n');
		}
	} finally {
		rl.close();
	}
	if (!email || !password) throw new CliError('An email and a password are needed to sign in.');
	return { email, password };
}

function signInError(err: unknown, relay: string): CliError {
	const data = (err as { data?: { httpStatus?: number } }).data;
	if (data?.httpStatus === 401) return new CliError('Wrong email or password.');
	if (data?.httpStatus) return new CliError(`The relay refused the sign-in: ${errorMessage(err)}`);
	return new CliError(`The relay at ${relay} cannot be reached (${errorMessage(err)}).`);
}

function errorMessage(err: unknown): string {
	return err instanceof Error ? err.message.replace(/\.$/u, '') : String(err);
}
