import { readFileSync } from 'node:fs';
import { generateAdminOpenApi, openApiConfig, openApiText } from './openapi.document';
import { ADMIN_OPENAPI_FILE } from './write-openapi';

describe('the checked-in OpenAPI document (apps/admin/openapi.json)', () => {
  it('equals the document generated from the code (run `npm run openapi` after changing the admin API)', async () => {
    const generated = openApiText(await generateAdminOpenApi(await openApiConfig()));
    const doc = JSON.parse(generated);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/held', '/v1/kommuner/{cvr}/tilbageholdt', '/v1/kommuner/{cvr}/ordliste']),
    );
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/kommuner') || p.startsWith('/log-ind'))).toEqual([]);
    expect(doc.paths['/v1/kommuner/{cvr}/ordliste'].post.responses['403'].content).toHaveProperty([
      'application/problem+json',
    ]);
    expect(generated).toBe(readFileSync(ADMIN_OPENAPI_FILE, 'utf8'));
  });
});
