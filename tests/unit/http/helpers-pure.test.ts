import { describe, expect, it } from 'vitest';
import { formatTimex, groupKey } from '../../../src/http/page/format-date.js';
import { escapeHtml, safeHttpUrl, truncate } from '../../../src/http/page/html.js';
import { checkCredentials, parseBasicAuth, safeEqual } from '../../../src/http/dashboard/credentials.js';
import { parseEventQuery, parseKinds, parseDateParam } from '../../../src/http/event-query.js';
import { AppError } from '../../../src/http/app-error.js';
import { dashboardRewriteUrl } from '../../../src/http/plugins/dashboard.js';

const b64 = (s: string) => 'Basic ' + Buffer.from(s, 'utf8').toString('base64');

describe('formatTimex', () => {
  it.each([
    ['2019', 'year', undefined, '2019'],
    ['2019-12', 'month', undefined, 'December 2019'],
    ['2019-12-02', 'day', undefined, 'Mon 2 Dec 2019'],
    ['2019-12-02T15:30', 'minute', undefined, 'Mon 2 Dec 2019, 15:30'],
    ['2019-12-02T15:30', 'day', undefined, 'Mon 2 Dec 2019'],
    ['2019-W48', 'week', undefined, 'week 48, 2019'],
    ['2019-Q3', 'quarter', undefined, 'Q3 2019'],
    ['2019-H2', 'half', undefined, 'second half of 2019'],
    ['2019-SU', 'season', undefined, 'summer 2019'],
    ['199', 'decade', undefined, '1990s'],
    ['19', 'century', undefined, '20th century'],
    ['2019', 'year', 'APPROX', 'c. 2019'],
    ['2019-12', 'month', 'START', 'early December 2019'],
    ['2019-12', 'month', 'END', 'late December 2019'],
    ['2019-12', 'month', 'BOGUS', 'December 2019'],
    ['2019-02-30', 'day', undefined, '2019-02-30'],
    ['tomorrow', 'day', undefined, 'tomorrow'],
  ])('%s (%s, %s) -> %s', (value, grain, mod, expected) => {
    expect(formatTimex(value, grain, mod)).toBe(expected);
  });

  it('groups day-or-finer values by day', () => {
    expect(groupKey('2019-12-02T15:30')).toBe('2019-12-02');
    expect(groupKey('2019-12')).toBe('2019-12');
  });

  it('survives huge input quickly', () => {
    const t = Date.now();
    expect(formatTimex('9'.repeat(200_000), 'day').length).toBeLessThanOrEqual(40);
    expect(Date.now() - t).toBeLessThan(200);
  });
});

