import { MatchersV3 } from '@pact-foundation/pact';
import { syntheticUuid, UNDTAGET_FOR_BORGER } from '@overblik/domain';
import { CONTRACT_CITIZEN } from './delivery-contract';
import {
  bevilling,
  type BevillingSpec,
  companyParty,
  dokument,
  type DokumentSpec,
  effektuering,
  type EffektueringSpec,
  removal,
  sag,
  type SagSpec,
  type Template,
  upsert,
} from './delivery-contract.matchers';
import { CONTRACT_KOMMUNE } from './delivery-handling';
import {
  documentSharedBy,
  grantsShown,
  grantStored,
  nextPayment,
  type PatternExpectation,
  paymentsShown,
  sagerShown,
  sagHiddenBy,
  sagShown,
  stored,
  textNotShown,
} from './pattern-checks';

export type DeliveryPatternId =
  | 'initial-import'
  | 'status-change'
  | 'document-on-two-cases'
  | 'incoming-letter'
  | 'undtaget-for-borger'
  | 'relation-removed'
  | 'object-removed'
  | 'grant-with-plan'
  | 'monthly-payment-set-off'
  | 'payment-correction'
  | 'retired-kle';

/**
 * A provider state: a named business fact about the fagsystem, with its parameters. The name shows each
 * parameter as `{name}`; no parameter is ever a CPR number.
 */
export interface ProviderState {
  name: string;
  params: Record<string, string>;
}

/** A delivery body as POST /v1/deliveries takes it. */
export interface DeliveryBody {
  items: unknown[];
}

/** A change to the example delivery (most break a rule), and what the platform does then. */
export interface PatternVariant {
  description: string;
  /** The change does not alter what the platform does: the pattern's own expectation holds for it too. */
  keepsOutcome?: boolean;
  change(body: DeliveryBody): DeliveryBody;
  expectation: PatternExpectation;
}

/** One delivery pattern a fagsystem must master to be connected (one interaction of the delivery pact). */
export interface DeliveryPattern {
  id: DeliveryPatternId;
  /** The message the platform expects to receive (the interaction's description). */
  description: string;
  providerStates: ProviderState[];
  /**
   * What the platform already holds when the delivery arrives: the fagsystem's earlier deliveries, as
   * the provider states imply them (plain values).
   */
  background: DeliveryBody[];
  /** The example delivery, with Pact matchers where a fagsystem's values may differ. */
  delivery: Template;
  /** What the platform checks after handling it. */
  expectation: PatternExpectation;
  /** Variants that break a rule (not part of the pact: what the platform does with them). */
  variants: PatternVariant[];
}

const CVR = CONTRACT_KOMMUNE.cvr;
const CITIZEN = CONTRACT_CITIZEN;
/** Udbetaling af sygedagpenge, Sygedagpengeopfølgning (both etape 1). */
const SYGEDAGPENGE = '32.30.04';
const OPFOELGNING = '15.17.06';
/** Uddannelseshjælp: retired in 2022, replaced by 32.24.04 Hjælp til forsørgelse (kontanthjælp mv.). */
const RETIRED_KLE = '32.24.32';
const REPLACING_KLE = '32.24.04';

const id = (name: string): string => syntheticUuid(`delivery-contract:${name}`);
const IDS = {
  sag: id('sag:sygedagpenge'),
  opfoelgning: id('sag:sygedagpengeopfoelgning'),
  undtaget: id('sag:undtaget'),
  uddannelseshjaelp: id('sag:uddannelseshjaelp'),
  afgoerelse: id('dokument:afgoerelse'),
  indkaldelse: id('dokument:indkaldelse'),
  indgaaende: id('dokument:indgaaende'),
  notat: id('dokument:undtaget'),
  bevilling: id('bevilling:sygedagpenge'),
  september: id('effektuering:2026-09'),
  efterregulering: id('effektuering:2026-09-efterregulering'),
} as const;

