import type { EventChangeOp } from '../store/store.js';

/** A configured webhook endpoint (config `webhooks.endpoints[]`). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  events: EventChangeOp[];
  kinds: string[];
  enabled: boolean;
}

/** Webhook settings (config `webhooks`). */
export interface WebhookSettings {
  endpoints: WebhookEndpoint[];
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
  concurrency: number;
  pollMs: number;
}

/**
 * A delivery job of the `webhooks` queue. It names its endpoint rather than
 * carrying the URL and secret (job data shows in the dashboard): the worker
 * looks both up in the configuration when it sends.
 */
export interface WebhookJobData {
  endpointId: string;
  /** `event.created`, `event.updated`, `event.deleted` or `ping`. */
  type: string;
  /** The JSON body, fixed when the job is made so every retry sends the same bytes. */
  body: string;
}

/** Error codes of a failed delivery. */
export type WebhookErrorCode = 'TL_ERR_WEBHOOK_HTTP' | 'TL_ERR_WEBHOOK_NETWORK' | 'TL_ERR_WEBHOOK_UNKNOWN_ENDPOINT';

/** A failed delivery; `retryable` says whether another attempt may succeed. */
export class WebhookDeliveryError extends Error {
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}
