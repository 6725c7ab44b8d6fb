/**
 * What the read-only admin pages next to the queue dashboard (feed health,
 * recall ledger) share: the dashboard's HTTP Basic check and an HTML reply
 * whose CSP allows only the page's own nonce-tagged styles.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../app-error.js';
import { sendError } from '../error-handler.js';
import { checkCredentials, parseBasicAuth, type DashboardAuth } from './credentials.js';

/** CSP of an admin page: nothing but its inline styles tagged with `nonce`, and data: images. */
const adminPageCsp = (nonce: string): string =>
  `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/**
 * Answers an admin page request: throws TL_ERR_DASHBOARD_DISABLED when no admin
 * password is set, sends a 401 with a Basic challenge unless the credentials are
 * the admin's or the viewer's (the pages only read), and otherwise sends the
 * HTML that `render` builds with a fresh nonce (`render` runs only once signed in).
 */
export async function sendAdminPage(
  req: Pick<FastifyRequest, 'headers'>,
  reply: FastifyReply,
  auth: DashboardAuth,
  render: (nonce: string) => Promise<string>,
): Promise<FastifyReply> {
  if (!auth.adminPassword) {
    throw new AppError('TL_ERR_DASHBOARD_DISABLED', 'the admin pages are disabled: set ADMIN_PASSWORD to enable them');
  }
  const creds = parseBasicAuth(req.headers.authorization);
  if (!creds || !checkCredentials(auth, creds.user, creds.pass)) {
    reply.header('www-authenticate', 'Basic realm="wire-timeline queues"');
    return sendError(reply, new AppError('TL_ERR_UNAUTHORIZED', 'authentication required: use the dashboard credentials (HTTP Basic)'));
  }
  const nonce = randomBytes(16).toString('base64');
  const html = await render(nonce);
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', adminPageCsp(nonce))
    .send(html);
}
