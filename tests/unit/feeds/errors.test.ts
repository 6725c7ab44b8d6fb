import { describe, expect, it } from 'vitest';
import { FetchNetworkError, networkFailureOf } from '../../../src/feeds/errors/fetch-network-error.js';
import { HttpStatusError } from '../../../src/feeds/errors/http-status-error.js';
import { parseFeed } from '../../../src/feeds/parse-feed.js';

describe('FetchNetworkError', () => {
  it('classifies the transport failure from the innermost cause code', () => {
    expect(networkFailureOf('ENOTFOUND')).toBe('dns');
    expect(networkFailureOf('EAI_AGAIN')).toBe('dns');
    expect(networkFailureOf('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('tls');
    expect(networkFailureOf('ERR_TLS_CERT_ALTNAME_INVALID')).toBe('tls');
    expect(networkFailureOf('CERT_HAS_EXPIRED')).toBe('tls');
    expect(networkFailureOf('ECONNREFUSED')).toBe('refused');
    expect(networkFailureOf('ECONNRESET')).toBe('reset');
    expect(networkFailureOf(null)).toBe('other');
  });

  it('names the reason undici hides behind "fetch failed"; a bad certificate is not retried', () => {
    const dnsCause = Object.assign(new Error('getaddrinfo ENOTFOUND feed.invalid'), { code: 'ENOTFOUND' });
    const dns = new FetchNetworkError('http://feed.invalid/', new TypeError('fetch failed', { cause: dnsCause }));
    expect(dns).toMatchObject({ code: 'TL_ERR_FETCH_NETWORK', failure: 'dns', causeCode: 'ENOTFOUND', retryable: true });
    expect(dns.message).toBe('DNS failure fetching http://feed.invalid/: ENOTFOUND getaddrinfo ENOTFOUND feed.invalid');
    const tlsCause = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const tls = new FetchNetworkError('https://127.0.0.1:1/', new TypeError('fetch failed', { cause: tlsCause }));
    expect(tls).toMatchObject({ failure: 'tls', retryable: false });
    expect(new FetchNetworkError('http://x/', 'weird')).toMatchObject({ failure: 'other', causeCode: null, retryable: true });
  });

  it('HTTP statuses: 404/410 are final, 5xx and 429 retryable', () => {
    expect(new HttpStatusError('u', 404).retryable).toBe(false);
    expect(new HttpStatusError('u', 410).retryable).toBe(false);
    expect(new HttpStatusError('u', 500).retryable).toBe(true);
    expect(new HttpStatusError('u', 429, 1000)).toMatchObject({ retryable: true, retryAfterMs: 1000 });
  });
});

describe('parseFeed: what a non-feed is', () => {
  it('says empty body and HTML page', async () => {
    await expect(parseFeed('')).rejects.toThrow('Not a feed: empty body');
    await expect(parseFeed('  \n ')).rejects.toThrow('Not a feed: empty body');
    await expect(parseFeed('<!DOCTYPE html><html><body><p>Hi</p></body></html>')).rejects.toThrow('Not a feed: an HTML page');
    await expect(parseFeed('<html lang="en"><body>x</body></html>')).rejects.toThrow('Not a feed: an HTML page');
    await expect(parseFeed('<<< &&& >>>')).rejects.toThrow('Not a feed: no RSS, Atom or RDF root and no items');
  });
});
