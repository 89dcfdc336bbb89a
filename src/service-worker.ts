/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute,
	type PrecacheEntry
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { db } from '$lib/db/db.ts';
import { answerSharePost, SHARE_PATH } from '$lib/pwa/share-target.ts';

const sw = self as unknown as ServiceWorkerGlobalScope;

// The build replaces `self.__WB_MANIFEST` (this exact text) with the app shell's file list.
precacheAndRoute((self as unknown as { __WB_MANIFEST: PrecacheEntry[] }).__WB_MANIFEST);
cleanupOutdatedCaches();

// Every route (/, /share, …) is the one SPA page, so any navigation opens it from the precache.
// The relay's own URLs are not app routes.
registerRoute(
	new NavigationRoute(createHandlerBoundToURL('/index.html'), {
		denylist: [/^\/trpc\//, /^\/healthz$/]
	})
);

// The OS delivers a share as a multipart POST navigation; the file goes to IndexedDB.
registerRoute(
	({ url }) => url.pathname === SHARE_PATH,
	({ request }) => answerSharePost(request, db),
	'POST'
);

// The vocabulary tool's lexicon (3 MB) is not precached: it is fetched when the tool first
// opens, then served from this cache, so the tool works offline from then on. Its URL carries
// a version, so a new table is a new entry.
const LEXICON_CACHE = 'fnt-lexicon';
registerRoute(
	({ url }) => url.origin === sw.location.origin && url.pathname.startsWith('/lexicon/'),
	async ({ request }) => {
		const cache = await caches.open(LEXICON_CACHE);
		const hit = await cache.match(request);
		if (hit) return hit;
		const response = await fetch(request);
		if (response.ok) await cache.put(request, response.clone());
		return response;
	}
);

// The page's "New version — reload" sends this (workbox-window's messageSkipWaiting).
sw.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

// Control the first visit's page at once, so it works offline without a second visit.
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));
