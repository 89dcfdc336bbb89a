/**
 * A TCP proxy a test can cut, as a network partition or a server restart would: every
 * connection through it dropped and new ones refused, until it is restored on the same port.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface CuttableProxy {
	/** The loopback port to connect to instead of the target's. */
	port(): number;
	/** The target's URL (credentials, path and all) with the proxy's port instead. */
	url(): string;
	cut(): Promise<void>;
	restore(): Promise<void>;
}

/** A TCP proxy to `target` that can be cut (every connection dropped, new ones refused) and restored. */
export async function cuttableProxy(target: URL): Promise<CuttableProxy> {
	const sockets = new Set<Socket>();
	let server: Server | undefined;
	let port = 0;
	const listen = () =>
		new Promise<void>((resolve) => {
			if (server?.listening) return resolve();
			server = createServer((client) => {
				const upstream = connect(Number(target.port), target.hostname);
				for (const s of [client, upstream]) {
					sockets.add(s);
					s.on('error', () => undefined);
					s.on('close', () => sockets.delete(s));
				}
				client.pipe(upstream).pipe(client);
			});
			server.listen(port, '127.0.0.1', () => {
				port = (server!.address() as { port: number }).port;
				resolve();
			});
		});
	await listen();
	return {
		port: () => port,
		url: () => {
			const via = new URL(target);
			via.port = String(port);
			return via.toString();
		},
		async cut() {
			await new Promise<void>((resolve) => {
				server!.close(() => resolve());
				for (const s of sockets) s.destroy();
			});
		},
		restore: listen
	};
}
