import { z } from 'zod';
import type { OverviewResponse } from './overview.types';

/**
 * The answer's shape as a schema: the OpenAPI document is generated from it, and tests check every
 * answer against it. Mirrors overview.types.ts (a unit test keeps the two in step).
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const amount = z
  .string()
  .regex(/^-?[0-9]+(\.[0-9]+)?$/)
  .describe('Decimal string, never a float');
const handler = z.object({ type: z.enum(['KOMMUNE', 'UDBETALING_DANMARK']), navn: z.string() });
const kleRef = z.object({ nummer: z.string(), titel: z.string() });
const status = z.object({
  kode: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  tekst: z.string(),
});
const naesteUdbetaling = z.object({
  dato: date,
  beloeb: amount,
  bevillingId: z.string(),
  ydelseId: z.string(),
  ydelse: z.string(),
  udbetaler: handler,
});

export const overviewSagSchema = z.object({
  id: z.uuid(),
  titel: z.string(),
  kle: kleRef,
  sagsnummer: z.string(),
  status,
  statusforloeb: z.array(status.extend({ fra: z.string() })),
  oprettet: z.string(),
  afgjort: z.string().nullable(),
  afsluttet: z.string().nullable(),
  behandlesAf: handler,
  dokumenter: z.array(z.object({ id: z.uuid(), titel: z.string(), type: z.string(), dato: date.nullable() })),
  selvbetjeningslink: z.string().nullable(),
  borgerDkArtikel: z.string().nullable(),
  kontaktpunkter: z.array(
    z.object({
      type: z.enum(['DIGITAL_POST', 'TELEFON', 'EMAIL', 'HJEMMESIDE', 'FYSISK']),
      typeTekst: z.string(),
      vaerdi: z.string(),
      tekst: z.string().nullable(),
    }),
  ),
});

export const overviewBevillingSchema = z.object({
  id: z.uuid(),
  sagId: z.uuid(),
  startdato: date,
  slutdato: date.nullable(),
  udbetaler: handler,
  ydelser: z.array(
    z.object({
      id: z.string(),
      navn: z.string(),
      kle: kleRef,
      startdato: date,
      slutdato: date.nullable(),
      tilbagebetalingspligtig: z.boolean(),
      betalingsplan: z
        .object({
          frekvens: z.string(),
          forudBagud: z.string(),
          dispositionsdagTekst: z.string().nullable(),
          beloeb: amount,
        })
        .nullable(),
    }),
  ),
  naesteUdbetaling: naesteUdbetaling.nullable(),
});

export const overviewUdbetalingSchema = z.object({
  id: z.uuid(),
  bevillingIds: z.array(z.uuid()),
  periodeStart: date,
  periodeSlut: date,
  dispositionsdato: date,
  bruttobeloeb: amount,
  beloebEfterSkat: amount,
  beloebTilUdbetaling: amount,
  udbetaltBeloeb: amount,
  forklaringer: z.array(z.string()),
  udbetaler: handler,
  linjer: z.array(
    z.object({
      bevillingId: z.uuid(),
      ydelseId: z.string(),
      periodeStart: date,
      periodeSlut: date,
      beloeb: amount,
      kle: kleRef,
    }),
  ),
});

export const overviewResponseSchema = z.object({
  version: z.literal(1),
  kommuner: z.array(
    z.object({
      cvr: z.string(),
      navn: z.string(),
      sager: z.array(overviewSagSchema),
      ydelser: z.object({
        bevillinger: z.array(overviewBevillingSchema),
        udbetalinger: z.array(overviewUdbetalingSchema),
      }),
    }),
  ),
  naesteUdbetaling: naesteUdbetaling.nullable(),
  daekning: z.object({
    tekst: z.string(),
    kommuner: z.array(
      z.object({
        cvr: z.string(),
        navn: z.string(),
        fagsystemer: z.array(z.object({ id: z.string(), navn: z.string() })),
        emner: z.array(
          z.object({
            kle: kleRef,
            fraDato: date,
            aktiveSagerFoerFraDato: z.boolean(),
            fagsystemer: z.array(z.string()),
          }),
        ),
      }),
    ),
  }),
});

export const accessLogResponseSchema = z.object({
  tekst: z.string(),
  opslag: z.array(
    z.object({
      tidspunkt: z.string(),
      klient: z.string(),
      formaal: z.string(),
      formaalTekst: z.string(),
      kommuner: z.array(z.object({ cvr: z.string(), navn: z.string() })),
      antalOplysninger: z.number().int(),
    }),
  ),
});

// the schema and the hand-written types must describe the same answer (a compile error otherwise)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesTypes: Same<z.infer<typeof overviewResponseSchema>, OverviewResponse> = true;
