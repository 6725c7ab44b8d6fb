import { signBody, SIGNATURE_HEADER } from './signature.js';
import { WebhookDeliveryError, type WebhookEndpoint, type WebhookJobData } from './webhook-types.js';

/** Statuses worth another attempt besides 5xx: timeout and rate limiting. */
const RETRY_4XX = new Set([408, 409, 425, 429]);

/**
 * Whether a receiver's HTTP status is worth retrying.
 *
 * @example
 * retryableStatus(500) // true
 * retryableStatus(429) // true
 * retryableStatus(404) // false
 */
export function retryableStatus(status: number): boolean {
  return status >= 500 || RETRY_4XX.has(status);
}

/**
 * POSTs one delivery to its endpoint, signed (`X-Timeline-Signature`), with
 * its delivery id and type in headers. Resolves with the receiver's status
 * on 2xx; otherwise throws a `WebhookDeliveryError` that says whether to retry.
 */
export async function deliverWebhook(
  endpoint: WebhookEndpoint,
  job: { id: string; data: WebhookJobData; attempt: number },
  opts: { timeoutMs: number; userAgent: string; now?: () => number },
): Promise<number> {
  const t = Math.floor((opts.now ?? Date.now)() / 1000);
  let res: Response;
  try {
    res = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': opts.userAgent,
        'x-timeline-delivery': job.id,
        'x-timeline-event': job.data.type,
        'x-timeline-attempt': String(job.attempt),
        [SIGNATURE_HEADER]: signBody(endpoint.secret, t, job.data.body),
      },
      body: job.data.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const e = err as Error;
    const msg = e.name === 'TimeoutError' ? `no answer within ${opts.timeoutMs} ms` : (e.message || 'network error').slice(0, 200);
    throw new WebhookDeliveryError('TL_ERR_WEBHOOK_NETWORK', `webhook ${endpoint.id}: ${msg}`, true);
  }
  // The body is not needed; release the connection.
  await res.body?.cancel().catch(() => {});
  if (res.status >= 200 && res.status < 300) return res.status;
  throw new WebhookDeliveryError('TL_ERR_WEBHOOK_HTTP', `webhook ${endpoint.id}: receiver answered ${res.status}`, retryableStatus(res.status), res.status);
}
