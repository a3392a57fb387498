import { rmSync } from 'node:fs';
import { MatchersV3, PactV4, type TemplateHeaders } from '@pact-foundation/pact';
import type { OverviewRequest } from '@overblik/domain';
import {
  type AccessLogResult,
  type CitizenAccessLog,
  type OverviewCallOptions,
  OverviewApiClient,
  problemSlug,
  type OverviewResult,
} from './overview-api.client';
import {
  CITIZEN_ASSERTION,
  CONTRACT_CITIZENS,
  CONTRACT_MUNICIPALITY_CVR,
  NOT_A_CPR,
  OPEN_CASE_STATE_PARAMS,
  OVERVIEW_CONSUMER,
  OVERVIEW_PACT_FILE,
  OVERVIEW_PROVIDER,
  OVERVIEW_STATES,
  PACT_DIR,
} from './overview-contract';
import {
  amount,
  calendarDate,
  coverage,
  EXAMPLE_ASSERTION,
  EXAMPLE_BEARER,
  EXAMPLE_IDS,
  eachLike,
  equal,
  exactLength,
  instant,
  kleRef,
  like,
  municipalityHandler,
  nextPayment,
  nullValue,
  PATTERNS,
  problemBody,
  regex,
  statusStep,
  statusValue,
  uuid,
  violation,
} from './overview-contract.matchers';

/**
 * The overview contract from the national orchestration layer's side: what it sends for one citizen at
 * login and what it relies on in the answer. Each test drives the orchestration client against Pact's
 * mock provider; the interactions are written to libs/compliance/pacts/ (committed) and verified against
 * the real API by overview.provider.pact-spec.ts.
 */

const pact = new PactV4({ consumer: OVERVIEW_CONSUMER, provider: OVERVIEW_PROVIDER, dir: PACT_DIR, logLevel: 'warn' });

const MIT_OVERBLIK = 'MIT_OVERBLIK';
const EXAMPLE_TOKEN = EXAMPLE_BEARER.slice('Bearer '.length);
const OVERVIEW = '/v1/overview';
const ACCESS_LOG = '/v1/access-log';

const json = regex(PATTERNS.jsonContentType, 'application/json');
const problemJson = regex(PATTERNS.problemContentType, 'application/problem+json');

/** The headers the orchestration client sends; the token and assertion are placeholders the provider replaces. */
function requestHeaders(
  o: { bearer?: boolean; assertion?: boolean; ifNoneMatch?: MatchersV3.Matcher<string> } = {},
): TemplateHeaders {
  const headers: TemplateHeaders = { 'Content-Type': json };
  if (o.bearer !== false) headers['Authorization'] = regex(PATTERNS.bearer, EXAMPLE_BEARER);
  if (o.assertion) headers[CITIZEN_ASSERTION.header] = regex(PATTERNS.jwt, EXAMPLE_ASSERTION);
  if (o.ifNoneMatch) headers['If-None-Match'] = o.ifNoneMatch;
  return headers;
}

const requestBody = (cpr: string) => ({
  cpr: regex(PATTERNS.cpr, cpr),
  formaal: MIT_OVERBLIK,
  kommuner: eachLike(regex(PATTERNS.cvr, CONTRACT_MUNICIPALITY_CVR)),
});
const request = (cpr: string): OverviewRequest => ({
  cpr,
  formaal: MIT_OVERBLIK,
  kommuner: [CONTRACT_MUNICIPALITY_CVR],
});

const client = (baseUrl: string): OverviewApiClient =>
  new OverviewApiClient({ baseUrl, accessToken: () => EXAMPLE_TOKEN });

async function ask(
  baseUrl: string,
  req: OverviewRequest,
  call: OverviewCallOptions & { token?: string | null } = {},
): Promise<OverviewResult> {
  const token = call.token === undefined ? EXAMPLE_TOKEN : call.token;
  return new OverviewApiClient({ baseUrl, accessToken: () => token }).fetchOverview(req, call);
}

