/**
 * Behind a load balancer: X-Forwarded-For and X-Forwarded-Proto count only when a proxy that
 * TRUST_PROXY names sent them, so per-IP limits see the reader and cookies are Secure under
 * https; the same headers from anyone else change nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import {
	forwardedInfo,
	parseTrustProxy,
	type TrustProxy
} from '../../server/http/trusted-proxies.ts';
import { startTestStack, type TestStack } from './relay-fixtures.ts';

function trust(spec: string): TrustProxy {
	const parsed = parseTrustProxy(spec);
	if (typeof parsed === 'string') throw new Error(parsed);
	return parsed;
}

describe('TRUST_PROXY', () => {
	it('accepts addresses, subnets, `loopback` and hop counts, and names what it refuses', () => {
		expect(trust('').kind).toBe('none');
		expect(trust('0').kind).toBe('none');
		expect(trust('2')).toEqual({ kind: 'hops', hops: 2 });
		expect(trust('10.0.0.0/8, 192.168.1.7, fd00::/8, loopback').kind).toBe('addresses');
		expect(parseTrustProxy('10.0.0.0/33')).toMatch(/prefix/);
		expect(parseTrustProxy('balancer.internal')).toMatch(/not an IP address/);
		expect(() => loadConfig({ TRUST_PROXY: '10.0.0.1/abc' })).toThrow(/TRUST_PROXY/);
		expect(loadConfig({ TRUST_PROXY: '10.0.0.1' }).trustProxy.kind).toBe('addresses');
	});
});

describe('who the client is', () => {
	const xff = (value: string, proto?: string) => ({
		'x-forwarded-for': value,
		...(proto ? { 'x-forwarded-proto': proto } : {})
	});

	it('believes nobody by default: the peer is the client, and no header makes it https', () => {
		expect(forwardedInfo(trust(''), '10.0.0.5', xff('203.0.113.9', 'https'))).toEqual({
			ip: '10.0.0.5'
		});
	});

	it('takes the address a trusted balancer forwarded for, and the scheme it saw', () => {
		const lb = trust('10.0.0.0/8');
		expect(forwardedInfo(lb, '::ffff:10.0.0.5', xff('203.0.113.9', 'https'))).toEqual({
			ip: '203.0.113.9',
			proto: 'https'
		});
	});

	it('ignores the headers when the peer is not a trusted proxy', () => {
		const lb = trust('10.0.0.0/8');
		expect(forwardedInfo(lb, '198.51.100.4', xff('203.0.113.9', 'https'))).toEqual({
			ip: '198.51.100.4'
		});
	});

	it('stops at the first untrusted hop, so a forged leftmost entry is not believed', () => {
		const lb = trust('10.0.0.0/8');
		// The reader (203.0.113.9) sent a forged X-Forwarded-For; the balancer appended its address.
		const forged = xff('1.2.3.4, 203.0.113.9', 'http, https');
		expect(forwardedInfo(lb, '10.0.0.5', forged)).toEqual({ ip: '203.0.113.9', proto: 'https' });
	});

	it('walks a chain of trusted proxies (a CDN in front of the balancer)', () => {
		const chain = trust('10.0.0.0/8, 172.16.0.0/12');
		const info = forwardedInfo(chain, '10.0.0.5', xff('203.0.113.9, 172.16.4.4', 'https, http'));
		expect(info).toEqual({ ip: '203.0.113.9', proto: 'https' });
	});

	it('counts hops when the proxies’ addresses are not known', () => {
		const oneHop = trust('1');
		expect(forwardedInfo(oneHop, '10.9.9.9', xff('1.2.3.4, 203.0.113.9'))).toEqual({
			ip: '203.0.113.9',
			proto: undefined
		});
	});

	it('keeps the last address it can name when a proxy forwards junk', () => {
		expect(forwardedInfo(trust('loopback'), '127.0.0.1', xff('not-an-ip'))).toEqual({
			ip: '127.0.0.1',
			proto: undefined
		});
	});
});

describe('over HTTP', () => {
	let stack: TestStack | undefined;
	afterEach(async () => {
		await stack?.close();
		stack = undefined;
	});

	async function signUpAs(headers: Record<string, string>) {
		const res = await fetch(`${stack!.relay.url}/trpc/auth.signUp`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify({
				email: `reader-${Math.random().toString(36).slice(2)}@example.com`,
				password: 'correct horse battery staple'
			})
		});
		return { status: res.status, cookies: res.headers.getSetCookie() };
	}

	it('limits sign-ups per reader behind a trusted balancer, not per balancer', async () => {
		// The test client connects from 127.0.0.1: here that is the balancer.
		stack = await startTestStack({ TRUST_PROXY: 'loopback', SIGN_UPS_PER_IP_PER_HOUR: '1' });
		expect((await signUpAs({ 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
		expect((await signUpAs({ 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);
		expect((await signUpAs({ 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
	});

	it('counts a forged X-Forwarded-For against the sender when no proxy is trusted', async () => {
		stack = await startTestStack({ SIGN_UPS_PER_IP_PER_HOUR: '1' });
		expect((await signUpAs({ 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
		expect((await signUpAs({ 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);
	});

	it('counts it against the sender when the trusted proxies are elsewhere', async () => {
		stack = await startTestStack({ TRUST_PROXY: '10.0.0.0/8', SIGN_UPS_PER_IP_PER_HOUR: '1' });
		expect((await signUpAs({ 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
		expect((await signUpAs({ 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);
	});

	it('makes the session cookie Secure when a trusted proxy says https', async () => {
		stack = await startTestStack({ TRUST_PROXY: 'loopback' });
		const https = await signUpAs({ 'x-forwarded-proto': 'https' });
		expect(https.status).toBe(200);
		expect(https.cookies.find((c) => c.startsWith('session='))).toMatch(/; Secure/);
		const http = await signUpAs({});
		expect(http.cookies.find((c) => c.startsWith('session='))).not.toMatch(/Secure/);
	});

	it('ignores X-Forwarded-Proto from anyone else: no Secure cookie over plain http', async () => {
		stack = await startTestStack({ TRUST_PROXY: '10.0.0.0/8' });
		const forged = await signUpAs({ 'x-forwarded-proto': 'https' });
		expect(forged.status).toBe(200);
		expect(forged.cookies.find((c) => c.startsWith('session='))).not.toMatch(/Secure/);
	});
});
