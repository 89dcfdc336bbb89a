/**
 * Where `fnt login` keeps the relay session: $XDG_CONFIG_HOME/french-novel-tool/session.json
 * (~/.config when XDG_CONFIG_HOME is unset), readable by its owner only (0600, in a 0700
 * folder), since the token signs its holder in as the reader.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

/** A saved sign-in: the relay it is for, who signed in, and the session cookie's value. */
export interface SavedSession {
	relay: string;
	email: string;
	token: string;
	savedAt: string;
}

/** The session file's path for this environment. */
export function sessionPath(env: Readonly<Record<string, string | undefined>>): string {
	// The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
	const xdg = env.XDG_CONFIG_HOME;
	const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
	return join(base, 'french-novel-tool', 'session.json');
}

/** The saved session, or undefined when there is none (or the file is not one of ours). */
export async function readSession(path: string): Promise<SavedSession | undefined> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (err) {
		if ((err as { code?: string }).code === 'ENOENT') return undefined;
		throw err;
	}
	try {
		const value = JSON.parse(text) as Partial<SavedSession>;
		if (typeof value.relay === 'string' && typeof value.token === 'string') {
			return {
				relay: value.relay,
				token: value.token,
				email: value.email ?? '',
				savedAt: value.savedAt ?? ''
			};
		}
	} catch {
		// A damaged file is as good as none; login writes a new one.
	}
	return undefined;
}

/** Writes the session with mode 0600; it is never readable by others, even for a moment. */
export async function writeSession(path: string, session: SavedSession): Promise<void> {
	await mkdir(dirname(path), { recursive: true, mode: 0o700 });
	const temporary = `${path}.${process.pid}.tmp`;
	await writeFile(temporary, JSON.stringify(session, null, '\t') + '\n', { mode: 0o600 });
	// A umask cannot widen the mode, but an old file's owner may have; set it outright.
	await chmod(temporary, 0o600);
	await rename(temporary, path);
}

/** Removes the session file; true if there was one. */
export async function removeSession(path: string): Promise<boolean> {
	const existed = (await readSession(path).catch(() => undefined)) !== undefined;
	await rm(path, { force: true });
	return existed;
}
