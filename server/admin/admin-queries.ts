/** Read-only views across all users, for admin.* procedures and the admin CLI. */
import { sql, type Kysely } from 'kysely';
import type { Credits } from '../credits/credits.ts';
import { toCredits } from '../credits/pricing.ts';
import type { Database } from '../db/schema.ts';
import type { UserStore } from '../auth/users.ts';

/** Users with their balance and what they have used, newest first. */
export async function listUsers(db: Kysely<Database>, opts: { limit: number; query?: string }) {
	let q = db
		.selectFrom('users as u')
		.leftJoin('credit_ledger as l', 'l.user_id', 'u.id')
		.select([
			'u.id',
			'u.email',
			'u.role',
			'u.created_at',
			sql<number>`coalesce(sum(case
				when l.reason = 'reserve' then -l.amount
				when l.reason = 'settle' then 0
				else l.amount end), 0)`.as('balance'),
			sql<number>`coalesce(sum(case when l.reason = 'settle' then l.amount else 0 end), 0)`.as(
				'spent'
			),
			sql<number>`coalesce(sum(case when l.reason = 'settle' then l.tokens else 0 end), 0)`.as(
				'tokens'
			),
			sql<number>`count(distinct l.job_id)`.as('jobs')
		])
		.groupBy(['u.id', 'u.email', 'u.role', 'u.created_at'])
		.orderBy('u.created_at', 'desc')
		.limit(opts.limit);
	if (opts.query) q = q.where('u.email', 'like', `%${opts.query.toLowerCase()}%`);
	const rows = await q.execute();
	return rows.map((r) => ({
		id: r.id,
		email: r.email,
		role: r.role,
		createdAt: Number(r.created_at),
		balance: toCredits(Number(r.balance)),
		spent: toCredits(Number(r.spent)),
		tokens: Number(r.tokens),
		jobs: Number(r.jobs)
	}));
}

/** The latest jobs of all users, with their owner and totals. */
export async function listRecentJobs(db: Kysely<Database>, limit: number) {
	const rows = await db
		.selectFrom('credit_jobs as j')
		.innerJoin('users as u', 'u.id', 'j.user_id')
		.leftJoin('credit_ledger as l', 'l.job_id', 'j.id')
		.select([
			'j.client_job_id',
			'j.status',
			'j.tier',
			'j.estimate',
			'j.items',
			'j.created_at',
			'j.updated_at',
			'u.email',
			sql<number>`coalesce(sum(case when l.reason = 'reserve' then l.amount else 0 end), 0)`.as(
				'reserved'
			),
			sql<number>`coalesce(sum(case when l.reason = 'settle' then l.amount else 0 end), 0)`.as(
				'settled'
			),
			sql<number>`coalesce(sum(case when l.reason = 'release' then l.amount else 0 end), 0)`.as(
				'released'
			),
			sql<number>`coalesce(sum(case when l.reason = 'settle' then l.tokens else 0 end), 0)`.as(
				'tokens'
			),
			sql<number>`coalesce(sum(case when l.reason = 'settle' then 1 else 0 end), 0)`.as('chunks')
		])
		.groupBy([
			'j.id',
			'j.client_job_id',
			'j.status',
			'j.tier',
			'j.estimate',
			'j.items',
			'j.created_at',
			'j.updated_at',
			'u.email'
		])
		.orderBy('j.created_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		clientJobId: r.client_job_id,
		email: r.email,
		status: r.status,
		tier: r.tier,
		items: Number(r.items),
		estimate: toCredits(Number(r.estimate)),
		reserved: toCredits(Number(r.reserved)),
		settled: toCredits(Number(r.settled)),
		released: toCredits(Number(r.released)),
		tokens: Number(r.tokens),
		chunks: Number(r.chunks),
		createdAt: Number(r.created_at),
		updatedAt: Number(r.updated_at)
	}));
}

/** Adds (or, negative, takes back) credits for the account with this email. */
export async function grantByEmail(
	deps: { users: UserStore; credits: Credits },
	email: string,
	credits: number,
	note: string
): Promise<{ email: string; balance: number } | undefined> {
	const user = await deps.users.findByEmail(email);
	if (!user) return undefined;
	const balanceMc = await deps.credits.grant({ userId: user.id, credits, note });
	return { email: user.email, balance: toCredits(balanceMc) };
}
