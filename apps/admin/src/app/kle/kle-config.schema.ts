import { z } from 'zod';
import type { KleConfigLine } from '@overblik/domain';

const nullableUrl = z
  .string()
  .max(2048)
  .nullable()
  .optional()
  .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

/** The body of one KLE configuration line (shape only; the domain rules check the values). */
export const kleConfigLineBody = z
  .object({
    shown: z.boolean(),
    fraDato: z.string().max(10),
    activeCaseOverride: z.boolean().default(false),
    titleSource: z.enum(['KLE', 'SAG']).default('KLE'),
    documentTitles: z.boolean().default(false),
    selfserviceUrl: nullableUrl,
    borgerdkUrl: nullableUrl,
    fagsystemFilter: z.array(z.string().max(100)).max(50).default([]),
    contactPoints: z
      .array(
        z.strictObject({
          type: z.string().max(40),
          value: z.string().max(255),
          label: z.string().max(100).nullable().default(null),
        }),
      )
      .max(10)
      .default([]),
  })
  .strict();

export type KleConfigLineBody = z.infer<typeof kleConfigLineBody>;

export const reasonBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const moveBody = z.object({ from: z.string().max(20) }).strict();

export const lineOf = (kle: string, body: KleConfigLineBody): KleConfigLine => ({ kle, ...body });
