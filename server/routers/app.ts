import { router } from '../trpc.ts';
import { adminRouter } from './admin.ts';
import { authRouter } from './auth.ts';
import { chunksRouter } from './chunks.ts';
import { configRouter } from './config.ts';
import { creditsRouter } from './credits.ts';
import { healthRouter } from './health.ts';
import { jobsRouter } from './jobs.ts';
import { pagesRouter } from './pages.ts';
import { sheetsRouter } from './sheets.ts';

/** The relay's whole API. */
export const appRouter = router({
	health: healthRouter,
	config: configRouter,
	auth: authRouter,
	credits: creditsRouter,
	jobs: jobsRouter,
	chunks: chunksRouter,
	pages: pagesRouter,
	admin: adminRouter,
	sheets: sheetsRouter
});

/** The browser imports this type only, never the router itself. */
export type AppRouter = typeof appRouter;
