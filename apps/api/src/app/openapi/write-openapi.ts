import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateDevKeyPair, loadConfig } from '@overblik/platform';
import { apiConfigSchema } from '../api.config';
import { generateApiOpenApi, openApiText } from './openapi.document';

export const OPENAPI_FILE = path.resolve(__dirname, '../../../openapi.json');

/** `npm run openapi`: regenerate apps/api/openapi.json from the code. */
async function main(): Promise<void> {
  const { jwks } = await generateDevKeyPair('openapi');
  const config = loadConfig(apiConfigSchema, {
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    REDIS_URL: 'redis://127.0.0.1:1',
    CPR_HASH_KEY: 'unused-for-the-openapi-document-only',
    VENDOR_JWKS: jwks,
    ORCHESTRATION_JWKS: jwks,
    LOG_LEVEL: 'silent',
  });
  writeFileSync(OPENAPI_FILE, openApiText(await generateApiOpenApi(config)));
  process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}\n`);
}

if (require.main === module) {
  main()
    .then(() => process.exit(0))
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    });
}
