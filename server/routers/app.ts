import { router } from '../trpc.ts';
import { chunksRouter } from './chunks.ts';
import { configRouter } from './config.ts';

/** The relay's whole API. */
export const appRouter = router({
	config: configRouter,
	chunks: chunksRouter
});

/** The browser imports this type only, never the router itself. */
export type AppRouter = typeof appRouter;
