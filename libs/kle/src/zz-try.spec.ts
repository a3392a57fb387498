import { readFileSync } from 'node:fs';
import { importKleCsvWithWarnings } from './importers/kle-csv.importer';
it('tries', () => {
  const t0 = Date.now();
  const r = importKleCsvWithWarnings(readFileSync('/work/shared/data/kle/os2compliance-kle-mapping.csv', 'utf8'));
  console.log(Date.now() - t0, r.catalogue.emner().length, r.catalogue.hovedgrupper().length, r.catalogue.grupper().length, r.catalogue.size);
  console.log(r.warnings.join('\n'));
  console.log(r.catalogue.hovedgrupper().map((n) => `${n.nummer} ${n.titel}`).join('\n'));
  console.log(r.catalogue.emner().filter((n) => n.udgaaet).map((n) => `${n.nummer} ${n.titel} ${n.udgaaet}`).join('\n'));
});
