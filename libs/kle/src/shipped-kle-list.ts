import path from 'node:path';

/**
 * The KLE list shipped in the repository (libs/kle/data/README.md): KL's mapping of processing
 * activities to KLE emner as OS2compliance publishes it, and the catalogue version it is stored as.
 */
export const SHIPPED_KLE_LIST = {
  file: path.resolve(__dirname, '../data/os2compliance-kle-mapping.csv'),
  version: 'os2compliance-2025-08-18',
} as const;
