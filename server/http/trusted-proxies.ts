/**
 * Which proxies' X-Forwarded-For and X-Forwarded-Proto the relay believes (`TRUST_PROXY`),
 * and what a request's client address and scheme are once those proxies are peeled off.
 * Anyone can send those headers: believed from anyone else, they would let a client pick
 * the address its per-IP limits count against, or pass for https.
 */
import { BlockList, isIP } from 'node:net';

/** Nobody, a number of hops in front of the relay, or the proxies' addresses and subnets. */
export type TrustProxy =
	| { kind: 'none' }
	| { kind: 'hops'; hops: number }
	| { kind: 'addresses'; list: BlockList; spec: string };

/** The default: the socket's peer is the client, and forwarded headers are ignored. */
export const TRUST_NOBODY: TrustProxy = { kind: 'none' };

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
function plainAddress(address: string): string {
	const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	return v4 ? v4[1] : address;
}

function family(address: string): 'ipv4' | 'ipv6' | undefined {
	const v = isIP(address);
	return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : undefined;
}

/**
 * Parses `TRUST_PROXY`: empty for nobody; a whole number N for "the N hops in front of the
 * relay are proxies" (for balancers whose addresses are not known in advance); or a comma
 * list of addresses and CIDR subnets (`10.0.0.0/8, 192.168.1.7, fd00::/8`), `loopback`
 * standing for 127.0.0.0/8 and ::1. Returns an error message for anything else.
 */
export function parseTrustProxy(spec: string | undefined): TrustProxy | string {
	const text = spec?.trim() ?? '';
	if (text === '') return TRUST_NOBODY;
	if (/^\d+$/.test(text)) {
		const hops = Number(text);
		if (hops > 32) return 'a hop count must be 32 or less';
		return hops === 0 ? TRUST_NOBODY : { kind: 'hops', hops };
	}
	const list = new BlockList();
	for (const raw of text.split(',')) {
		const entry = raw.trim();
		if (entry === '') continue;
		if (entry === 'loopback') {
			list.addSubnet('127.0.0.0', 8, 'ipv4');
			list.addAddress('::1', 'ipv6');
			continue;
		}
		const [address, prefixText, extra] = entry.split('/');
		const type = family(address);
		if (!type || extra !== undefined) return `"${entry}" is not an IP address or CIDR subnet`;
		if (prefixText === undefined) {
			list.addAddress(address, type);
			continue;
		}
		const prefix = /^\d+$/.test(prefixText) ? Number(prefixText) : NaN;
		if (!(prefix <= (type === 'ipv4' ? 32 : 128))) return `"${entry}" has a bad prefix length`;
		list.addSubnet(address, prefix, type);
	}
	return { kind: 'addresses', list, spec: text };
}

/** The comma list of a forwarded header, trimmed, repeated headers joined in order. */
function headerList(value: string | string[] | undefined): string[] {
	const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
	return joined
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '');
}

/** What the relay believes about where a request came from. */
export interface ForwardedInfo {
	/** The client's address: the nearest hop that is not a trusted proxy. */
	ip: string;
	/** The scheme the client used, when a trusted proxy said so; undefined when none did. */
	proto?: string;
}

/**
 * Walks the chain from the socket's peer outwards: while the current hop is a trusted proxy,
 * the address it forwarded for (the rightmost X-Forwarded-For entry not yet read) is the next
 * hop. The first untrusted hop is the client. X-Forwarded-Proto counts only when the peer is
 * trusted; when proxies appended one value each, the outermost trusted proxy's is used.
 */
export function forwardedInfo(
	trust: TrustProxy,
	peer: string | undefined,
	headers: Readonly<Record<string, string | string[] | undefined>>
): ForwardedInfo {
	const socketIp = peer ? plainAddress(peer) : 'unknown';
	if (trust.kind === 'none') return { ip: socketIp };
	const trusted = (address: string, depth: number) => {
		if (trust.kind === 'hops') return depth < trust.hops;
		const type = family(address);
		return type !== undefined && trust.list.check(address, type);
	};
	if (!trusted(socketIp, 0)) return { ip: socketIp };
	const forwardedFor = headerList(headers['x-forwarded-for']);
	let ip = socketIp;
	let proxies = 0;
	while (trusted(ip, proxies) && proxies < forwardedFor.length) {
		const next = plainAddress(forwardedFor[forwardedFor.length - 1 - proxies]);
		// A proxy that forwards junk is the last hop we can name.
		if (!family(next)) break;
		ip = next;
		proxies++;
	}
	const protos = headerList(headers['x-forwarded-proto']).map((p) => p.toLowerCase());
	const hopsSeen = Math.max(1, proxies);
	const proto = protos.length ? protos[Math.max(0, protos.length - hopsSeen)] : undefined;
	return { ip, proto };
}
