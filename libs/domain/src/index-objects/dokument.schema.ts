import { z } from 'zod';
import { dateSchema, envelopeShape, partySchema, text } from './common.schema';
import { DOKUMENTTYPER, DOKUMENT_TILSTANDE, MAX_TITEL_LENGTH } from './index-object.constants';

export const dokumentSchema = z.strictObject({
  ...envelopeShape('dokument'),
  titel: text(MAX_TITEL_LENGTH),
  dokumenttype: z.enum(DOKUMENTTYPER),
  /** Mandatory on incoming letters: a delivery rule (DOKUMENT-BREVDATO-REQUIRED), not the schema. */
  brevdato: dateSchema.optional(),
  tilstand: z.enum(DOKUMENT_TILSTANDE),
  parter: z.array(partySchema),
});

export type Dokument = z.infer<typeof dokumentSchema>;
