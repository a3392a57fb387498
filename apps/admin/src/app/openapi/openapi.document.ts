import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { generateDevKeyPair, loadConfig, openApiDocument } from '@overblik/platform';
import { type AdminConfig, adminConfigSchema } from '../admin.config';
import { ADMIN_OPENAPI } from '../admin.app';
import { AdminModule } from '../admin.module';
import { SESSION_COOKIE } from '../auth/session';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; `rule` names the rule that refused, `violations` point at the input',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    rule: { type: 'string' },
    violations: {
      type: 'array',
      items: {
        type: 'object',
        properties: { rule: { type: 'string' }, pointer: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const PROBLEMS: Record<string, string> = {
  '400': 'Bad input (a Danish message per field in violations)',
  '401': 'ADMIN-LOGIN-REQUIRED: no session and no valid bearer token',
  '403': 'ADMIN-ROLE-FORBIDDEN, ADMIN-MUNICIPALITY-FORBIDDEN or ADMIN-CSRF-INVALID',
  '404': 'No such municipality or record',
};

/** A configuration that connects to nothing, for generating the document. */
export async function openApiConfig(): Promise<AdminConfig> {
  const { jwks } = await generateDevKeyPair('openapi');
  return loadConfig(adminConfigSchema, {
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    REDIS_URL: 'redis://127.0.0.1:1',
    CPR_HASH_KEY: 'unused-for-the-openapi-document-only',
    ADMIN_JWKS: jwks,
    LOG_LEVEL: 'silent',
  });
}

/**
 * The administration's OpenAPI 3.1 document (the JSON API; the pages are left out), generated without
 * connecting to anything; every operation documents its problem+json answers and both ways in (a
 * bearer token with scope admin, or the session cookie with its CSRF token).
 */
export async function generateAdminOpenApi(config: AdminConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AdminModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    const doc = openApiDocument(app, ADMIN_OPENAPI);
    doc.components = {
      ...doc.components,
      securitySchemes: {
        ...doc.components?.securitySchemes,
        [SESSION_COOKIE]: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The session of a logged-in administrator; a change also needs the x-csrf-token header',
        },
      },
      schemas: { ...doc.components?.schemas, Problem: PROBLEM_SCHEMA },
    };
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item) as Array<{ responses?: Record<string, unknown> }>) {
        if (!op || typeof op !== 'object' || !('responses' in op)) continue;
        for (const [status, description] of Object.entries(PROBLEMS)) {
          op.responses![status] ??= {
            description,
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          };
        }
      }
    }
    return doc;
  } finally {
    await app.close();
  }
}

/** Stable text for the checked-in copy (apps/admin/openapi.json). */
export const openApiText = (doc: OpenAPIObject): string => `${JSON.stringify(doc, null, 2)}\n`;
