/**
 * What the procedures may know about the HTTP request behind a call, read once at the door,
 * and the cross-site check that every mutation passes.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { forwardedInfo, TRUST_NOBODY, type TrustProxy } from '../http/trusted-proxies.ts';

/** The parts of a request the relay's rules look at. */
export interface RequestMeta {
	origin?: string;
	host?: string;
	secFetchSite?: string;
	cookie?: string;
	userAgent?: string;
	/** Over https, directly (TLS) or behind a trusted proxy that says so (X-Forwarded-Proto). */
	secure: boolean;
	/** The client's address, for per-address limits: the peer, or whom trusted proxies forwarded for. */
	ip: string;
}

function header(req: IncomingMessage, name: string): string | undefined {
	const v = req.headers[name];
	return Array.isArray(v) ? v[0] : v;
}

/** What the door read of each request, so later readers agree with it. */
const readAtDoor = new WeakMap<IncomingMessage, RequestMeta>();

/**
 * Reads a node:http request, believing X-Forwarded-For and X-Forwarded-Proto only from the
 * proxies `trust` names, and remembers the answer for `requestMetaFrom`. The HTTP server calls
 * it first thing for every request.
 */
export function readRequestMeta(req: IncomingMessage, trust: TrustProxy): RequestMeta {
	const forwarded = forwardedInfo(trust, req.socket.remoteAddress, req.headers);
	const meta: RequestMeta = {
		origin: header(req, 'origin'),
		host: header(req, 'host'),
		secFetchSite: header(req, 'sec-fetch-site')?.toLowerCase(),
		cookie: header(req, 'cookie'),
		userAgent: header(req, 'user-agent')?.slice(0, 512),
		secure: Boolean((req.socket as TLSSocket).encrypted) || forwarded.proto === 'https',
		ip: forwarded.ip
	};
	readAtDoor.set(req, meta);
	return meta;
}

/**
 * The request's meta as the door read it; a request that skipped the door (a test's own
 * server) trusts no proxy.
 */
export function requestMetaFrom(req: IncomingMessage): RequestMeta {
	return readAtDoor.get(req) ?? readRequestMeta(req, TRUST_NOBODY);
}

/**
 * Why a state-changing request must be refused as cross-site, or undefined when it may pass.
 *
 * - `Sec-Fetch-Site`, when sent, must be `same-origin` or `none` (typed in the address bar).
 *   `same-site` is refused too: a sibling subdomain is not necessarily ours.
 * - `Origin`, when sent, must name the host the request was sent to (the Host header), as
 *   Lucia's guide checks it. The scheme is not compared, so a TLS-terminating proxy works.
 * - Neither header: not a browser (curl, the admin CLI, a test client). Every browser this
 *   app supports sends Origin on a POST, and a client that sends neither cannot be made to
 *   carry a victim's cookies, so there is nothing to forge.
 */
export function crossSiteProblem(meta: Pick<RequestMeta, 'origin' | 'host' | 'secFetchSite'>) {
	const site = meta.secFetchSite;
	if (site !== undefined && site !== 'same-origin' && site !== 'none') {
		return `Sec-Fetch-Site is ${site}`;
	}
	if (meta.origin !== undefined) {
		let originHost: string;
		try {
			originHost = new URL(meta.origin).host;
		} catch {
			return `Origin ${meta.origin} is not a URL`;
		}
		if (!meta.host || originHost.toLowerCase() !== meta.host.toLowerCase()) {
			return `Origin ${meta.origin} does not match the host ${meta.host ?? '(none)'}`;
		}
	}
	return undefined;
}
