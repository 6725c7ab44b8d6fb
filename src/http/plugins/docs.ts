import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';

export interface DocsOptions {
  version: string;
}

const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** Tags that group routes in the OpenAPI document, by path. */
function tagFor(url: string): string | null {
  if (url.startsWith('/api/events')) return 'events';
  if (url.startsWith('/api/entities')) return 'entities';
  if (url.startsWith('/api/stories')) return 'stories';
  if (url.startsWith('/api/feeds')) return 'feeds';
  if (url.startsWith('/api/webhooks')) return 'webhooks';
  if (url === '/healthz' || url === '/readyz' || url === '/metrics') return 'operations';
  return null;
}

/**
 * OpenAPI 3 document of the API at `/docs/json` and the Swagger UI at `/docs`,
 * on the root instance. Call it before the routes it documents: it collects
 * them as they are added. Only API and operations routes are listed (the page
 * and dashboard are not).
 */
export async function registerDocs(app: FastifyInstance, opts: DocsOptions): Promise<void> {
  // Tag routes by path so that plugins need not repeat it; untagged routes stay out of the document.
  app.addHook('onRoute', (route) => {
    const tag = tagFor(route.url);
    if (!tag) return;
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    if (!schema.tags) route.schema = { ...schema, tags: [tag] };
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'wire-timeline API',
        version: opts.version,
        description:
          'Dated, deduplicated events from news-wire stories. Errors are `{"error": {"code": "TL_ERR_…", "message": "…"}}`. ' +
          'When API keys are configured, send one as `X-API-Key` or `Authorization: Bearer`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          admin: { type: 'http', scheme: 'basic' },
        },
      },
    },
    hideUntagged: true,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP, uiConfig: { deepLinking: false } });
}
