import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { ERROR_STATUS, type ErrorCode } from '../errors.ts';
import type { RouteDef } from './route.ts';
import { errorResponse } from '../usecases/schemas.ts';

/** Errors any route can answer with, whatever it declares. */
const COMMON_ERRORS: ErrorCode[] = ['internal_error'];

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function errorResponses(codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...codes, ...COMMON_ERRORS])) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      {
        description: `Error with code ${list.map((c) => `\`${c}\``).join(' or ')}`,
        content: { 'application/json': { schema: errorResponse } },
      },
    ]),
  );
}

/**
 * With AUTH_MODE=none there is no authenticated user to fall back on: an operation that needs a user
 * lists `userId` as required (as the seed's contract has it, and as the MCP tool list does).
 */
function requireUserIds(doc: ReturnType<OpenApiGeneratorV31['generateDocument']>, routes: RouteDef[]): void {
  for (const r of routes) {
    if (r.operation.user !== 'required') continue;
    const op = doc.paths?.[toOpenApiPath(r.path)]?.[r.method] as
      | {
          parameters?: Array<{ name?: string; in?: string; required?: boolean }>;
          requestBody?: { content?: Record<string, { schema?: { required?: string[]; properties?: object } }> };
        }
      | undefined;
    for (const p of op?.parameters ?? []) if (p.in === 'query' && p.name === 'userId') p.required = true;
    const schema = op?.requestBody?.content?.['application/json']?.schema;
    if (schema?.properties && 'userId' in schema.properties && !schema.required?.includes('userId'))
      schema.required = ['userId', ...(schema.required ?? [])];
  }
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(
  routes: RouteDef[],
  info: { version: string; serverUrl?: string; userRequired?: boolean },
) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'With AUTH_MODE=apikey an API key (`npm run apikey:create`), with AUTH_MODE=jwt a JWT of the configured issuer. Not needed with AUTH_MODE=none.',
  });
  for (const r of routes) {
    // Every route but the public ones may answer 401 (when authentication is on) and 429.
    const errors: ErrorCode[] = r.public ? r.errors : [...r.errors, 'unauthorized', 'forbidden', 'rate_limited'];
    const successContent = { [r.success.contentType ?? 'application/json']: { schema: r.success.schema } };
    registry.registerPath({
      method: r.method,
      path: toOpenApiPath(r.path),
      summary: r.summary,
      description: r.description,
      tags: r.tags,
      request: {
        ...(r.body ? { body: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
        ...(r.query ? { query: r.query as never } : {}),
        ...(r.params ? { params: r.params as never } : {}),
      },
      responses: {
        [r.success.status]: { description: r.success.description, content: successContent },
        ...errorResponses(errors),
      },
      ...(r.public ? { security: [] } : { security: [{ [bearer.name]: [] }, {}] }),
    });
  }
  const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Calmly API',
      version: info.version,
      description:
        'Calmly suggests emotionally intelligent replies for difficult moments. Every error has the shape `{"error":{"code","message","details?"}}` with a stable code.',
    },
    servers: info.serverUrl ? [{ url: info.serverUrl }] : [],
  });
  if (info.userRequired) requireUserIds(doc, routes);
  return doc;
}
