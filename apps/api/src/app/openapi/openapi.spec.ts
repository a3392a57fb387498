import { readFileSync } from 'node:fs';
import { generateDevKeyPair, loadConfig } from '@overblik/platform';
import { apiConfigSchema } from '../api.config';
import { generateApiOpenApi, openApiText } from './openapi.document';
import { OPENAPI_FILE } from './write-openapi';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}
const document = (): {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
} => JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));

const operations = () =>
  Object.entries(document().paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const),
  );

describe('the checked-in OpenAPI document (apps/api/openapi.json)', () => {
  it('equals the document generated from the code (run `npm run openapi` after changing the API)', async () => {
    const { jwks } = await generateDevKeyPair('openapi-test');
    const config = loadConfig(apiConfigSchema, {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      REDIS_URL: 'redis://127.0.0.1:1',
      CPR_HASH_KEY: 'unused-for-the-openapi-document-only',
      VENDOR_JWKS: jwks,
      ORCHESTRATION_JWKS: jwks,
      LOG_LEVEL: 'silent',
    });
    const generated = openApiText(await generateApiOpenApi(config));
    expect(JSON.parse(generated).openapi).toBe('3.1.0');
    expect(generated).toBe(readFileSync(OPENAPI_FILE, 'utf8'));
  });

  it('publishes the index objects and the delivery item as schemas a client can be generated from', () => {
    const { schemas } = document().components;
    for (const name of ['Sag', 'Dokument', 'Bevilling', 'Effektuering', 'DeliveryItem', 'DeliveryBatch', 'Problem'])
      expect(schemas[name]).toBeDefined();
    const paths = document().paths;
    expect(paths['/v1/deliveries']!['post']!.requestBody!.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/DeliveryBatch',
    });
    expect(paths['/v1/deliveries/stream']!['post']!.requestBody!.content['application/x-ndjson']!.schema).toMatchObject(
      { $ref: '#/components/schemas/DeliveryItem' },
    );
  });

  it('names each header once, required only where the API refuses a call without it', () => {
    for (const [name, op] of operations()) {
      const headers = (op.parameters ?? []).filter((p) => p.in === 'header');
      const names = headers.map((p) => p.name.toLowerCase());
      expect({ name, names: [...new Set(names)] }).toEqual({ name, names });
      for (const h of headers)
        if (h.name.toLowerCase() !== 'x-citizen-assertion' || name !== 'POST /v1/access-log')
          expect({ name, header: h.name, required: h.required }).toEqual({ name, header: h.name, required: false });
    }
  });

  it('documents the refusals of every operation as problem+json, the body and media refusals where a body is taken', () => {
    for (const [name, op] of operations()) {
      const refusals = Object.entries(op.responses).filter(([status]) => Number(status) >= 400 && status !== '503');
      expect({ name, refusals: refusals.length > 0 }).toEqual({ name, refusals: true });
      for (const [status, response] of refusals)
        expect({ name, status, types: Object.keys(response.content ?? {}) }).toEqual({
          name,
          status,
          types: ['application/problem+json'],
        });
      if (name.startsWith('GET /health')) continue;
      expect({ name, has: ['400', '401', '403', '503'].filter((s) => op.responses[s]) }).toEqual({
        name,
        has: ['400', '401', '403', '503'],
      });
      if (op.requestBody && name !== 'POST /v1/deliveries/stream')
        expect({ name, has: ['413', '415'].filter((s) => op.responses[s]) }).toEqual({ name, has: ['413', '415'] });
    }
  });
});
