import { createHash, timingSafeEqual } from 'node:crypto';

export type DashboardRole = 'admin' | 'viewer';

export interface DashboardAuth {
  adminUser: string;
  /** Null disables the dashboard. */
  adminPassword: string | null;
  /** Read-only access; enabled only when both user and password are non-empty. */
  viewerUser?: string | null;
  viewerPassword?: string | null;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Compares two strings in time independent of where they differ (both are
 * hashed first, so their lengths do not leak either).
 *
 * @example
 * safeEqual('s3cret', 's3cret') // true
 * safeEqual('s3cret', 's3creT') // false
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * The role the given credentials grant, or null. Both user and password are
 * always compared (no short-circuit), for admin and for viewer.
 *
 * @example
 * checkCredentials({ adminUser: 'admin', adminPassword: 'pw' }, 'admin', 'pw') // 'admin'
 * checkCredentials({ adminUser: 'admin', adminPassword: 'pw' }, 'admin', 'x')  // null
 */
export function checkCredentials(auth: DashboardAuth, user: string, pass: string): DashboardRole | null {
  if (!auth.adminPassword) return null;
  const adminOk = safeEqual(user, auth.adminUser) && safeEqual(pass, auth.adminPassword);
  const viewerEnabled = Boolean(auth.viewerUser && auth.viewerPassword);
  const viewerUserOk = safeEqual(user, auth.viewerUser ?? '');
  const viewerPassOk = safeEqual(pass, auth.viewerPassword ?? '');
  if (adminOk) return 'admin';
  if (viewerEnabled && viewerUserOk && viewerPassOk) return 'viewer';
  return null;
}

const BASIC_RE = /^basic ([\w.~+/-]+=*)$/i;

/**
 * Decodes an HTTP Basic `Authorization` header (RFC 7617), or null.
 *
 * @example
 * parseBasicAuth('Basic ' + Buffer.from('admin:pw').toString('base64')) // { user: 'admin', pass: 'pw' }
 * parseBasicAuth('Bearer x')                                             // null
 */
export function parseBasicAuth(header: unknown): { user: string; pass: string } | null {
  if (typeof header !== 'string' || header.length > 4096) return null;
  const m = BASIC_RE.exec(header.trim());
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(decoded)) return null;
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  return { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}
