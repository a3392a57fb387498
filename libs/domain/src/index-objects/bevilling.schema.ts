import { z } from 'zod';
import { amountSchema, dateSchema, envelopeShape, kleEmneSchema, partySchema, text, uuidSchema } from './common.schema';
import {
  BETALINGSFREKVENSER,
  FORUD_BAGUD,
  MAX_TEXT_LENGTH,
  MAX_TITEL_LENGTH,
  UDBETALERE,
} from './index-object.constants';

export const betalingsplanSchema = z.strictObject({
  frekvens: z.enum(BETALINGSFREKVENSER),
  forudBagud: z.enum(FORUD_BAGUD),
  /** e.g. "sidste bankdag i måneden". */
  dispositionsdagTekst: text(MAX_TITEL_LENGTH).optional(),
  beloeb: amountSchema,
});

/** BevilgetYdelse: one granted benefit. */
export const bevilgetYdelseSchema = z.strictObject({
  id: text(MAX_TITEL_LENGTH),
  navn: text(MAX_TITEL_LENGTH),
  startdato: dateSchema,
  slutdato: dateSchema.optional(),
  kle: kleEmneSchema,
  tilbagebetalingspligtig: z.boolean(),
  betalingsplan: betalingsplanSchema.optional(),
});

export const bevillingSchema = z.strictObject({
  ...envelopeShape('bevilling'),
  sagUuid: uuidSchema,
  part: partySchema,
  startdato: dateSchema,
  slutdato: dateSchema.optional(),
  begrundelse: text(MAX_TEXT_LENGTH).optional(),
  ydelser: z.array(bevilgetYdelseSchema).min(1),
  udbetaler: z.enum(UDBETALERE).optional(),
});

export type BevilgetYdelse = z.infer<typeof bevilgetYdelseSchema>;
export type Bevilling = z.infer<typeof bevillingSchema>;
