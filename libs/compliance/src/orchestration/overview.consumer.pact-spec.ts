import { rmSync } from 'node:fs';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { OverviewApiClient, problemSlug, type OverviewResult } from './overview-api.client';
import {
  CONTRACT_CITIZENS, CONTRACT_MUNICIPALITY_CVR, NOT_A_CPR, OVERVIEW_CONSUMER, OVERVIEW_PACT_FILE, OVERVIEW_PROVIDER,
  OVERVIEW_STATES, PACT_DIR,
} from './overview-contract';
import {
  amount, calendarDate, coverage, EXAMPLE_BEARER, EXAMPLE_IDS, eachLike, instant, kleRef, like, municipalityHandler,
  nextPayment, nullValue, PATTERNS, problemBody, regex, statusStep, uuid, violation,
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

const jsonHeaders = (bearer = true) => ({
  'Content-Type': regex(PATTERNS.jsonContentType, 'application/json'),
  ...(bearer ? { Authorization: regex(PATTERNS.bearer, EXAMPLE_BEARER) } : {}),
});

const requestBody = (cpr: string) => ({
  cpr: regex(PATTERNS.cpr, cpr),
  formaal: MIT_OVERBLIK,
  kommuner: eachLike(regex(PATTERNS.cvr, CONTRACT_MUNICIPALITY_CVR)),
});

const client = (baseUrl: string, token: string | null = EXAMPLE_TOKEN): OverviewApiClient =>
  new OverviewApiClient({ baseUrl, accessToken: () => token });

function expectProblem(result: OverviewResult): Extract<OverviewResult, { outcome: 'problem' }> {
  if (result.outcome !== 'problem') throw new Error(`expected a problem, got ${result.outcome}`);
  return result;
}
function expectOverview(result: OverviewResult): Extract<OverviewResult, { outcome: 'overview' }> {
  if (result.outcome !== 'overview') throw new Error(`expected an overview, got ${result.outcome}`);
  return result;
}

/** The case the open-case state seeds: kontanthjælp, opened, informed, decided in the citizen's favour. */
const openCase = {
  id: uuid(EXAMPLE_IDS.sag),
  titel: like('Hjælp til forsørgelse (kontanthjælp mv.)'),
  kle: kleRef('32.24.04', 'Hjælp til forsørgelse (kontanthjælp mv.)'),
  sagsnummer: like('S2026-000001'),
  status: { kode: 3, tekst: 'Afgjort' },
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
      .given(OVERVIEW_STATES.openCaseWithPayments)
      .uponReceiving('a request for the overview of a citizen with an open case and a paid grant')
      .withRequest('POST', '/v1/overview', (b) => b.headers(jsonHeaders()).jsonBody(requestBody(CONTRACT_CITIZENS.withOpenCase)))
      .willRespondWith(200, (b) =>
        b
          .headers({ 'Content-Type': regex(PATTERNS.jsonContentType, 'application/json'), ETag: regex(PATTERNS.etag, '"ov-1a2b3c"') })
          .jsonBody({
            version: 1,
            kommuner: eachLike({
              cvr: regex(PATTERNS.cvr, CONTRACT_MUNICIPALITY_CVR),
              navn: like('Testby Kommune'),
              sager: eachLike(openCase),
              ydelser: { bevillinger: eachLike(grantWithPayments), udbetalinger: eachLike(payment) },
            }),
            naesteUdbetaling: nextPayment(),
            daekning: coverage(CONTRACT_MUNICIPALITY_CVR),
          }),
      )
      .executeTest(async (server) => {
      const result = expectOverview(
        await client(server.url).fetchOverview({ cpr: CONTRACT_CITIZENS.withOpenCase, formaal: MIT_OVERBLIK, kommuner: [CONTRACT_MUNICIPALITY_CVR] }),
      );
      expect(result.etag).toMatch(new RegExp(PATTERNS.etag));
      const [kommune] = result.overview.kommuner;
      const sag = kommune?.sager[0];
      expect(sag?.status).toEqual({ kode: 3, tekst: 'Afgjort' });
      expect(sag?.statusforloeb.map((s) => s.tekst)).toEqual(['Oprettet', 'Behandles', 'Afgjort']);
      expect(sag?.afsluttet).toBeNull();
      const bevilling = kommune?.ydelser.bevillinger[0];
      expect(bevilling?.sagId).toBe(sag?.id);
      expect(kommune?.ydelser.udbetalinger[0]?.bevillingIds).toContain(bevilling?.id);
      expect(result.overview.naesteUdbetaling?.beloeb).toMatch(new RegExp(PATTERNS.amount));
      expect(result.overview.daekning.kommuner.map((k) => k.cvr)).toEqual([CONTRACT_MUNICIPALITY_CVR]);
    });
  });

  it('still answers coverage for a citizen with nothing, so "no case" means something', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.nothing)
      .uponReceiving('a request for the overview of a citizen with no case and no benefit')
      .withRequest('POST', '/v1/overview', (b) => b.headers(jsonHeaders()).jsonBody(requestBody(CONTRACT_CITIZENS.withNothing)))
      .willRespondWith(200, (b) =>
        b
          .headers({ 'Content-Type': regex(PATTERNS.jsonContentType, 'application/json'), ETag: regex(PATTERNS.etag, '"ov-0"') })
          .jsonBody({ version: 1, kommuner: [], naesteUdbetaling: null, daekning: coverage(CONTRACT_MUNICIPALITY_CVR) }),
      )
      .executeTest(async (server) => {
      const result = expectOverview(
        await client(server.url).fetchOverview({ cpr: CONTRACT_CITIZENS.withNothing, formaal: MIT_OVERBLIK, kommuner: [CONTRACT_MUNICIPALITY_CVR] }),
      );
      expect(result.overview.kommuner).toEqual([]);
      expect(result.overview.naesteUdbetaling).toBeNull();
      expect(result.overview.daekning.kommuner[0]?.emner.length).toBeGreaterThan(0);
    });
  });

  it('gets 401 problem+json when it has no token', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.anyCitizen)
      .uponReceiving('a request for an overview without a bearer token')
      .withRequest('POST', '/v1/overview', (b) => b.headers(jsonHeaders(false)).jsonBody(requestBody(CONTRACT_CITIZENS.withNothing)))
      .willRespondWith(401, (b) =>
        b.headers({ 'Content-Type': regex(PATTERNS.problemContentType, 'application/problem+json') }).jsonBody(problemBody('token-missing', 401, 'A bearer token is required')),
      )
      .executeTest(async (server) => {
      const { problem } = expectProblem(
        await client(server.url, null).fetchOverview({ cpr: CONTRACT_CITIZENS.withNothing, formaal: MIT_OVERBLIK, kommuner: [CONTRACT_MUNICIPALITY_CVR] }),
      );
      expect(problem.status).toBe(401);
      expect(problemSlug(problem)).toBe('token-missing');
    });
  });

  it('gets 401 problem+json when its token is not signed by a key the API trusts', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.tokenFromUnknownKey)
      .uponReceiving('a request for an overview with a token the API does not trust')
      .withRequest('POST', '/v1/overview', (b) => b.headers(jsonHeaders()).jsonBody(requestBody(CONTRACT_CITIZENS.withNothing)))
      .willRespondWith(401, (b) =>
        b.headers({ 'Content-Type': regex(PATTERNS.problemContentType, 'application/problem+json') }).jsonBody(problemBody('token-invalid', 401, 'The bearer token is not valid')),
      )
      .executeTest(async (server) => {
      const { problem } = expectProblem(
        await client(server.url).fetchOverview({ cpr: CONTRACT_CITIZENS.withNothing, formaal: MIT_OVERBLIK, kommuner: [CONTRACT_MUNICIPALITY_CVR] }),
      );
      expect(problem.status).toBe(401);
      expect(problemSlug(problem)).toBe('token-invalid');
    });
  });

  it('gets 422 problem+json that points at the CPR number when it is not one', async () => {
    await pact
      .addInteraction()
      .given(OVERVIEW_STATES.anyCitizen)
      .uponReceiving('a request for an overview with an invalid CPR number')
      .withRequest('POST', '/v1/overview', (b) =>
        b.headers(jsonHeaders()).jsonBody({ cpr: NOT_A_CPR, formaal: MIT_OVERBLIK, kommuner: eachLike(regex(PATTERNS.cvr, CONTRACT_MUNICIPALITY_CVR)) }),
      )
      .willRespondWith(422, (b) =>
        b
          .headers({ 'Content-Type': regex(PATTERNS.problemContentType, 'application/problem+json') })
          .jsonBody({ ...problemBody('invalid-request', 422, 'The request is not valid'), violations: eachLike(violation('/cpr', 'CPR-INVALID')) }),
      )
      .executeTest(async (server) => {
      const { problem } = expectProblem(
        await client(server.url).fetchOverview({ cpr: NOT_A_CPR, formaal: MIT_OVERBLIK, kommuner: [CONTRACT_MUNICIPALITY_CVR] }),
      );
      expect(problem.status).toBe(422);
      expect(problem.violations?.map((v) => v.pointer)).toContain('/cpr');
    });
  });
});
