import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateAdminOpenApi, openApiConfig, openApiText } from './openapi.document';

export const ADMIN_OPENAPI_FILE = path.resolve(__dirname, '../../../openapi.json');

/** `npm run openapi`: regenerate apps/admin/openapi.json from the code. */
async function main(): Promise<void> {
  writeFileSync(ADMIN_OPENAPI_FILE, openApiText(await generateAdminOpenApi(await openApiConfig())));
  process.stdout.write(`wrote ${path.relative(process.cwd(), ADMIN_OPENAPI_FILE)}\n`);
}

if (require.main === module) {
  main()
    .then(() => process.exit(0))
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    });
}
