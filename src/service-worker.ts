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

// The page's "New version — reload" sends this (workbox-window's messageSkipWaiting).
sw.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

// Control the first visit's page at once, so it works offline without a second visit.
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));
