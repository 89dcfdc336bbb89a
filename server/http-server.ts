import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import sirv from 'sirv';
import { contextFactory, type RelayDeps } from './context.ts';
import { appRouter } from './routers/app.ts';

/** One HTTP server for the API (/trpc), health (/healthz) and the built app (everything else). */
export function createRelayServer(deps: RelayDeps): http.Server {
	const trpc = createHTTPHandler({
		router: appRouter,
		createContext: contextFactory(deps),
		basePath: '/trpc/'
	});
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

	return http.createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (path.startsWith('/trpc/')) return trpc(req, res);
		if (path === '/healthz') {
			res.writeHead(200, { 'content-type': 'application/json' });
			return res.end(JSON.stringify({ ok: true, ai: Boolean(deps.gemini) }));
		}
		if (serveApp) return serveApp(req, res);
		res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
		res.end(`The app is not built: ${staticDir}/index.html is missing. Run npm run build.`);
	});
}
