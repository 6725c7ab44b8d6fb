import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature of a webhook delivery. */
export const SIGNATURE_HEADER = 'x-timeline-signature';

/**
 * Signs a webhook body: HMAC-SHA256 with the endpoint's secret over
 * `"<unix seconds>.<body>"`, as `t=<unix seconds>,v1=<hex>`. The timestamp is
 * signed too, so a receiver can refuse replays older than a few minutes.
 *
 * @example
 * signBody('0123456789abcdef', 1700000000, '{"a":1}') // 't=1700000000,v1=5d0c…'
 */
export function signBody(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * Checks a signature header against the body (what a receiver does): the
 * MAC must match and the timestamp be within `toleranceSeconds` of `now`.
 *
 * @example
 * verifySignature('0123456789abcdef', signBody('0123456789abcdef', 1700000000, 'x'), 'x', { now: 1700000010 }) // true
 * verifySignature('0123456789abcdef', 't=1,v1=00', 'x', { now: 1700000010 })                                     // false
 */
export function verifySignature(secret: string, header: unknown, body: string, opts: { now?: number; toleranceSeconds?: number } = {}): boolean {
  if (typeof header !== 'string' || header.length > 1000) return false;
  const parts = new Map(header.split(',').map((kv) => kv.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
