import { readFileSync } from 'node:fs';
import { generateDevKeyPair, loadConfig } from '@overblik/platform';
import { apiConfigSchema } from '../api.config';
import { generateApiOpenApi, openApiText } from './openapi.document';
import { OPENAPI_FILE } from './write-openapi';

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
});
