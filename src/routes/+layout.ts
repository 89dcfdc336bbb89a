// A browser-only app: PDF work, IndexedDB and workers have nothing to do on a server.
export const ssr = false;
export const prerender = false;
