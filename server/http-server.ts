import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import sirv from 'sirv';
import type { GoogleAuth } from './auth/google-oauth.ts';
import { finishGoogleSignIn, startGoogleSignIn, startSheetsConnect } from './auth/google-routes.ts';
import { readRequestMeta } from './auth/request-meta.ts';
import { contextFactory, type RelayContext, type RelayDeps } from './context.ts';
import { appRouter } from './routers/app.ts';
import { checkHealth, publicHealth } from './routers/health.ts';
import {
	API_CONTENT_SECURITY_POLICY,
	appContentSecurityPolicy,
	builtScriptHashes,
	securityHeaders
} from './http/security-headers.ts';
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

/**
 * An unexpected failure outside tRPC: the details go to the log, the caller gets a bare 500
 * (no stack, no path), or a cut connection when the answer had already begun.
 */
function internalError(res: http.ServerResponse) {
	return (err: unknown) => {
		console.error('Relay error:', err);
		if (res.headersSent) return void res.destroy();
		res.writeHead(500, {
			'content-type': 'text/plain; charset=utf-8',
			'cache-control': 'no-store'
		});
		res.end('Internal error on the relay.');
	};
}

/** Paths that answer data (never a page): they get the API's stricter policy. */
function isApiPath(path: string): boolean {
	return (
		path.startsWith('/trpc/') ||
		path === '/healthz' ||
		path === '/metrics' ||
		path.startsWith('/auth/')
	);
}

/** `Authorization: Bearer <token>`, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
	const given = Buffer.from(/^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '');
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
		onError({ error, path }) {
			// The caller sees only a generic message (trpc.ts); the operator needs the rest.
			if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`Relay error in ${path}:`, error);
		},
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
				// The build's precompressed files (svelte.config.js), by the request's Accept-Encoding.
				brotli: true,
				gzip: true,
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

	// Read once: the built pages do not change under a running relay (sirv lists them at start too).
	const appHeaders = securityHeaders(
		appContentSecurityPolicy(builtScriptHashes(staticDir), deps.config.cspReportUri)
	);
	const apiHeaders = securityHeaders(API_CONTENT_SECURITY_POLICY);

	const notFound = (res: http.ServerResponse) => {
		res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
		res.end('Not found');
	};

	return http.createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		readRequestMeta(req, deps.config.trustProxy);
		for (const [name, value] of isApiPath(path) ? apiHeaders : appHeaders) {
			res.setHeader(name, value);
		}
		try {
			route(req, res, path);
		} catch (err) {
			internalError(res)(err);
		}
	});

	function route(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
		if (path.startsWith('/trpc/')) return void trpc(req, res);
		if (path === '/healthz') {
			void checkHealth(deps).then((h) => {
				res.writeHead(h.ok ? 200 : 503, {
					'content-type': 'application/json',
					'cache-control': 'no-store'
				});
				res.end(JSON.stringify(publicHealth(h)));
			}, internalError(res));
			return;
		}
		if (path === '/metrics') {
			const token = deps.config.metricsToken;
			if (token && !bearerMatches(req.headers.authorization, token)) {
				res.writeHead(401, { 'www-authenticate': 'Bearer' });
				return void res.end();
			}
			void deps.metrics.registry.metrics().then((body) => {
				res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
				res.end(body);
			}, internalError(res));
			return;
		}
		if (
			path === '/auth/google' ||
			path === '/auth/google/callback' ||
			path === '/auth/google/sheets'
		) {
			if (!googleDeps || req.method !== 'GET') return notFound(res);
			if (path === '/auth/google') return startGoogleSignIn(req, res, googleDeps);
			if (path === '/auth/google/sheets') {
				return void startSheetsConnect(req, res, googleDeps).catch(internalError(res));
			}
			void finishGoogleSignIn(req, res, googleDeps).catch(internalError(res));
			return;
		}
		if (serveApp) return serveApp(req, res);
		res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
		res.end('The app is not built: run npm run build, then start the relay again.');
	}
}
