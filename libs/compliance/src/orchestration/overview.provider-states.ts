import type { DataSource } from 'typeorm';
import {
  aBevilling,
  aDokument,
  anEffektuering,
  aSag,
  aVirkning,
  cprUrn,
  type Party,
  syntheticUuid,
} from '@overblik/domain';
import { ReferenceDataRepository } from '@overblik/persistence';
import { seedCitizenOverview, TEST_FAGSYSTEM, TEST_MUNICIPALITY } from '@overblik/testing';
import { CONTRACT_CITIZENS, type OpenCaseStateParams } from './overview-contract';

/**
 * The provider's side of the overview contract's states: each one resets the citizen it speaks about,
 * then seeds real rows (the read model, through the real projection) into the API's test database.
 * Dates are relative to today, so the next payment always lies ahead, whatever day the pact runs.
 */

/** The municipality shows the emne from 2020 with letters, a self-service link, an article and a contact point (DOMAIN.md §3.8, §3.10). */
async function configureEmne(db: DataSource, { kommune, kle }: OpenCaseStateParams): Promise<void> {
  await new ReferenceDataRepository(db).saveKleConfig({
    municipalityCvr: kommune,
    kle,
    shown: true,
    fraDato: '2020-01-01',
    activeCaseOverride: true,
    titleSource: 'KLE',
    documentTitles: true,
    selfserviceUrl: 'https://selvbetjening.testby.example/kontanthjaelp',
    borgerdkUrl: 'https://www.borger.example/kontanthjaelp',
    fagsystemFilter: [],
    contactPoints: [{ type: 'TELEFON', value: '70 10 20 30', label: 'Jobcenter Testby, ydelsesteamet' }],
  });
}

const pad = (n: number): string => String(n).padStart(2, '0');
/** The first day of the month `offset` months from this one (UTC calendar), as YYYY-MM-DD. */
function monthStart(offset: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-01`;
}
function monthEnd(offset: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset + 1, 0));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
const at9 = (day: string): string => `${day}T09:00:00Z`;
const plusDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const ownedBy = (cvr: string) => ({
  ejer: { cvr },
  itSystem: { master: TEST_FAGSYSTEM.id, afsender: TEST_FAGSYSTEM.id },
});

/**
 * An open case on the emne `kle` of municipality `kommune` (opened three months ago, informed, decided in
 * the citizen's favour two months ago) with the decision letter, a monthly grant from the decision, and the
 * last two months paid. The municipality must be one the test fagsystem is connected to.
 */
export async function seedCitizenWithOpenCase(
  db: DataSource,
  params: OpenCaseStateParams,
  cpr: string = CONTRACT_CITIZENS.withOpenCase,
): Promise<void> {
  if (params.kommune !== TEST_MUNICIPALITY.cvr)
    throw new Error(`the contract's fagsystem is connected to ${TEST_MUNICIPALITY.cvr} only, not ${params.kommune}`);
  if (!/^\d{2}\.\d{2}\.\d{2}$/.test(params.kle)) throw new Error(`not a KLE emne: ${params.kle}`);
  await configureEmne(db, params);
  const { kle } = params;
  const owned = ownedBy(params.kommune);
  const party = (fra: string): Party => ({ urn: cprUrn(cpr), navn: 'Kontrakt Borger', virkning: aVirkning(fra) });
  const opened = at9(monthStart(-3));
  const informed = at9(plusDays(monthStart(-3), 17));
  const decided = at9(monthStart(-2));
  // ids per citizen (the index keeps a UUID forever; two citizens never share a case)
  const id = (name: string): string => syntheticUuid(`contract:open-case:${cprUrn(cpr)}:${name}`);
  const ids = {
    sag: id('sag'),
    dokument: id('afgoerelse'),
    bevilling: id('bevilling'),
    payments: [id('udbetaling:1'), id('udbetaling:2')],
  };
  const sag = aSag({
    ...owned,
    uuid: ids.sag,
    tidspunkt: decided,
    sagsnummer: 'S-KONTRAKT-0001',
    primaerPart: party(opened),
    primaerKlasse: { kle, virkning: aVirkning(opened) },
    fremdrift: [
      { tilstand: 'Opstaaet', virkning: aVirkning(opened, informed) },
      { tilstand: 'Oplyst', virkning: aVirkning(informed, decided) },
      { tilstand: 'Afgjort', virkning: aVirkning(decided) },
    ],
    afgoerelsesklasse: { kode: 'FOR', virkning: aVirkning(decided) },
    journalposter: [{ dokumentUuid: ids.dokument }],
  });
  const dokument = aDokument({
    ...owned,
    uuid: ids.dokument,
    tidspunkt: decided,
    brevdato: monthStart(-2),
    parter: [party(decided)],
  });
  const bevilling = aBevilling({
    ...owned,
    uuid: ids.bevilling,
    tidspunkt: decided,
    sagUuid: ids.sag,
    part: party(decided),
    startdato: monthStart(-2),
  });
  bevilling.ydelser = bevilling.ydelser.map((y) => ({ ...y, startdato: monthStart(-2), kle }));
  const effektueringer = [-2, -1].map((offset, i) =>
    anEffektuering({
      ...owned,
      uuid: ids.payments[i],
      tidspunkt: at9(monthEnd(offset)),
      part: party(decided),
      periodeStart: monthStart(offset),
      periodeSlut: monthEnd(offset),
      dispositionsdato: monthEnd(offset),
      linjer: [
        {
          bevillingUuid: ids.bevilling,
          ydelseId: 'ydelse-1',
          periodeStart: monthStart(offset),
          periodeSlut: monthEnd(offset),
          beloeb: '12550.00',
          kle,
        },
      ],
    }),
  );
  await seedCitizenOverview(db, { cpr }); // reset
  await seedCitizenOverview(db, {
    cpr,
    sager: [sag],
    dokumenter: [dokument],
    bevillinger: [bevilling],
    effektueringer,
  });
}

/** Nothing stored for the citizen (an empty seed removes the read model row). */
export async function seedCitizenWithNothing(db: DataSource): Promise<void> {
  await seedCitizenOverview(db, { cpr: CONTRACT_CITIZENS.withNothing });
}