const OPSTAAET = '2026-08-03T09:00:00Z';
const OPLYST = '2026-08-20T09:00:00Z';
const AFGJORT = '2026-09-01T09:00:00Z';

/** The sygedagpenge case as the fagsystem holds it at each step of the story. */
const sygedagpengeSag = (over: Partial<SagSpec> = {}): Template =>
  sag({
    uuid: IDS.sag,
    tidspunkt: '2026-08-20T09:00:00Z',
    citizen: CITIZEN,
    kle: SYGEDAGPENGE,
    titel: 'Sygedagpenge fra 3. august 2026',
    sagsnummer: 'SDP-2026-0815',
    fremdrift: [
      { tilstand: 'Opstaaet', fra: OPSTAAET },
      { tilstand: 'Oplyst', fra: OPLYST },
    ],
    ...over,
  });
const decided: Partial<SagSpec> = {
  tidspunkt: '2026-09-01T10:00:00Z',
  fremdrift: [
    { tilstand: 'Opstaaet', fra: OPSTAAET },
    { tilstand: 'Oplyst', fra: OPLYST },
    { tilstand: 'Afgjort', fra: AFGJORT },
  ],
  afgoerelse: { kode: 'FOR', fra: AFGJORT },
};
const afgoerelsesbrev = (over: Partial<DokumentSpec> = {}): Template =>
  dokument({
    uuid: IDS.afgoerelse,
    tidspunkt: '2026-09-01T10:00:00Z',
    citizen: CITIZEN,
    titel: 'Afgørelse om sygedagpenge',
    dokumenttype: 'Brev, udgaaende',
    tilstand: 'Endeligt',
    brevdato: '2026-09-01',
    ...over,
  });
/** The decided case with its decision letter: what a first delivery of the fagsystem holds. */
const initialImport = (): Template => ({
  items: [
    upsert('import', afgoerelsesbrev()),
    upsert(
      'import',
      sygedagpengeSag({
        ...decided,
        journalposter: [{ dokumentUuid: IDS.afgoerelse, titel: 'Afgørelse om sygedagpenge' }],
        sekundaerParter: [companyParty('29100001', 'Testby Tømrer ApS', OPSTAAET)],
        ydelsesmodtager: true,
        behandler: 'Sagsbehandler Birgit Hansen',
      }),
    ),
  ],
});

const SYGEDAGPENGE_YDELSE = 'sygedagpenge-loebende';
const grant = (over: Partial<BevillingSpec> = {}): Template =>
  bevilling({
    uuid: IDS.bevilling,
    tidspunkt: '2026-09-01T11:00:00Z',
    citizen: CITIZEN,
    sagUuid: IDS.sag,
    startdato: '2026-08-03',
    begrundelse: 'Sygemeldt fra arbejde; betingelserne for sygedagpenge er opfyldt',
    ydelser: [
      {
        id: SYGEDAGPENGE_YDELSE,
        navn: 'Sygedagpenge',
        kle: SYGEDAGPENGE,
        startdato: '2026-08-03',
        tilbagebetalingspligtig: false,
        betalingsplan: {
          frekvens: 'MAANED',
          forudBagud: 'BAGUD',
          dispositionsdagTekst: 'Sidste bankdag i måneden',
          beloeb: '18000.00',
        },
      },
      {
        id: 'sygedagpenge-august',
        navn: 'Sygedagpenge for august',
        kle: SYGEDAGPENGE,
        startdato: '2026-08-03',
        slutdato: '2026-08-31',
        tilbagebetalingspligtig: false,
        betalingsplan: {
          frekvens: 'ENGANG',
          forudBagud: 'BAGUD',
          dispositionsdagTekst: 'Udbetales én gang',
          beloeb: '16200.00',
        },
      },
    ],
    ...over,
  });