describe('escapeHtml / safeHttpUrl / truncate', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml('<a href="x" onclick=\'y\'>&`')).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml('a\u0000b\u0007c\nd')).toBe('abc\nd');
    expect(escapeHtml('x\ud800y')).toBe('x\ufffdy');
    expect(escapeHtml('بكين 2 ديسمبر 2019 (شينخوا) 😀')).toBe('بكين 2 ديسمبر 2019 (شينخوا) 😀');
  });

  it('only keeps absolute http(s) URLs', () => {
    expect(safeHttpUrl('https://example.com/a?b=1&c="2"')).toBe('https://example.com/a?b=1&c=%222%22');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl(' JavaScript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });

  it('truncates on a word boundary', () => {
    expect(truncate('The quick brown fox', 12)).toBe('The quick…');
    expect(truncate('short', 12)).toBe('short');
  });

  it('escapes a 1 MB hostile string in linear time', () => {
    const s = '<'.repeat(500_000) + '\ud800'.repeat(250_000);
    const t = Date.now();
    const out = escapeHtml(s);
    expect(out.startsWith('&lt;&lt;')).toBe(true);
    expect(Date.now() - t).toBeLessThan(1000);
  });
});

describe('credentials', () => {
  const auth = { adminUser: 'admin', adminPassword: 'pw', viewerUser: 'view', viewerPassword: 'vpw' };
  it('grants roles by exact user and password', () => {
    expect(checkCredentials(auth, 'admin', 'pw')).toBe('admin');
    expect(checkCredentials(auth, 'view', 'vpw')).toBe('viewer');
    expect(checkCredentials(auth, 'admin', 'vpw')).toBeNull();
    expect(checkCredentials(auth, 'view', 'pw')).toBeNull();
    expect(checkCredentials(auth, 'Admin', 'pw')).toBeNull();
    expect(checkCredentials(auth, 'admin', 'pw ')).toBeNull();
  });
  it('refuses everyone when the admin password is null, and viewers when not configured', () => {
    expect(checkCredentials({ ...auth, adminPassword: null }, 'admin', '')).toBeNull();
    expect(checkCredentials({ ...auth, adminPassword: null }, 'view', 'vpw')).toBeNull();
    expect(checkCredentials({ adminUser: 'admin', adminPassword: 'pw', viewerUser: 'view', viewerPassword: '' }, 'view', '')).toBeNull();
  });
  it('safeEqual compares any lengths', () => {
    expect(safeEqual('a', 'a')).toBe(true);
    expect(safeEqual('a', 'ab')).toBe(false);
  });
  it('parses Basic headers', () => {
    expect(parseBasicAuth(b64('u:p:with:colons'))).toEqual({ user: 'u', pass: 'p:with:colons' });
    expect(parseBasicAuth(b64('ünï:cødé'))).toEqual({ user: 'ünï', pass: 'cødé' });
    expect(parseBasicAuth(b64('nocolon'))).toBeNull();
    expect(parseBasicAuth(b64('a\u0001:b'))).toBeNull();
    expect(parseBasicAuth('Bearer abc')).toBeNull();
    expect(parseBasicAuth(undefined)).toBeNull();
  });
  it('rewrites only valid viewer requests under the dashboard path', () => {
    const rw = dashboardRewriteUrl(auth);
    const viewer = { authorization: b64('view:vpw') };
    expect(rw({ url: '/admin/queues', headers: viewer })).toBe('/admin/queues-readonly');
    expect(rw({ url: '/admin/queues/api/queues?x=1', headers: viewer })).toBe('/admin/queues-readonly/api/queues?x=1');
    expect(rw({ url: '/admin/queues?x=1', headers: viewer })).toBe('/admin/queues-readonly?x=1');
    expect(rw({ url: '/admin/queuesX', headers: viewer })).toBe('/admin/queuesX');
    expect(rw({ url: '/api/events', headers: viewer })).toBe('/api/events');
    expect(rw({ url: '/admin/queues/api/queues', headers: { authorization: b64('admin:pw') } })).toBe('/admin/queues/api/queues');
    expect(rw({ url: '/admin/queues/api/queues', headers: { authorization: b64('view:bad') } })).toBe('/admin/queues/api/queues');
    expect(rw({ url: '/admin/queues/api/queues', headers: {} })).toBe('/admin/queues/api/queues');
  });
});

describe('event query parsing', () => {
  it('parses kinds, dedupes, lowercases', () => {
    expect(parseKinds('meeting, Visit ,meeting,,')).toEqual(['meeting', 'visit']);
    expect(parseKinds(undefined)).toEqual([]);
    expect(() => parseKinds('meeting,war')).toThrow(AppError);
  });
  it('validates calendar dates', () => {
    expect(parseDateParam('from', '2019-12')).toEqual({ value: '2019-12', start: '2019-12-01', end: '2019-12-31' });
    expect(parseDateParam('to', '2020-02-29').end).toBe('2020-02-29');
    for (const bad of ['2019-13-45', '2019-02-29', '2019-00', '19', '2019-1-1', '2019-12-02T10:00', ' 2019']) {
      let err: unknown;
      try {
        parseDateParam('from', bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(AppError);
      expect((err as AppError).statusCode).toBe(400);
      expect((err as AppError).details?.param).toBe('from');
    }
  });
  it('builds a store query, treating empty strings as absent', () => {
    expect(parseEventQuery({ from: '2019', to: '', kind: 'visit,call', entity: ' Q1 ', q: '', limit: 20, order: 'asc' })).toEqual({
      from: '2019',
      kind: ['visit', 'call'],
      entity: 'Q1',
      limit: 20,
      order: 'asc',
    });
    expect(() => parseEventQuery({ from: '2019-12-02', to: '2019-12-01' })).toThrow(/before/);
    expect(parseEventQuery({ from: '2019-12', to: '2019-12-01' })).toMatchObject({ from: '2019-12', to: '2019-12-01' });
  });
});
