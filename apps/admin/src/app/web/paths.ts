import path from 'node:path';

/** The workspace root (node_modules), from this file in apps/admin/src/app/web. */
export const WORKSPACE_ROOT_OF_ADMIN = path.resolve(__dirname, '../../../../..');