const septemberLine = (beloeb: string): EffektueringSpec['linjer'][number] => ({
  bevillingUuid: IDS.bevilling,
  ydelseId: SYGEDAGPENGE_YDELSE,
  periodeStart: '2026-09-01',
  periodeSlut: '2026-09-30',
  beloeb,
  kle: SYGEDAGPENGE,
});
const septemberPayment = (): Template =>
  effektuering({
    uuid: IDS.september,
    tidspunkt: '2026-09-30T06:00:00Z',
    citizen: CITIZEN,
    periodeStart: '2026-09-01',
    periodeSlut: '2026-09-30',
    dispositionsdato: '2026-09-30',
    bruttobeloeb: '18000.00',
    beloebEfterSkat: '11880.00',
    beloebTilUdbetaling: '10880.00',
    udbetaltBeloeb: '10880.00',
    forklaringer: ['Modregnet 1000,00 kr. for tilbagebetaling af for meget udbetalt kontanthjælp'],
    linjer: [septemberLine('18000.00')],
  });

const plain = (template: Template): DeliveryBody => MatchersV3.reify(template) as unknown as DeliveryBody;
const itemAt = (body: DeliveryBody, i: number) => body.items[i] as { object: Record<string, unknown> };
/** A copy of the body with one item's object changed. */
const changeObject = (i: number, change: (o: Record<string, unknown>) => void) => (body: DeliveryBody) => {
  const copy = structuredClone(body);
  change(itemAt(copy, i).object);
  return copy;
};

const openCaseState = (kle = SYGEDAGPENGE): ProviderState => ({
  name: 'a citizen has an open sygedagpenge case in municipality {cvr}',
  params: { cvr: CVR, kle },
});
const decidedCaseState: ProviderState = {
  name: 'a citizen has a decided sygedagpenge case with its decision letter in municipality {cvr}',
  params: { cvr: CVR, kle: SYGEDAGPENGE },
};
const grantState: ProviderState = {
  name: 'the citizen has been granted sygedagpenge on that case with a monthly payment plan from {startdato}',
  params: { startdato: '2026-08-03' },
};

const decidedCaseShown = (dokumenter: Array<{ type: string; dato: string | null }>) =>
  sagShown(CVR, { kle: SYGEDAGPENGE, status: 3, timeline: [1, 2, 3], dokumenter });
const DECISION_LETTER = { type: 'Brev, udgaaende', dato: '2026-09-01' };