function expectProblem(
  result: OverviewResult | AccessLogResult,
  status: number,
  slug: string,
): Extract<OverviewResult, { outcome: 'problem' }> {
  if (result.outcome !== 'problem') throw new Error(`expected a problem, got ${result.outcome}`);
  expect([result.problem.status, problemSlug(result.problem)]).toEqual([status, slug]);
  return result;
}
function expectAccessLog(result: AccessLogResult): CitizenAccessLog {
  if (result.outcome !== 'access-log') throw new Error(`expected the access log, got ${result.outcome}`);
  return result.accessLog;
}
function expectOverview(result: OverviewResult): Extract<OverviewResult, { outcome: 'overview' }> {
  if (result.outcome !== 'overview') throw new Error(`expected an overview, got ${result.outcome}`);
  expect(result.etag).toMatch(new RegExp(PATTERNS.etag));
  return result;
}

/** The case the open-case state seeds: kontanthjælp, opened, informed, decided in the citizen's favour. */
const openCase = {
  id: uuid(EXAMPLE_IDS.sag),
  titel: like('Hjælp til forsørgelse (kontanthjælp mv.)'),
  kle: { nummer: equal(OPEN_CASE_STATE_PARAMS.kle), titel: like('Hjælp til forsørgelse (kontanthjælp mv.)') },
  sagsnummer: like('S2026-000001'),
  status: statusValue(3, 'Afgjort'),
  statusforloeb: [
    statusStep(1, 'Oprettet', '2026-08-03T09:00:00Z'),
    statusStep(2, 'Behandles', '2026-08-20T09:00:00Z'),
    statusStep(3, 'Afgjort', '2026-09-01T09:00:00Z'),
  ],
  oprettet: instant('2026-08-03T09:00:00Z'),
  afgjort: instant('2026-09-01T09:00:00Z'),
  afsluttet: nullValue(),
  behandlesAf: municipalityHandler(),
  dokumenter: eachLike({
    id: uuid(EXAMPLE_IDS.dokument),
    titel: like('Afgørelse om hjælp til forsørgelse'),
    type: regex(PATTERNS.documentType, 'Brev, udgaaende'),
    dato: calendarDate('2026-09-01'),
  }),
  selvbetjeningslink: regex(PATTERNS.httpsUrl, 'https://selvbetjening.testby.example/kontanthjaelp'),
  borgerDkArtikel: regex(PATTERNS.httpsUrl, 'https://www.borger.example/kontanthjaelp'),
  kontaktpunkter: eachLike({
    type: regex(PATTERNS.contactType, 'TELEFON'),
    typeTekst: like('Telefon'),
    vaerdi: like('70 10 20 30'),
    tekst: like('Jobcenter Testby, ydelsesteamet'),
  }),
};

const grantWithPayments = {
  id: uuid(EXAMPLE_IDS.bevilling),
  sagId: uuid(EXAMPLE_IDS.sag),
  startdato: calendarDate('2026-09-01'),
  slutdato: nullValue(),
  udbetaler: municipalityHandler(),
  ydelser: eachLike({
    id: like('ydelse-1'),
    navn: like('Kontanthjælp'),
    kle: kleRef('32.24.04', 'Hjælp til forsørgelse (kontanthjælp mv.)'),
    startdato: calendarDate('2026-09-01'),
    slutdato: nullValue(),
    tilbagebetalingspligtig: MatchersV3.boolean(false),
    betalingsplan: {
      frekvens: like('MAANED'),
      forudBagud: like('BAGUD'),
      dispositionsdagTekst: like('Sidste bankdag i måneden'),
      beloeb: amount('12550.00'),
    },
  }),
  naesteUdbetaling: nextPayment(),
};

const payment = {
  id: uuid(EXAMPLE_IDS.udbetaling),
  bevillingIds: eachLike(uuid(EXAMPLE_IDS.bevilling)),
  periodeStart: calendarDate('2026-10-01'),
  periodeSlut: calendarDate('2026-10-31'),
  dispositionsdato: calendarDate('2026-10-30'),
  bruttobeloeb: amount('12550.00'),
  beloebEfterSkat: amount('9036.00'),
  beloebTilUdbetaling: amount('9036.00'),
  udbetaltBeloeb: amount('9036.00'),
  forklaringer: eachLike(like('Modregning af for meget udbetalt hjælp'), 0),
  udbetaler: municipalityHandler(),
  linjer: eachLike({
    bevillingId: uuid(EXAMPLE_IDS.bevilling),
    ydelseId: like('ydelse-1'),
    periodeStart: calendarDate('2026-10-01'),
    periodeSlut: calendarDate('2026-10-31'),
    beloeb: amount('12550.00'),
    kle: kleRef('32.24.04', 'Hjælp til forsørgelse (kontanthjælp mv.)'),
  }),
};

