import { z } from 'zod';
import { ACCESS_PURPOSES, type AccessPurpose, type Cpr, parseCpr } from '@overblik/domain';
import { problem, type ProblemViolation } from '@overblik/platform';

const purposes = Object.keys(ACCESS_PURPOSES) as [AccessPurpose, ...AccessPurpose[]];

/** The CPR number is checked by hand so that no message ever repeats it. */
export const overviewRequestSchema = z.strictObject({
  cpr: z.string().max(11).describe("The citizen's CPR number, DDMMYYSSSS or DDMMYY-SSSS. Only ever in the body."),
  formaal: z
    .enum(purposes)
    .describe('Why the client reads the data; recorded in the access log and shown to the citizen.'),
  kommuner: z
    .array(z.string().regex(/^[0-9]{8}$/))
    .max(200)
    .optional()
    .describe('Municipality CVRs to report coverage for (e.g. where the citizen lives); default every connected one.'),
});

export const accessLogRequestSchema = z.strictObject({
  cpr: z.string().max(11).describe("The citizen's CPR number; the call needs the citizen's own assertion."),
});

function violationsOf(error: z.ZodError): ProblemViolation[] {
  return error.issues.map((i) => ({
    rule: i.code === 'unrecognized_keys' ? 'UNKNOWN-FIELD' : 'SCHEMA',
    pointer: `/${i.path.map(String).join('/')}`,
    // zod messages name the expected type, never the value given
    message: i.message,
  }));
}

function parseBody<T extends { cpr: string }>(schema: z.ZodType<T>, body: unknown): { request: T; cpr: Cpr } {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw problem(422, 'request-invalid', 'The request body does not match the schema', {
      violations: violationsOf(parsed.error),
    });
  const cpr = parseCpr(parsed.data.cpr);
  if (!cpr.ok) {
    throw problem(422, 'cpr-invalid', 'The CPR number is not valid', {
      violations: [
        {
          rule: cpr.reason === 'format' ? 'CPR-FORMAT' : 'CPR-DATE',
          pointer: '/cpr',
          message: cpr.reason === 'format' ? 'expected DDMMYYSSSS or DDMMYY-SSSS' : 'not a valid birth date',
        },
      ],
    });
  }
  return { request: parsed.data, cpr: cpr.cpr };
}

export const parseOverviewRequest = (body: unknown) => parseBody(overviewRequestSchema, body);
export const parseAccessLogRequest = (body: unknown) => parseBody(accessLogRequestSchema, body);