/** The delivery patterns of the contract, in the order a fagsystem meets them. */
export const DELIVERY_PATTERNS: readonly DeliveryPattern[] = [
  {
    id: 'initial-import',
    description: 'an initial import of a case with its full fremdrift history, its parties and its letter',
    providerStates: [
      { name: 'the fagsystem delivers everything it holds for the first time', params: {} },
      decidedCaseState,
    ],
    background: [],
    delivery: initialImport(),
    expectation: {
      summary: 'both objects are applied; the citizen sees the case decided (1 → 2 → 3) with its letter',
      items: [{ state: 'applied' }, { state: 'applied' }],
      citizen: [
        decidedCaseShown([DECISION_LETTER]),
        textNotShown('Birgit Hansen', "the caseworker's name"),
        textNotShown('Testby Tømrer', 'the secondary party'),
      ],
    },
    variants: [
      {
        description: 'the history does not start with Opstaaet',
        change: changeObject(1, (o) => {
          (o['fremdrift'] as unknown[]).shift();
        }),
        expectation: {
          summary: 'the case is rejected; its letter is stored but shown on no case',
          items: [
            { state: 'applied' },
            {
              state: 'rejected',
              rule: 'SAG-FREMDRIFT-OPSTAAET-FIRST',
              pointer: '/items/1/object/fremdrift/0/tilstand',
            },
          ],
          citizen: [sagerShown(0), stored({ sag: 0, dokument: 1, bevilling: 0, effektuering: 0 })],
        },
      },
      {
        description: 'the case title holds a phone number',
        change: changeObject(1, (o) => {
          o['titel'] = 'Sygedagpenge, ring 70 10 20 30';
        }),
        expectation: {
          summary: 'the case is held back by the safety net and not shown',
          items: [{ state: 'applied' }, { state: 'held', rule: 'SAFETY-PHONE', pointer: '/items/1/object/titel' }],
          citizen: [sagerShown(0), sagHiddenBy('SAFETY-NET')],
        },
      },
    ],
  },
  {
    id: 'status-change',
    description: 'a status change: the open case is decided',
    providerStates: [
      openCaseState(),
      { name: 'the case was decided in favour of the citizen on {dato}', params: { dato: '2026-09-01' } },
    ],
    background: [plain({ items: [upsert('import', sygedagpengeSag())] })],
    delivery: { items: [upsert('update', sygedagpengeSag(decided))] },
    expectation: {
      summary: 'the update is applied; the citizen sees status 3 Afgjort after 1 Oprettet and 2 Behandles',
      items: [{ state: 'applied' }],
      citizen: [decidedCaseShown([])],
    },
    variants: [
      {
        description: 'the update is older than what the platform holds',
        change: changeObject(0, (o) => {
          o['tidspunkt'] = '2026-08-19T09:00:00Z';
        }),
        expectation: {
          summary: 'kept in the history only; the citizen still sees 2 Behandles',
          items: [{ state: 'stale', rule: 'ORDER-STALE', pointer: '/items/0/object/tidspunkt' }],
          citizen: [sagShown(CVR, { kle: SYGEDAGPENGE, status: 2, timeline: [1, 2] })],
        },
      },
      {
        description: 'the history goes backwards',
        change: changeObject(0, (o) => {
          const f = o['fremdrift'] as Array<{ tilstand: string }>;
          [f[1]!.tilstand, f[2]!.tilstand] = ['Afgjort', 'Oplyst'];
        }),
        expectation: {
          summary: 'rejected; the citizen still sees 2 Behandles',
          items: [
            { state: 'rejected', rule: 'SAG-FREMDRIFT-BACKWARDS', pointer: '/items/0/object/fremdrift/2/tilstand' },
          ],
          citizen: [sagShown(CVR, { kle: SYGEDAGPENGE, status: 2, timeline: [1, 2] })],
        },
      },
    ],
  },
  {
    id: 'document-on-two-cases',
    description: 'a document placed on two cases',
    providerStates: [
      {
        name: 'a citizen has an open sygedagpenge case and an open sygedagpengeopfølgning case in municipality {cvr}',
        params: { cvr: CVR, kle: SYGEDAGPENGE, opfoelgningKle: OPFOELGNING },
      },
      { name: 'one letter of {dato} is journalised on both cases', params: { dato: '2026-09-10' } },
    ],
    background: [
      plain({
        items: [
          upsert('import', sygedagpengeSag()),
          upsert(
            'import',
            sag({
              uuid: IDS.opfoelgning,
              tidspunkt: '2026-08-10T09:00:00Z',
              citizen: CITIZEN,
              kle: OPFOELGNING,
              titel: 'Opfølgning på sygemelding',
              sagsnummer: 'OPF-2026-0412',
              fremdrift: [{ tilstand: 'Opstaaet', fra: '2026-08-10T09:00:00Z' }],
            }),
          ),
        ],
      }),
    ],
    delivery: {
      items: [
        upsert(
          'import',
          dokument({
            uuid: IDS.indkaldelse,
            tidspunkt: '2026-09-10T08:00:00Z',
            citizen: CITIZEN,
            titel: 'Indkaldelse til opfølgningssamtale',
            dokumenttype: 'Brev, udgaaende',
            tilstand: 'Endeligt',
            brevdato: '2026-09-10',
          }),
        ),
        upsert(
          'update',
          sygedagpengeSag({ tidspunkt: '2026-09-10T08:00:00Z', journalposter: [{ dokumentUuid: IDS.indkaldelse }] }),
        ),
        upsert(
          'update',
          sag({
            uuid: IDS.opfoelgning,
            tidspunkt: '2026-09-10T08:00:00Z',
            citizen: CITIZEN,
            kle: OPFOELGNING,
            titel: 'Opfølgning på sygemelding',
            sagsnummer: 'OPF-2026-0412',
            fremdrift: [{ tilstand: 'Opstaaet', fra: '2026-08-10T09:00:00Z' }],
            journalposter: [{ dokumentUuid: IDS.indkaldelse }],
          }),
        ),
      ],
    },
    expectation: {
      summary: 'all three are applied; both cases show the one letter',
      items: [{ state: 'applied' }, { state: 'applied' }, { state: 'applied' }],
      citizen: [
        sagShown(CVR, { kle: SYGEDAGPENGE, status: 2, dokumenter: [{ type: 'Brev, udgaaende', dato: '2026-09-10' }] }),
        sagShown(CVR, { kle: OPFOELGNING, status: 1, dokumenter: [{ type: 'Brev, udgaaende', dato: '2026-09-10' }] }),
        documentSharedBy([SYGEDAGPENGE, OPFOELGNING]),
        stored({ sag: 2, dokument: 1, bevilling: 0, effektuering: 0 }),
      ],
    },
    variants: [],
  },
  {
    id: 'incoming-letter',
    description: 'an incoming letter with its brevdato, journalised on the open case',
    providerStates: [
      openCaseState(),
      {
        name: 'the municipality received a letter from the citizen dated {brevdato}',
        params: { brevdato: '2026-09-05' },
      },
    ],
    background: [plain({ items: [upsert('import', sygedagpengeSag())] })],
    delivery: {
      items: [
        upsert(
          'import',
          dokument({
            uuid: IDS.indgaaende,
            tidspunkt: '2026-09-07T12:00:00Z',
            citizen: CITIZEN,
            titel: 'Partshøring: svar fra borger',
            dokumenttype: 'Brev, indgaaende',
            tilstand: 'Modtaget',
            brevdato: '2026-09-05',
          }),
        ),
        upsert(
          'update',
          sygedagpengeSag({ tidspunkt: '2026-09-07T12:00:00Z', journalposter: [{ dokumentUuid: IDS.indgaaende }] }),
        ),
      ],
    },
    expectation: {
      summary: 'both are applied; the case shows the letter with its brevdato',
      items: [{ state: 'applied' }, { state: 'applied' }],
      citizen: [
        sagShown(CVR, { kle: SYGEDAGPENGE, status: 2, dokumenter: [{ type: 'Brev, indgaaende', dato: '2026-09-05' }] }),
      ],
    },
    variants: [
      {
        description: 'the incoming letter has no brevdato',
        change: changeObject(0, (o) => {
          delete o['brevdato'];
        }),
        expectation: {
          summary: 'the letter is rejected by DOKUMENT-BREVDATO-REQUIRED; the case shows no letter',
          items: [
            { state: 'rejected', rule: 'DOKUMENT-BREVDATO-REQUIRED', pointer: '/items/0/object/brevdato' },
            { state: 'applied' },
          ],
          citizen: [sagShown(CVR, { kle: SYGEDAGPENGE, status: 2, dokumenter: [] })],
        },
      },
      {
        description: "the letter's title holds a word on the municipality's list",
        change: changeObject(0, (o) => {
          o['titel'] = 'Partshøring om misbrug';
        }),
        expectation: {
          summary: 'the letter is held back by the safety net; the case is shown without it',
          items: [{ state: 'held', rule: 'SAFETY-WORD', pointer: '/items/0/object/titel' }, { state: 'applied' }],
          citizen: [sagShown(CVR, { kle: SYGEDAGPENGE, status: 2, dokumenter: [] })],
        },
      },
    ],
  },
  {
    id: 'undtaget-for-borger',
    description: 'a case with Visningsklasse "undtaget for borger" and its document',
    providerStates: [
      {
        name: 'a citizen has a case in municipality {cvr} that must not be shown to the citizen (undtaget for borger)',
        params: { cvr: CVR, kle: SYGEDAGPENGE },
      },
    ],
    background: [],
    delivery: {
      items: [
        upsert(
          'import',
          dokument({
            uuid: IDS.notat,
            tidspunkt: '2026-09-15T09:00:00Z',
            citizen: CITIZEN,
            titel: 'Henvendelse fra arbejdsgiver',
            dokumenttype: 'Brev, indgaaende',
            tilstand: 'Modtaget',
            brevdato: '2026-09-14',
          }),
        ),
        upsert(
          'import',
          sag({
            uuid: IDS.undtaget,
            tidspunkt: '2026-09-15T09:00:00Z',
            citizen: CITIZEN,
            kle: SYGEDAGPENGE,
            titel: 'Sygedagpenge, kontrol',
            sagsnummer: 'SDP-2026-0999',
            fremdrift: [{ tilstand: 'Opstaaet', fra: '2026-09-15T09:00:00Z' }],
            visningsklasser: [{ kode: UNDTAGET_FOR_BORGER, fra: '2026-09-15T09:00:00Z' }],
            journalposter: [{ dokumentUuid: IDS.notat }],
          }),
        ),
      ],
    },
    expectation: {
      summary: 'both are applied and stored; the citizen sees neither (UNDTAGET-FOR-BORGER)',
      items: [{ state: 'applied' }, { state: 'applied' }],
      citizen: [
        sagerShown(0),
        sagHiddenBy('UNDTAGET-FOR-BORGER'),
        stored({ sag: 1, dokument: 1, bevilling: 0, effektuering: 0 }),
      ],
    },
    variants: [
      {
        description: 'the Visningsklasse is written as the standard names it ("Visning undtaget for borger")',
        keepsOutcome: true,
        change: changeObject(1, (o) => {
          (o['visningsklasser'] as Array<Record<string, unknown>>)[0]!['kode'] = 'Visning undtaget for borger';
        }),
        expectation: {
          summary: 'the citizen sees neither, just the same',
          items: [{ state: 'applied' }, { state: 'applied' }],
          citizen: [sagerShown(0), sagHiddenBy('UNDTAGET-FOR-BORGER')],
        },
      },
      {
        description: 'the same case without the Visningsklasse',
        change: changeObject(1, (o) => {
          delete o['visningsklasser'];
        }),
        expectation: {
          summary: 'the citizen sees the case and its letter',
          items: [{ state: 'applied' }, { state: 'applied' }],
          citizen: [
            sagShown(CVR, {
              kle: SYGEDAGPENGE,
              status: 1,
              dokumenter: [{ type: 'Brev, indgaaende', dato: '2026-09-14' }],
            }),
          ],
        },
      },
    ],
  },
  {
    id: 'relation-removed',
    description: 'a logical removal of a relation: the letter is taken off the case, the letter itself is kept',
    providerStates: [
      decidedCaseState,
      {
        name: 'the decision letter was taken off the case on {dato} (the journal post removed, the letter kept)',
        params: { dato: '2026-09-20' },
      },
    ],
    background: [plain(initialImport())],
    delivery: {
      items: [upsert('update', sygedagpengeSag({ ...decided, tidspunkt: '2026-09-20T10:00:00Z', journalposter: [] }))],
    },
    expectation: {
      summary: 'the update is applied; the case is shown without the letter, which stays in the index',
      items: [{ state: 'applied' }],
      citizen: [decidedCaseShown([]), stored({ sag: 1, dokument: 1, bevilling: 0, effektuering: 0 })],
    },
    variants: [],
  },
  {
    id: 'object-removed',
    description: 'a physical removal of the case and its letter, deleted in the fagsystem',
    providerStates: [
      decidedCaseState,
      { name: 'the case and its letter were deleted in the fagsystem on {dato}', params: { dato: '2026-10-01' } },
    ],
    background: [plain(initialImport())],
    delivery: {
      items: [
        removal('sag', { uuid: IDS.sag, tidspunkt: '2026-10-01T08:00:00Z' }),
        removal('dokument', { uuid: IDS.afgoerelse, tidspunkt: '2026-10-01T08:00:00Z' }),
      ],
    },
    expectation: {
      summary: 'both removals are applied; nothing is stored or shown any more',
      items: [{ state: 'applied' }, { state: 'applied' }],
      citizen: [sagerShown(0), stored({ sag: 0, dokument: 0, bevilling: 0, effektuering: 0 })],
    },
    variants: [
      {
        description: 'only the case is removed',
        change: (body) => ({ items: body.items.slice(0, 1) }),
        expectation: {
          summary: 'the case goes; the letter stays stored until its master removes it',
          items: [{ state: 'applied' }],
          citizen: [sagerShown(0), stored({ sag: 0, dokument: 1, bevilling: 0, effektuering: 0 })],
        },
      },
    ],
  },
  {
    id: 'grant-with-plan',
    description: 'a grant with its granted benefits and a monthly payment plan',
    providerStates: [decidedCaseState, grantState],
    background: [plain(initialImport())],
    delivery: { items: [upsert('import', grant())] },
    expectation: {
      summary: 'the grant is applied and held in the read model; it is shown with its first payment',
      items: [{ state: 'applied' }],
      citizen: [grantStored(2), grantsShown([]), nextPayment(null), decidedCaseShown([DECISION_LETTER])],
    },
    variants: [
      {
        description: 'a granted benefit ends before it starts',
        change: changeObject(0, (o) => {
          (o['ydelser'] as Array<Record<string, unknown>>)[1]!['slutdato'] = '2026-08-01';
        }),
        expectation: {
          summary: 'the grant is rejected',
          items: [{ state: 'rejected', rule: 'PERIOD-ORDER', pointer: '/items/0/object/ydelser/1/slutdato' }],
          citizen: [stored({ sag: 1, dokument: 1, bevilling: 0, effektuering: 0 })],
        },
      },
    ],
  },
  {
    id: 'monthly-payment-set-off',
    description: 'a monthly payment with a set-off explained',
    providerStates: [
      decidedCaseState,
      grantState,
      { name: "the month's sygedagpenge for {periode} were paid with a set-off", params: { periode: '2026-09' } },
    ],
    background: [plain(initialImport()), plain({ items: [upsert('import', grant())] })],
    delivery: { items: [upsert('import', septemberPayment())] },
    expectation: {
      summary: 'the payment is applied; the citizen sees the grant, the payment with its set-off and the next payment',
      items: [{ state: 'applied' }],
      citizen: [
        grantsShown([{ frekvenser: ['MAANED', 'ENGANG'] }]),
        paymentsShown([{ periodeStart: '2026-09-01', periodeSlut: '2026-09-30', forklaringer: 1, setOff: true }]),
        nextPayment({ dato: '2026-11-30', beloeb: '18000.00' }),
      ],
    },
    variants: [
      {
        description: 'the payment references a grant the platform does not know',
        change: changeObject(0, (o) => {
          (o['linjer'] as Array<Record<string, unknown>>)[0]!['bevillingUuid'] = id('bevilling:unknown');
        }),
        expectation: {
          summary: 'the payment is rejected; nothing is paid as far as the citizen can see',
          items: [
            {
              state: 'rejected',
              rule: 'EFFEKTUERING-UNKNOWN-BEVILLING',
              pointer: '/items/0/object/linjer/0/bevillingUuid',
            },
          ],
          citizen: [paymentsShown([]), grantsShown([]), nextPayment(null)],
        },
      },
      {
        description: 'the amount is sent as a number',
        change: changeObject(0, (o) => {
          o['udbetaltBeloeb'] = 10880;
        }),
        expectation: {
          summary: 'the delivery is refused at intake (422): nothing is stored',
          refused: [{ rule: 'AMOUNT-DECIMAL', pointer: '/items/0/object/udbetaltBeloeb' }],
          items: [],
          citizen: [paymentsShown([])],
        },
      },
    ],
  },
  {
    id: 'payment-correction',
    description: 'a correction of an earlier payment period',
    providerStates: [
      decidedCaseState,
      grantState,
      { name: 'the payment for {periode} was corrected afterwards', params: { periode: '2026-09' } },
    ],
    background: [
      plain(initialImport()),
      plain({ items: [upsert('import', grant())] }),
      plain({ items: [upsert('import', septemberPayment())] }),
    ],
    delivery: {
      items: [
        upsert(
          'import',
          effektuering({
            uuid: IDS.efterregulering,
            tidspunkt: '2026-10-15T06:00:00Z',
            citizen: CITIZEN,
            periodeStart: '2026-09-01',
            periodeSlut: '2026-09-30',
            dispositionsdato: '2026-10-15',
            bruttobeloeb: '1250.00',
            beloebEfterSkat: '825.00',
            beloebTilUdbetaling: '825.00',
            udbetaltBeloeb: '825.00',
            forklaringer: ['Efterregulering af september 2026: satsen er rettet'],
            linjer: [septemberLine('1250.00')],
          }),
        ),
      ],
    },
    expectation: {
      summary: 'the correction is applied; the citizen sees both payments for September, the regular schedule goes on',
      items: [{ state: 'applied' }],
      citizen: [
        paymentsShown([
          { periodeStart: '2026-09-01', periodeSlut: '2026-09-30', forklaringer: 1 },
          { periodeStart: '2026-09-01', periodeSlut: '2026-09-30', forklaringer: 1 },
        ]),
        nextPayment({ dato: '2026-11-30', beloeb: '18000.00' }),
      ],
    },
    variants: [],
  },
  {
    id: 'retired-kle',
    description: 'a case classified under a retired KLE emne',
    providerStates: [
      {
        name: 'a citizen has an uddannelseshjælp case in municipality {cvr} classified under the retired KLE emne {kle}',
        params: { cvr: CVR, kle: RETIRED_KLE },
      },
    ],
    background: [],
    delivery: {
      items: [
        upsert(
          'import',
          sag({
            uuid: IDS.uddannelseshjaelp,
            tidspunkt: '2026-06-01T09:00:00Z',
            citizen: CITIZEN,
            kle: RETIRED_KLE,
            titel: 'Uddannelseshjælp',
            sagsnummer: 'UDH-2026-0101',
            fremdrift: [{ tilstand: 'Opstaaet', fra: '2026-06-01T09:00:00Z' }],
          }),
        ),
      ],
    },
    expectation: {
      summary: `applied with ${RETIRED_KLE} mapped to ${REPLACING_KLE} (KLE-RETIRED-REPLACED); shown under ${REPLACING_KLE}`,
      items: [
        {
          state: 'applied',
          mapped: [
            { rule: 'KLE-RETIRED-REPLACED', pointer: '/items/0/object/primaerKlasse/kle', mappedTo: REPLACING_KLE },
          ],
        },
      ],
      citizen: [sagShown(CVR, { kle: REPLACING_KLE, status: 1 }), sagerShown(1)],
    },
    variants: [
      {
        description: 'the case is classified under an emne KLE does not have',
        change: changeObject(0, (o) => {
          (o['primaerKlasse'] as Record<string, unknown>)['kle'] = '32.24.99';
        }),
        expectation: {
          summary: 'rejected by KLE-UNKNOWN',
          items: [{ state: 'rejected', rule: 'KLE-UNKNOWN', pointer: '/items/0/object/primaerKlasse/kle' }],
          citizen: [sagerShown(0)],
        },
      },
    ],
  },
];

/** The example delivery of a pattern as a fagsystem would send it (the matchers' examples). */
export function exampleDelivery(pattern: DeliveryPattern): DeliveryBody {
  return plain(pattern.delivery);
}

export function deliveryPattern(id: DeliveryPatternId): DeliveryPattern {
  const found = DELIVERY_PATTERNS.find((p) => p.id === id);
  if (!found) throw new Error(`no delivery pattern ${id}`);
  return found;
}
