import { z } from 'zod';
import { aBevilling, aDokument, anEffektuering, aSag } from '../testing/factories';
import { bevillingSchema } from './bevilling.schema';
import { FORMAT_RULES } from './common.schema';
import { deliveryItemSchema, indexObjectSchema } from './delivery-item.schema';
import { dokumentSchema } from './dokument.schema';
import { effektueringSchema } from './effektuering.schema';
import {
  MAX_BESKRIVELSE_LENGTH,
  MAX_NOTAT_BYTES,
  MAX_SAGSNUMMER_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TITEL_LENGTH,
} from './index-object.constants';
import { sagSchema } from './sag.schema';

describe('index object schemas', () => {
  it.each([
    ['sag', sagSchema, aSag()],
    ['dokument', dokumentSchema, aDokument()],
    ['bevilling', bevillingSchema, aBevilling()],
    ['effektuering', effektueringSchema, anEffektuering()],
  ])('accepts a %s from the factory unchanged', (_kind, schema: z.ZodType, object) => {
    expect(schema.parse(object)).toEqual(object);
    expect(indexObjectSchema.parse(object)).toEqual(object);
  });

  it.each([
    ['a sag as a dokument', dokumentSchema, aSag()],
    ['a bevilling as an effektuering', effektueringSchema, aBevilling()],
  ])('refuses %s', (_name, schema: z.ZodType, object) => {
    expect(schema.safeParse(object).success).toBe(false);
  });

  it('keeps the limits of the standard', () => {
    expect([MAX_SAGSNUMMER_LENGTH, MAX_TITEL_LENGTH, MAX_TEXT_LENGTH, MAX_BESKRIVELSE_LENGTH, MAX_NOTAT_BYTES]).toEqual(
      [50, 255, 1024, 4096, 102_400],
    );
  });

  it('exports as JSON Schema with the party URN and amount patterns', () => {
    const json = JSON.stringify(z.toJSONSchema(deliveryItemSchema));
    expect([
      json.includes('"pattern":"^urn:oio:(?:cpr-nr:\\\\d{10}|cvr-nr:\\\\d{8}|pnr:\\\\d{10})$"'),
      json.includes('"pattern":"^-?[0-9]+(\\\\.[0-9]+)?$"'),
    ]).toEqual([true, true]);
  });

  it('names a rule for each pattern it checks', () => {
    expect([...FORMAT_RULES.values()].map((r) => r.rule)).toEqual([
      'PARTY-URN',
      'AMOUNT-DECIMAL',
      'KLE-FORMAT',
      'KLE-FORMAT',
      'SCHEMA-FORMAT',
      'SCHEMA-FORMAT',
      'SCHEMA-UUID-RFC4122',
    ]);
  });
});
