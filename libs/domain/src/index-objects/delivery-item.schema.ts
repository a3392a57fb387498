import { z } from 'zod';
import { bevillingSchema } from './bevilling.schema';
import {
  dateTimeSchema,
  ejerSchema,
  foelsomhedSchema,
  itSystemSchema,
  uuidSchema,
  visningsklasseSchema,
} from './common.schema';
import { unsafeTextsIn } from './delivered-text.check';
import { dokumentSchema } from './dokument.schema';
import { effektueringSchema } from './effektuering.schema';
import { OBJECT_TYPES } from './index-object.constants';
import { sagSchema } from './sag.schema';

/** One complete registration of any kind, told apart by `objectType`. */
export const indexObjectSchema = z.discriminatedUnion('objectType', [
  sagSchema,
  dokumentSchema,
  bevillingSchema,
  effektueringSchema,
]);

/**
 * What a remove needs: the envelope. Other fields are allowed and dropped (a source may send the whole
 * object); `foelsomhed` may be left out.
 */
export const removedObjectSchema = z.object({
  objectType: z.enum(OBJECT_TYPES),
  uuid: uuidSchema,
  tidspunkt: dateTimeSchema,
  itSystem: itSystemSchema,
  ejer: ejerSchema,
  foelsomhed: foelsomhedSchema.optional(),
  visningsklasser: z.array(visningsklasseSchema).optional(),
});

export const upsertDeliveryItemSchema = z.strictObject({
  operation: z.enum(['import', 'update']),
  object: indexObjectSchema,
});

export const removeDeliveryItemSchema = z.strictObject({
  operation: z.literal('remove'),
  object: removedObjectSchema,
});

const deliveryItemShapeSchema = z.discriminatedUnion('operation', [upsertDeliveryItemSchema, removeDeliveryItemSchema]);

/**
 * One item of a delivery: import (with full history), update (a new registration) or remove. Every
 * string in it, field names and fields the format does not have included, is first checked for what
 * cannot be stored (SCHEMA-NUL-CHARACTER, SCHEMA-LONE-SURROGATE); an item that holds one is refused with
 * those violations alone, before its structure is looked at.
 */
export const deliveryItemSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    for (const unsafe of unsafeTextsIn(value))
      ctx.addIssue({ code: 'custom', path: unsafe.path, message: unsafe.message, params: { rule: unsafe.rule } });
  })
  .pipe(deliveryItemShapeSchema);

export type IndexObject = z.infer<typeof indexObjectSchema>;
export type RemovedObject = z.infer<typeof removedObjectSchema>;
export type UpsertDeliveryItem = z.infer<typeof upsertDeliveryItemSchema>;
export type DeliveryItem = z.infer<typeof deliveryItemSchema>;
