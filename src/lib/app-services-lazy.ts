/**
 * The job manager and the relay client, loaded once the home page has drawn: its first render
 * needs only IndexedDB, so the tRPC client, the credits port and the job code stay out of the
 * first-load JavaScript.
 */
let services: Promise<typeof import('./app-services.ts')> | undefined;

/** The app's services, imported on first use and shared afterwards. */
export function appServices(): Promise<typeof import('./app-services.ts')> {
	services ??= import('./app-services.ts');
	return services;
}
