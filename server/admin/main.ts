/**
 * The admin CLI, on the same database as the relay (DATABASE_URL, else SQLite in DATA_DIR):
 *   npm run admin -- grant <email> <credits>     add credits (negative takes back, never below 0)
 *   npm run admin -- make-admin <email>          give the admin role
 *   npm run admin -- revoke-admin <email>        take it back
 */
import { createUserStore } from '../auth/users.ts';
import { createCredits, creditRulesFrom } from '../credits/credits.ts';
import { databaseLocation, openDatabase } from '../db/database.ts';
import { loadConfig } from '../env.ts';
import { grantByEmail } from './admin-queries.ts';

const USAGE = `Usage:
  npm run admin -- grant <email> <credits>
  npm run admin -- make-admin <email>
  npm run admin -- revoke-admin <email>`;

async function main(args: string[]): Promise<number> {
	const [command, email, amount] = args;
	if (!command || !email) {
		console.error(USAGE);
		return 2;
	}
	const config = loadConfig();
	const db = await openDatabase(databaseLocation(config));
	try {
		const users = createUserStore(db, Date.now);
		if (command === 'grant') {
			const credits = Number(amount);
			if (!Number.isFinite(credits) || credits === 0) {
				console.error(`grant needs a non-zero number of credits, not "${amount ?? ''}".\n${USAGE}`);
				return 2;
			}
			const credit = createCredits(db, { ...creditRulesFrom(config), now: Date.now });
			const res = await grantByEmail({ users, credits: credit }, email, credits, 'admin CLI');
			if (!res) {
				console.error(`No account for ${email}.`);
				return 1;
			}
			console.log(`${res.email} now has ${res.balance} credits.`);
			return 0;
		}
		if (command === 'make-admin' || command === 'revoke-admin') {
			const role = command === 'make-admin' ? 'admin' : 'user';
			if (!(await users.setRole(email, role))) {
				console.error(`No account for ${email}.`);
				return 1;
			}
			console.log(
				`${email.trim().toLowerCase()} is now ${role === 'admin' ? 'an admin' : 'a user'}.`
			);
			return 0;
		}
		console.error(`Unknown command "${command}".\n${USAGE}`);
		return 2;
	} finally {
		await db.destroy();
	}
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(err: unknown) => {
		console.error(err instanceof Error ? err.message : err);
		process.exit(1);
	}
);