beforeAll(() => {
  // the file is rebuilt from these interactions on every run (no stale interactions merged in)
  rmSync(OVERVIEW_PACT_FILE, { force: true });
});

describe('the orchestration layer asks the overview API for one citizen', () => {
  it('shows an open case with its status timeline, a grant, its payments and the next payment', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.openCaseWithPayments, { ...OPEN_CASE_STATE_PARAMS })
      .uponReceiving('a request for the overview of a citizen with an open case and a paid grant')
      .withRequest('POST', OVERVIEW, (b) =>
        b.headers(requestHeaders()).jsonBody(requestBody(CONTRACT_CITIZENS.withOpenCase)),
      )
      .willRespondWith(200, (b) =>
        b
          .headers({ 'Content-Type': json, ETag: regex(PATTERNS.etag, '"ov-1a2b3c"') })
          .jsonBody({
            version: 1,
            kommuner: eachLike({
              cvr: equal(OPEN_CASE_STATE_PARAMS.kommune),
              navn: like('Testby Kommune'),
              sager: eachLike(openCase),
              ydelser: { bevillinger: eachLike(grantWithPayments), udbetalinger: eachLike(payment) },
            }),
            naesteUdbetaling: nextPayment(),
            daekning: coverage(CONTRACT_MUNICIPALITY_CVR),
          })
          // Oprettet → Behandles → Afgjort, nothing more, nothing less
          .matchingRules({ body: [exactLength('$.kommuner[*].sager[*].statusforloeb', 3)] }),
      )
      .executeTest(async (server) => {
        const { overview } = expectOverview(await ask(server.url, request(CONTRACT_CITIZENS.withOpenCase)));
        const [kommune] = overview.kommuner;
        const sag = kommune?.sager[0];
        expect(sag?.status).toEqual({ kode: 3, tekst: 'Afgjort' });
        expect(sag?.statusforloeb.map((s) => s.tekst)).toEqual(['Oprettet', 'Behandles', 'Afgjort']);
        expect(sag?.afsluttet).toBeNull();
        const bevilling = kommune?.ydelser.bevillinger[0];
        expect(bevilling?.sagId).toBe(sag?.id);
        expect(kommune?.ydelser.udbetalinger[0]?.bevillingIds).toContain(bevilling?.id);
        expect(overview.naesteUdbetaling?.dato).toMatch(new RegExp(PATTERNS.date));
        expect(overview.daekning.kommuner.map((k) => k.cvr)).toEqual([CONTRACT_MUNICIPALITY_CVR]);
      });
  });

  it('gets 304 without a body when the answer it holds is still current', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.openCaseWithPayments, { ...OPEN_CASE_STATE_PARAMS })
      .uponReceiving('a request for an overview with the ETag of the current answer')
      .withRequest('POST', OVERVIEW, (b) =>
        b
          .headers(requestHeaders({ ifNoneMatch: MatchersV3.fromProviderState('${etag}', '"ov-1a2b3c"') }))
          .jsonBody(requestBody(CONTRACT_CITIZENS.withOpenCase)),
      )
      .willRespondWith(304, (b) => b.headers({ ETag: regex(PATTERNS.etag, '"ov-1a2b3c"') }))
      .executeTest(async (server) => {
        const result = await ask(server.url, request(CONTRACT_CITIZENS.withOpenCase), { ifNoneMatch: '"ov-1a2b3c"' });
        expect(result).toEqual({ outcome: 'not-modified', etag: '"ov-1a2b3c"' });
      });
  });

  it("gets the overview when it forwards the citizen's own login assertion", async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.openCaseWithPayments, { ...OPEN_CASE_STATE_PARAMS })
      .uponReceiving("a request for an overview with the citizen's own assertion")
      .withRequest('POST', OVERVIEW, (b) =>
        b.headers(requestHeaders({ assertion: true })).jsonBody(requestBody(CONTRACT_CITIZENS.withOpenCase)),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': json, ETag: regex(PATTERNS.etag, '"ov-1a2b3c"') }).jsonBody({
          version: 1,
          kommuner: eachLike({
            cvr: regex(PATTERNS.cvr, CONTRACT_MUNICIPALITY_CVR),
            sager: eachLike({ id: uuid(EXAMPLE_IDS.sag) }),
          }),
        }),
      )
      .executeTest(async (server) => {
        const { overview } = expectOverview(
          await ask(server.url, request(CONTRACT_CITIZENS.withOpenCase), { citizenAssertion: EXAMPLE_ASSERTION }),
        );
        expect(overview.kommuner[0]?.sager.length).toBeGreaterThan(0);
      });
  });

  it('still answers coverage for a citizen with nothing, so "no case" means something', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.nothing)
      .uponReceiving('a request for the overview of a citizen with no case and no benefit')
      .withRequest('POST', OVERVIEW, (b) =>
        b.headers(requestHeaders()).jsonBody(requestBody(CONTRACT_CITIZENS.withNothing)),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': json, ETag: regex(PATTERNS.etag, '"ov-0"') }).jsonBody({
          version: 1,
          kommuner: [],
          naesteUdbetaling: null,
          daekning: coverage(CONTRACT_MUNICIPALITY_CVR),
        }),
      )
      .executeTest(async (server) => {
        const { overview } = expectOverview(await ask(server.url, request(CONTRACT_CITIZENS.withNothing)));
        expect(overview.kommuner).toEqual([]);
        expect(overview.naesteUdbetaling).toBeNull();
        expect(overview.daekning.kommuner[0]?.emner.length).toBeGreaterThan(0);
      });
  });

  it('gets the coverage of every connected municipality when it does not say which', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.nothing)
      .uponReceiving('a request for the overview of a citizen with nothing, without kommuner')
      .withRequest('POST', OVERVIEW, (b) =>
        b
          .headers(requestHeaders())
          .jsonBody({ cpr: regex(PATTERNS.cpr, CONTRACT_CITIZENS.withNothing), formaal: MIT_OVERBLIK }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': json, ETag: regex(PATTERNS.etag, '"ov-0"') }).jsonBody({
          version: 1,
          kommuner: [],
          naesteUdbetaling: null,
          daekning: {
            tekst: like('Oversigten omfatter sager og ydelser fra de kommuner, emner og fagsystemer, der er nævnt.'),
            // every connected municipality, the one the contract speaks about among them
            kommuner: MatchersV3.arrayContaining({
              cvr: equal(CONTRACT_MUNICIPALITY_CVR),
              navn: like('Testby Kommune'),
            }),
          },
        }),
      )
      .executeTest(async (server) => {
        const { overview } = expectOverview(
          await ask(server.url, { cpr: CONTRACT_CITIZENS.withNothing, formaal: MIT_OVERBLIK }),
        );
        expect(overview.daekning.kommuner.map((k) => k.cvr)).toContain(CONTRACT_MUNICIPALITY_CVR);
      });
  });

  it('gets 401 problem+json when it has no token', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.up)
      .uponReceiving('a request for an overview without a bearer token')
      .withRequest('POST', OVERVIEW, (b) =>
        b.headers(requestHeaders({ bearer: false })).jsonBody(requestBody(CONTRACT_CITIZENS.withNothing)),
      )
      .willRespondWith(401, (b) =>
        b
          .headers({ 'Content-Type': problemJson })
          .jsonBody(problemBody('token-missing', 401, 'A bearer token is required')),
      )
      .executeTest(async (server) => {
        expectProblem(
          await ask(server.url, request(CONTRACT_CITIZENS.withNothing), { token: null }),
          401,
          'token-missing',
        );
      });
  });

  it('gets 401 problem+json when its token is not signed by a key the API trusts', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.tokenFromUnknownKey)
      .uponReceiving('a request for an overview with a token the API does not trust')
      .withRequest('POST', OVERVIEW, (b) =>
        b.headers(requestHeaders()).jsonBody(requestBody(CONTRACT_CITIZENS.withNothing)),
      )
      .willRespondWith(401, (b) =>
        b
          .headers({ 'Content-Type': problemJson })
          .jsonBody(problemBody('token-invalid', 401, 'The bearer token is not valid')),
      )
      .executeTest(async (server) => {
        expectProblem(await ask(server.url, request(CONTRACT_CITIZENS.withNothing)), 401, 'token-invalid');
      });
  });

  it('gets 401 problem+json that says the token expired, so it knows to fetch a new one', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.tokenExpired)
      .uponReceiving('a request for an overview with an expired token')
      .withRequest('POST', OVERVIEW, (b) =>
        b.headers(requestHeaders()).jsonBody(requestBody(CONTRACT_CITIZENS.withNothing)),
      )
      .willRespondWith(401, (b) =>
        b
          .headers({ 'Content-Type': problemJson })
          .jsonBody(problemBody('token-expired', 401, 'The bearer token has expired')),
      )
      .executeTest(async (server) => {
        expectProblem(await ask(server.url, request(CONTRACT_CITIZENS.withNothing)), 401, 'token-expired');
      });
  });

  it('gets 403 problem+json when its token lacks the scope overview:read', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.tokenWithoutScope)
      .uponReceiving('a request for an overview with a token without the scope overview:read')
      .withRequest('POST', OVERVIEW, (b) =>
        b.headers(requestHeaders()).jsonBody(requestBody(CONTRACT_CITIZENS.withNothing)),
      )
      .willRespondWith(403, (b) =>
        b
          .headers({ 'Content-Type': problemJson })
          .jsonBody(problemBody('token-scope', 403, 'The token lacks the scope overview:read')),
      )
      .executeTest(async (server) => {
        expectProblem(await ask(server.url, request(CONTRACT_CITIZENS.withNothing)), 403, 'token-scope');
      });
  });

  it('gets 403 problem+json when the citizen assertion it forwards is for another citizen', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.assertionForAnotherCitizen)
      .uponReceiving('a request for an overview with the assertion of another citizen')
      .withRequest('POST', OVERVIEW, (b) =>
        b.headers(requestHeaders({ assertion: true })).jsonBody(requestBody(CONTRACT_CITIZENS.withOpenCase)),
      )
      .willRespondWith(403, (b) =>
        b
          .headers({ 'Content-Type': problemJson })
          .jsonBody(problemBody('citizen-assertion-citizen', 403, 'The citizen assertion is for another citizen')),
      )
      .executeTest(async (server) => {
        const result = await ask(server.url, request(CONTRACT_CITIZENS.withOpenCase), {
          citizenAssertion: EXAMPLE_ASSERTION,
        });
        expectProblem(result, 403, 'citizen-assertion-citizen');
      });
  });

  it('gets 422 problem+json that points at the CPR number when it is not one', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.up)
      .uponReceiving('a request for an overview with an invalid CPR number')
      .withRequest('POST', OVERVIEW, (b) =>
        b.headers(requestHeaders()).jsonBody({
          cpr: NOT_A_CPR,
          formaal: MIT_OVERBLIK,
          kommuner: eachLike(regex(PATTERNS.cvr, CONTRACT_MUNICIPALITY_CVR)),
        }),
      )
      .willRespondWith(422, (b) =>
        b.headers({ 'Content-Type': problemJson }).jsonBody({
          ...problemBody('cpr-invalid', 422, 'The CPR number is not valid'),
          violations: eachLike(violation('/cpr', 'CPR-FORMAT', 'expected DDMMYYSSSS or DDMMYY-SSSS')),
        }),
      )
      .executeTest(async (server) => {
        const { problem } = expectProblem(await ask(server.url, request(NOT_A_CPR)), 422, 'cpr-invalid');
        expect(problem.violations?.map((v) => v.pointer)).toEqual(['/cpr']);
      });
  });

  it('gets 422 problem+json that points at the field when the body breaks the schema', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.up)
      .uponReceiving('a request for an overview with a purpose the API does not know')
      .withRequest('POST', OVERVIEW, (b) =>
        b
          .headers(requestHeaders())
          .jsonBody({ ...requestBody(CONTRACT_CITIZENS.withNothing), formaal: 'NYSGERRIGHED' }),
      )
      .willRespondWith(422, (b) =>
        b.headers({ 'Content-Type': problemJson }).jsonBody({
          ...problemBody('request-invalid', 422, 'The request body does not match the schema'),
          violations: eachLike(violation('/formaal', 'SCHEMA', 'Invalid option')),
        }),
      )
      .executeTest(async (server) => {
        const { problem } = expectProblem(
          await ask(server.url, { ...request(CONTRACT_CITIZENS.withNothing), formaal: 'NYSGERRIGHED' }),
          422,
          'request-invalid',
        );
        expect(problem.violations?.map((v) => v.pointer)).toEqual(['/formaal']);
      });
  });

  it('gets 429 problem+json with Retry-After when it calls too often', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.rateLimited)
      .uponReceiving("a request for an overview past the caller's call rate")
      .withRequest('POST', OVERVIEW, (b) =>
        b.headers(requestHeaders()).jsonBody(requestBody(CONTRACT_CITIZENS.withNothing)),
      )
      .willRespondWith(429, (b) =>
        b
          .headers({ 'Content-Type': problemJson, 'Retry-After': regex(PATTERNS.retryAfterSeconds, '1') })
          .jsonBody(problemBody('rate-limited', 429, 'Too many calls from this client; try again shortly')),
      )
      .executeTest(async (server) => {
        const result = expectProblem(
          await ask(server.url, request(CONTRACT_CITIZENS.withNothing)),
          429,
          'rate-limited',
        );
        expect(result.retryAfterSeconds).toBe(1);
      });
  });
});

