import { z } from 'zod';
import { amountSchema, dateSchema, envelopeShape, kleEmneSchema, partySchema, text, uuidSchema } from './common.schema';
import { MAX_TEXT_LENGTH, MAX_TITEL_LENGTH } from './index-object.constants';

/** One line (DelAf) of a payment: which granted benefit, which period, how much. */
export const effektueringLinjeSchema = z.strictObject({
  bevillingUuid: uuidSchema,
  ydelseId: text(MAX_TITEL_LENGTH),
  periodeStart: dateSchema,
  periodeSlut: dateSchema,
  beloeb: amountSchema,
  kle: kleEmneSchema,
});

/** Økonomisk effektuering: a payment, "like a payslip". Amounts are decimal strings. */
export const effektueringSchema = z.strictObject({
  ...envelopeShape('effektuering'),
  part: partySchema,
  periodeStart: dateSchema,
  periodeSlut: dateSchema,
  /** When the money is at the citizen's disposal. */
  dispositionsdato: dateSchema,
  bruttobeloeb: amountSchema,
  beloebEfterSkat: amountSchema,
  beloebTilUdbetaling: amountSchema,
  udbetaltBeloeb: amountSchema,
  /** Texts explaining differences, e.g. set-off (modregning). */
  forklaringer: z.array(text(MAX_TEXT_LENGTH)).optional(),
  udbetalendeEnhed: text(MAX_TITEL_LENGTH).optional(),
  linjer: z.array(effektueringLinjeSchema).min(1),
});

export type Effektuering = z.infer<typeof effektueringSchema>;
