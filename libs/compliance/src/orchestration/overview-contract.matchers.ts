import { MatchersV3 } from '@pact-foundation/pact';

const { boolean, eachLike, equal, like, nullValue, regex } = MatchersV3;

/**
 * The shapes of the overview contract as Pact matchers: what the orchestration layer relies on, in
 * meaning (a CVR is eight digits, an amount is a decimal string, a date is a calendar date) rather than
 * in incidental values. Example values are fixed so the pact file is the same on every run.
 *
 * Mind Pact's cascade: inside `like`/`eachLike` every plain value is matched by type only. A value the
 * contract pins (a status code, a JSON pointer, the municipality asked about) is wrapped in `equal`, and
 * an array whose length means something gets an explicit length rule (`exactLength`).
 */
export const PATTERNS = {
  uuid: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  cpr: '^[0-9]{10}$',
  cvr: '^[0-9]{8}$',
  kleEmne: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$',
  date: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  instant: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$',
  /** Amounts are decimal strings, never floats (DOMAIN.md §2). */
  amount: '^-?[0-9]+(\\.[0-9]+)?$',
  handler: '^(KOMMUNE|UDBETALING_DANMARK)$',
  statusText: '^(Oprettet|Behandles|Afgjort|Afsluttet|Afvist)$',
  contactType: '^(DIGITAL_POST|TELEFON|EMAIL|HJEMMESIDE|FYSISK)$',
  documentType:
    '^(Brev, indgaaende|Brev, udgaaende|Internt Notat|Eksternt Notat|Faktura|Rapport|Dagsorden|Plan|Andet)$',
  httpsUrl: '^https://\\S+$',
  etag: '^(W/)?"[^"]+"$',
  bearer: '^Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
  jwt: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
  retryAfterSeconds: '^[0-9]+$',
  jsonContentType: '^application/json(;.*)?$',
  problemContentType: '^application/problem\\+json(;.*)?$',
} as const;

/**
 * A JWT-shaped placeholder. It is not a credential: the provider verification replaces it with a fresh
 * token signed by a key the API under test trusts.
 */
export const EXAMPLE_BEARER =
  'Bearer eyJhbGciOiJFUzI1NiIsImtpZCI6ImV4YW1wbGUifQ.eyJzY29wZSI6Im92ZXJ2aWV3OnJlYWQifQ.ZXhhbXBsZS1zaWduYXR1cmU';

/** A JWT-shaped placeholder for the citizen assertion; it holds no CPR number (the real one does). */
export const EXAMPLE_ASSERTION =
  'eyJhbGciOiJFUzI1NiIsImtpZCI6ImxvZ2luIn0.eyJhenAiOiJtaXQtb3ZlcmJsaWstb3JjaGVzdHJhdGlvbiJ9.ZXhhbXBsZS1zaWduYXR1cmU';

/** Fixed example ids (any UUID matches). */
export const EXAMPLE_IDS = {
  sag: '6f1c2d3e-4a5b-5c6d-8e7f-0a1b2c3d4e5f',
  dokument: '7a2b3c4d-5e6f-5a7b-8c9d-0e1f2a3b4c5d',
  bevilling: '8b3c4d5e-6f7a-5b8c-9d0e-1f2a3b4c5d6e',
  udbetaling: '9c4d5e6f-7a8b-5c9d-8e1f-2a3b4c5d6e7f',
} as const;

export const uuid = (example: string) => regex(PATTERNS.uuid, example);
export const calendarDate = (example: string) => regex(PATTERNS.date, example);
export const instant = (example: string) => regex(PATTERNS.instant, example);
export const amount = (example: string) => regex(PATTERNS.amount, example);

export const kleRef = (nummer: string, titel: string) => ({
  nummer: regex(PATTERNS.kleEmne, nummer),
  titel: like(titel),
});
export const municipalityHandler = (navn = 'Testby Kommune') => ({
  type: regex(PATTERNS.handler, 'KOMMUNE'),
  navn: like(navn),
});

/** A status of the national value list, pinned to its code and text. */
export const statusValue = (kode: 1 | 2 | 3 | 4 | 5, tekst: string) => ({ kode: equal(kode), tekst: equal(tekst) });
/** A step of a status timeline: pinned status, any instant. */
export const statusStep = (kode: 1 | 2 | 3 | 4 | 5, tekst: string, fra: string) => ({
  ...statusValue(kode, tekst),
  fra: instant(fra),
});

/** A rule for `Rules` (builder.matchingRules): the array at `path` has exactly `n` elements. */
export const exactLength = (path: string, n: number) => ({
  path,
  rules: [{ 'pact:matcher:type': 'type', min: n, max: n } as MatchersV3.Matcher<unknown>],
});

export const nextPayment = () => ({
  dato: calendarDate('2026-11-30'),
  beloeb: amount('12550.00'),
  bevillingId: uuid(EXAMPLE_IDS.bevilling),
  ydelseId: like('ydelse-1'),
  ydelse: like('Kontanthjælp'),
  udbetaler: municipalityHandler(),
});

/** Coverage: which municipalities, KLE emner and systems the answer speaks for ("no case" means something). */
export const coverage = (cvr: string) => ({
  tekst: like('Oversigten omfatter sager og ydelser fra de kommuner, emner og fagsystemer, der er nævnt.'),
  kommuner: eachLike({
    // the municipality asked about is covered
    cvr: equal(cvr),
    navn: like('Testby Kommune'),
    fagsystemer: eachLike({ id: like('fs-test-jobcenter'), navn: like('Test Job') }),
    emner: eachLike({
      kle: kleRef('32.24.04', 'Hjælp til forsørgelse (kontanthjælp mv.)'),
      fraDato: calendarDate('2020-01-01'),
      aktiveSagerFoerFraDato: boolean(true),
      // the emne's fagsystem filter; empty means every connected fagsystem
      fagsystemer: eachLike(like('fs-test-jobcenter'), 0),
    }),
  }),
});

export const problemBody = (slug: string, status: number, title: string) => ({
  type: regex(`^https?://\\S+/problems/${slug}$`, `https://overblik.example/problems/${slug}`),
  title: like(title),
  status,
});

/** A violation pinned to the field it points at (a JSON pointer); rule id and message are the provider's words. */
export const violation = (pointer: string, rule: string, message: string) => ({
  rule: like(rule),
  pointer: equal(pointer),
  message: like(message),
});

export { boolean, eachLike, equal, like, nullValue, regex };