describe('the orchestration layer shows the citizen who read their data', () => {
  it("gets the reads of the citizen's overview with the client, purpose and municipalities", async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.overviewRead, { ...OPEN_CASE_STATE_PARAMS })
      .uponReceiving("a request for the citizen's access log with the citizen's own assertion")
      .withRequest('POST', ACCESS_LOG, (b) =>
        b
          .headers(requestHeaders({ assertion: true }))
          .jsonBody({ cpr: regex(PATTERNS.cpr, CONTRACT_CITIZENS.withReads) }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': json }).jsonBody({
          tekst: like('Her kan du se, hvornår dine sager og ydelser er blevet vist, af hvem og hvorfor.'),
          opslag: eachLike({
            tidspunkt: instant('2026-11-26T08:00:00.000Z'),
            klient: like('mit-overblik-orchestration'),
            formaal: equal('MIT_OVERBLIK'),
            formaalTekst: like('Visning af dine sager og ydelser på Mit Overblik'),
            kommuner: eachLike({ cvr: equal(OPEN_CASE_STATE_PARAMS.kommune), navn: like('Testby Kommune') }),
            antalOplysninger: MatchersV3.integer(5),
          }),
        }),
      )
      .executeTest(async (server) => {
        const log = expectAccessLog(
          await client(server.url).fetchAccessLog(CONTRACT_CITIZENS.withReads, EXAMPLE_ASSERTION),
        );
        expect(log.opslag[0]).toMatchObject({
          formaal: 'MIT_OVERBLIK',
          kommuner: [{ cvr: OPEN_CASE_STATE_PARAMS.kommune }],
        });
      });
  });

  it("gets 401 problem+json when it asks for the access log without the citizen's assertion", async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.up)
      .uponReceiving('a request for the access log without a citizen assertion')
      .withRequest('POST', ACCESS_LOG, (b) =>
        b.headers(requestHeaders()).jsonBody({ cpr: regex(PATTERNS.cpr, CONTRACT_CITIZENS.withReads) }),
      )
      .willRespondWith(401, (b) =>
        b
          .headers({ 'Content-Type': problemJson })
          .jsonBody(
            problemBody('citizen-assertion-missing', 401, 'A citizen assertion (X-Citizen-Assertion) is required'),
          ),
      )
      .executeTest(async (server) => {
        expectProblem(
          await client(server.url).fetchAccessLog(CONTRACT_CITIZENS.withReads, ''),
          401,
          'citizen-assertion-missing',
        );
      });
  });
});
