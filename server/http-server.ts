import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import sirv from 'sirv';
import type { GoogleAuth } from './auth/google-oauth.ts';
import { finishGoogleSignIn, startGoogleSignIn, startSheetsConnect } from './auth/google-routes.ts';
import { contextFactory, type RelayContext, type RelayDeps } from './context.ts';
import { appRouter } from './routers/app.ts';
import { checkHealth } from './routers/health.ts';
import { errorDetails } from './trpc.ts';

/** A book's long sentences, sent whole to jobs.reserve, stay well under this. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The Retry-After header for a batch: the longest wait any of its 429s asks for. */
function retryAfterSeconds(errors: TRPCError[]): string | undefined {
	let ms = -1;
	for (const e of errors) {
		if (e.code !== 'TOO_MANY_REQUESTS') continue;
		ms = Math.max(ms, errorDetails(e).retryAfterMs ?? 1000);
	}
	return ms < 0 ? undefined : String(Math.max(1, Math.ceil(ms / 1000)));
}

function bearerMatches(header: string | undefined, token: string): boolean {
	const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
	const want = Buffer.from(token);
	return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * One HTTP server for the API (/trpc), Google sign-in (/auth/google…), health (/healthz),
 * metrics (/metrics) and the built app (everything else).
 */
export function createRelayServer(deps: RelayDeps, google?: GoogleAuth): http.Server {
	const trpc = createHTTPHandler({
		router: appRouter,
		createContext: contextFactory(deps),
		basePath: '/trpc/',
		maxBodySize: MAX_BODY_BYTES,
		responseMeta({ ctx, errors }) {
			const headers = new Headers({ 'cache-control': 'no-store' });
			for (const cookie of (ctx as RelayContext | undefined)?.resHeaders.getSetCookie() ?? []) {
				headers.append('set-cookie', cookie);
			}
			const retryAfter = retryAfterSeconds(errors);
			if (retryAfter) headers.set('retry-after', retryAfter);
			return { headers };
		}
	});
	const googleDeps = google && {
		google,
		users: deps.users,
		sessions: deps.sessions,
		sessionTtlMs: deps.config.auth.sessionTtlMs,
		sheets: deps.sheets
	};
	const staticDir = deps.config.staticDir;
	const hasApp = existsSync(join(staticDir, 'index.html'));
	const serveApp = hasApp
		? sirv(staticDir, {
				single: true,
				etag: true,
				// Hashed build output never changes under its name.
				setHeaders(res, pathname) {
					if (pathname.startsWith('/_app/immutable/')) {
						res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
					} else {
						res.setHeader('Cache-Control', 'no-cache');
					}
				}
			})
		: undefined;

	const notFound = (res: http.ServerResponse) => {
		res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
		res.end('Not found');
	};

	return http.createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (path.startsWith('/trpc/')) return trpc(req, res);
		if (path === '/healthz') {
			void checkHealth(deps).then((h) => {
				res.writeHead(h.ok ? 200 : 503, {
					'content-type': 'application/json',
					'cache-control': 'no-store'
				});
				// Kept to {ok, ai} when healthy: monitors compare the whole body.
				res.end(JSON.stringify(h.ok ? { ok: true, ai: h.ai } : { ok: false, ai: h.ai, db: h.db }));
			});
			return;
		}
		if (path === '/metrics') {
			const token = deps.config.metricsToken;
			if (token && !bearerMatches(req.headers.authorization, token)) {
				res.writeHead(401, { 'www-authenticate': 'Bearer' });
				return res.end();
			}
			void deps.metrics.registry.metrics().then((body) => {
				res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
				res.end(body);
			});
			return;
		}
		if (
			path === '/auth/google' ||
			path === '/auth/google/callback' ||
			path === '/auth/google/sheets'
		) {
			if (!googleDeps || req.method !== 'GET') return notFound(res);
			if (path === '/auth/google') return startGoogleSignIn(req, res, googleDeps);
			if (path === '/auth/google/sheets') return void startSheetsConnect(req, res, googleDeps);
			void finishGoogleSignIn(req, res, googleDeps);
			return;
		}
		if (serveApp) return serveApp(req, res);
		res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
		res.end(`The app is not built: ${staticDir}/index.html is missing. Run npm run build.`);
	});
}
