/**
 * Story identity: canonical URLs, content hashes and stable story ids.
 */
import { createHash } from 'node:crypto';

/** Query parameters that only track the reader; removed from canonical URLs. */
const TRACKING_EXACT: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'yclid',
  'ocid',
  'cmpid',
  'cmp',
  'ref',
  'ref_src',
  'referrer',
  'feedtype',
  'feedname',
  'mc_cid',
  'mc_eid',
  'igshid',
  'smid',
  'smtyp',
  'spm',
  'ito',
  'ns_mchannel',
  'ns_campaign',
  'ns_source',
  'ns_linkname',
  'ns_fee',
  'at_medium',
  'at_campaign',
  'at_custom1',
  'at_custom2',
  'at_custom3',
  'at_custom4',
]);
/** Prefixes of tracking parameter names (lowercase). */
const TRACKING_PREFIXES: readonly string[] = ['utm_', 'rss', 'wt.', 'pk_', 'mtm_', '__twitter', 'hmb_'];

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_EXACT.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/**
 * Canonical form of an http(s) URL: lowercase host, no fragment, no default port,
 * no tracking parameters, remaining parameters sorted. Null for anything else.
 *
 * @example
 * canonicalUrl('HTTP://Example.COM/a?utm_source=x&b=2&a=1#top') // 'http://example.com/a?a=1&b=2'
 * canonicalUrl('/news/1', 'https://site.org/feed') // 'https://site.org/news/1'
 * canonicalUrl('javascript:alert(1)') // null
 */
export function canonicalUrl(url: string | null | undefined, base?: string | null): string | null {
  if (typeof url !== 'string') return null;
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.length > 8192) return null;
  let u: URL;
  try {
    u = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  u.username = '';
  u.password = '';
  const kept: Array<[string, string]> = [];
  for (const [k, v] of u.searchParams) if (!isTrackingParam(k)) kept.push([k, v]);
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  u.search = kept.length > 0 ? new URLSearchParams(kept).toString() : '';
  return u.toString();
}

/**
 * Resolve a possibly relative link to an absolute http(s) URL (no other cleaning), or null.
 *
 * @example
 * resolveUrl('../b', 'http://x.org/a/c/') // 'http://x.org/a/b'
 */
export function resolveUrl(url: string | null | undefined, base?: string | null): string | null {
  if (typeof url !== 'string') return null;
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.length > 8192) return null;
  try {
    const u = base ? new URL(trimmed, base) : new URL(trimmed);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

function normalizeForHash(s: string | null | undefined): string {
  return (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * sha256 hex of the NFC-normalized, whitespace-collapsed `title + "\n" + text`.
 *
 * @example
 * contentHashOf(' Hello  world ', 'Body\n text') === contentHashOf('Hello world', 'Body text') // true
 */
export function contentHashOf(title: string | null | undefined, text: string | null | undefined): string {
  return sha256Hex(`${normalizeForHash(title)}\n${normalizeForHash(text)}`);
}

/**
 * Stable story id: `'s_' + sha256(canonicalUrl || 'guid:'+guid || 'hash:'+contentHash)[0:24]`.
 *
 * @example
 * storyIdFor({ url: 'https://x.org/a?utm_source=rss', guid: null, contentHash: 'ab' })
 *   === storyIdFor({ url: 'https://X.org/a#x', guid: 'other', contentHash: 'cd' }) // true
 */
export function storyIdFor(parts: { url?: string | null; guid?: string | null; contentHash: string }): string {
  const canon = canonicalUrl(parts.url ?? null);
  const guid = parts.guid?.trim();
  const key = canon ? canon : guid ? `guid:${guid}` : `hash:${parts.contentHash}`;
  return `s_${sha256Hex(key).slice(0, 24)}`;
}
