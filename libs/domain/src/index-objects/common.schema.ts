import { z } from 'zod';
import { PARTY_URN_PATTERN } from '../cpr/party-urn';
import { AMOUNT_PATTERN } from '../money/money';
import {
  VISNINGSKLASSE_KODER,
  VISNINGSKLASSE_UNKNOWN,
  VISNINGSKLASSER,
  visningsklasseKode,
  type VisningsklasseKode,
} from '../visningsklasse';
import {
  AKTOER_TYPER,
  FOELSOMHEDER,
  MAX_AMOUNT_LENGTH,
  MAX_TITEL_LENGTH,
  type ObjectType,
} from './index-object.constants';

export const CVR_PATTERN = /^\d{8}$/;
export const KLE_EMNE_PATTERN = /^\d{2}\.\d{2}\.\d{2}$/;
/** A KLE handlingsfacet: category letter A|P|S|Ø|G|K|I and two digits, e.g. G01. */
export const HANDLINGSFACET_PATTERN = /^[APSØGKI]\d{2}$/;
/** Any URN (RFC 8141 shape): used for actors such as the responsible org unit. */
export const URN_PATTERN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/;
/**
 * An RFC 4122 (RFC 9562) UUID: the variant bits `10` and a version 1–8. The nil and max UUIDs are no
 * object's identity and are refused. Intake and the overview answer share this one definition.
 */
export const RFC4122_UUID_PATTERN =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/**
 * The rule id and message reported when a value does not match one of the patterns above. Looked up by
 * the pattern's `toString()` (what zod reports), so schema and violations share one definition.
 */
export const FORMAT_RULES: ReadonlyMap<string, { rule: string; message: string }> = new Map([
  [
    PARTY_URN_PATTERN.toString(),
    {
      rule: 'PARTY-URN',
      message: 'expected urn:oio:cpr-nr:<10 digits>, urn:oio:cvr-nr:<8 digits> or urn:oio:pnr:<10 digits>',
    },
  ],
  [AMOUNT_PATTERN.toString(), { rule: 'AMOUNT-DECIMAL', message: 'expected a decimal string like 1234.50' }],
  [KLE_EMNE_PATTERN.toString(), { rule: 'KLE-FORMAT', message: 'expected a KLE emne NN.NN.NN' }],
  [HANDLINGSFACET_PATTERN.toString(), { rule: 'KLE-FORMAT', message: 'expected a KLE handlingsfacet like G01' }],
  [CVR_PATTERN.toString(), { rule: 'SCHEMA-FORMAT', message: 'expected a CVR number of 8 digits' }],
  [URN_PATTERN.toString(), { rule: 'SCHEMA-FORMAT', message: 'expected a URN (urn:<namespace>:<id>)' }],
  [
    RFC4122_UUID_PATTERN.toString(),
    { rule: 'SCHEMA-UUID-RFC4122', message: 'expected an RFC 4122 UUID (variant 10, version 1–8)' },
  ],
]);

/** A text of 1..max characters. */
export const text = (max: number): z.ZodString => z.string().min(1).max(max);
/** A text of 0..max characters (optional free texts may be empty). */
export const freeText = (max: number): z.ZodString => z.string().max(max);

export const uuidSchema = z.string().regex(RFC4122_UUID_PATTERN).meta({ format: 'uuid' });
/** An ISO 8601 date-time with `Z` or an offset. */
export const dateTimeSchema = z.iso.datetime({ offset: true });
/** A calendar date `YYYY-MM-DD`. */
export const dateSchema = z.iso.date();
export const amountSchema = z.string().max(MAX_AMOUNT_LENGTH).regex(AMOUNT_PATTERN);
export const partyUrnSchema = z.string().regex(PARTY_URN_PATTERN);
export const actorUrnSchema = z.string().max(MAX_TITEL_LENGTH).regex(URN_PATTERN);
export const cvrSchema = z.string().regex(CVR_PATTERN);
export const kleEmneSchema = z.string().regex(KLE_EMNE_PATTERN);
export const handlingsfacetSchema = z.string().regex(HANDLINGSFACET_PATTERN);
export const fagsystemIdSchema = text(MAX_TITEL_LENGTH);
export const foelsomhedSchema = z.enum(FOELSOMHEDER);

export const virkningSchema = z.strictObject({
  fra: dateTimeSchema,
  til: dateTimeSchema.nullable().optional(),
  aktoerRef: text(MAX_TITEL_LENGTH).optional(),
  aktoerType: z.enum(AKTOER_TYPER).optional(),
});

export const partySchema = z.strictObject({
  urn: partyUrnSchema,
  navn: text(MAX_TITEL_LENGTH),
  virkning: virkningSchema,
});

/** A Visningsklasse as the index keeps it: its code from the code list. */
export const storedVisningsklasseSchema = z.strictObject({
  kode: z.enum(VISNINGSKLASSE_KODER),
  virkning: virkningSchema,
});

/**
 * A delivered Visningsklasse: the code or the standard's title in `kode`, `titel` or both, in any
 * spelling `visningsklasseKode` accepts; kept as its code alone. One that names no known class is
 * refused (VISNINGSKLASSE-UNKNOWN) rather than stored and shown.
 */
export const visningsklasseSchema = z
  .strictObject({
    kode: text(MAX_TITEL_LENGTH).optional(),
    titel: text(MAX_TITEL_LENGTH).optional(),
    virkning: virkningSchema,
  })
  .superRefine((v, ctx) => {
    if (v.kode === undefined && v.titel === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['kode'],
        message: 'required: the code or the title of the visningsklasse',
        params: { rule: 'SCHEMA-REQUIRED' },
      });
    for (const field of ['kode', 'titel'] as const) {
      const spelling = v[field];
      // an empty or too long text is reported by its own rule
      if (spelling === undefined || spelling.length === 0 || spelling.length > MAX_TITEL_LENGTH) continue;
      if (visningsklasseKode(spelling) === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `unknown visningsklasse; expected one of ${VISNINGSKLASSER.map((k) => `${k.kode} ("${k.titel}")`).join(', ')}`,
          params: { rule: VISNINGSKLASSE_UNKNOWN },
        });
    }
  })
  .transform((v) => ({
    kode: visningsklasseKode((v.kode ?? v.titel) as string) as VisningsklasseKode,
    virkning: v.virkning,
  }))
  .pipe(storedVisningsklasseSchema);

export const itSystemSchema = z.strictObject({ master: fagsystemIdSchema, afsender: fagsystemIdSchema });
export const ejerSchema = z.strictObject({ cvr: cvrSchema });

/** The fields every delivered registration carries, whatever its kind. */
export function envelopeShape<T extends ObjectType>(objectType: T) {
  return {
    objectType: z.literal(objectType),
    uuid: uuidSchema,
    /** When the registration changed at the source. Ordering is by this time. */
    tidspunkt: dateTimeSchema,
    itSystem: itSystemSchema,
    ejer: ejerSchema,
    foelsomhed: foelsomhedSchema,
    visningsklasser: z.array(visningsklasseSchema).optional(),
  };
}

export type Party = z.infer<typeof partySchema>;
