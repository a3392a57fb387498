import { z } from 'zod';
import { AFGOERELSES_KODER } from '../status/citizen-status';
import { FREMDRIFT_TILSTANDE } from '../status/fremdrift.state-machine';
import {
  actorUrnSchema,
  envelopeShape,
  freeText,
  handlingsfacetSchema,
  kleEmneSchema,
  partySchema,
  text,
  uuidSchema,
  virkningSchema,
} from './common.schema';
import {
  MAX_BESKRIVELSE_LENGTH,
  MAX_NOTAT_BYTES,
  MAX_SAGSNUMMER_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TITEL_LENGTH,
} from './index-object.constants';

export const fremdriftSchema = z.strictObject({
  tilstand: z.enum(FREMDRIFT_TILSTANDE),
  virkning: virkningSchema,
});

/** A link to a Dokument, optionally with the title the document has on this sag. */
export const journalpostDokumentSchema = z.strictObject({
  dokumentUuid: uuidSchema,
  titel: text(MAX_TITEL_LENGTH).optional(),
});

/** A journal note (citizens do not see these today). */
export const journalpostNotatSchema = z.strictObject({
  notat: z.strictObject({
    titel: text(MAX_TITEL_LENGTH),
    tekst: z.string().refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_NOTAT_BYTES, {
      message: `at most ${MAX_NOTAT_BYTES} bytes (100 KB)`,
      params: { rule: 'LENGTH' },
    }),
  }),
});

export const journalpostSchema = z.union([journalpostDokumentSchema, journalpostNotatSchema]);

export const sagSchema = z.strictObject({
  ...envelopeShape('sag'),
  /** The public-safe title (when exempt from public access, `alternativTitel` holds the real one). */
  titel: text(MAX_TITEL_LENGTH),
  alternativTitel: text(MAX_TEXT_LENGTH).optional(),
  sagsnummer: text(MAX_SAGSNUMMER_LENGTH),
  beskrivelse: freeText(MAX_BESKRIVELSE_LENGTH).optional(),
  /** The source system's own status text. */
  kildeStatus: freeText(MAX_TITEL_LENGTH).optional(),
  fremdrift: z.array(fremdriftSchema).min(1),
  /** Ansvarlig org unit [1]. */
  ansvarlig: z.strictObject({ urn: actorUrnSchema, virkning: virkningSchema }),
  /** Primær behandler [0..1]: never shown to citizens. */
  primaerBehandler: z
    .strictObject({ urn: actorUrnSchema, navn: text(MAX_TITEL_LENGTH).optional(), virkning: virkningSchema })
    .optional(),
  primaerPart: partySchema.optional(),
  sekundaerParter: z.array(partySchema).optional(),
  ydelsesmodtager: partySchema.optional(),
  /** Primær klasse [1]: a KLE emne. */
  primaerKlasse: z.strictObject({ kle: kleEmneSchema, virkning: virkningSchema }),
  /** Handlingsklasse [1]: a KLE handlingsfacet. */
  handlingsklasse: z.strictObject({ facet: handlingsfacetSchema, virkning: virkningSchema }),
  afgoerelsesklasse: z.strictObject({ kode: z.enum(AFGOERELSES_KODER), virkning: virkningSchema }).optional(),
  journalposter: z.array(journalpostSchema).optional(),
});

export type Journalpost = z.infer<typeof journalpostSchema>;
export type Sag = z.infer<typeof sagSchema>;
