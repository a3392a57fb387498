import { cprUrn, syntheticUuid } from '@overblik/domain';

/**
 * What a reference fagsystem (a job-centre system paying sygedagpenge) holds for the contract's citizen,
 * written as its deliveries to the platform: its own code, built from the fagsystem's records, not from
 * the contract's example bodies. The objects the provider states speak of carry the UUIDs the vendor
 * guide lists, so the platform's state before each delivery and the delivery agree.
 */

export interface FagsystemIdentity {
  /** The fagsystem's id (itSystem.master and afsender). */
  fagsystemId: string;
  /** The owning municipality's CVR (ejer). */
  cvr: string;
  /** The citizen's CPR number (synthetic in tests). */
  citizen: string;
}

type Json = Record<string, unknown>;
export interface Delivery {
  items: Json[];
}

const uuid = (name: string): string => syntheticUuid(`delivery-contract:${name}`);
/** The objects of the provider states. */
export const PROVIDER_STATE_OBJECTS = {
  sygedagpengeSag: uuid('sag:sygedagpenge'),
  opfoelgningSag: uuid('sag:sygedagpengeopfoelgning'),
  undtagetSag: uuid('sag:undtaget'),
  uddannelseshjaelpSag: uuid('sag:uddannelseshjaelp'),
  afgoerelse: uuid('dokument:afgoerelse'),
  indkaldelse: uuid('dokument:indkaldelse'),
  indgaaende: uuid('dokument:indgaaende'),
  notat: uuid('dokument:undtaget'),
  bevilling: uuid('bevilling:sygedagpenge'),
  septemberPayment: uuid('effektuering:2026-09'),
  correction: uuid('effektuering:2026-09-efterregulering'),
} as const;
const O = PROVIDER_STATE_OBJECTS;

const SYGEDAGPENGE = '32.30.04';
const OPFOELGNING = '15.17.06';
const opened = '2026-08-03T09:00:00Z';
const informed = '2026-08-20T09:00:00Z';
const decidedAt = '2026-09-01T09:00:00Z';

class Records {
  constructor(private readonly who: FagsystemIdentity) {}

  private head(objectType: string, id: string, tidspunkt: string): Json {
    return {
      objectType,
      uuid: id,
      tidspunkt,
      itSystem: { master: this.who.fagsystemId, afsender: this.who.fagsystemId },
      ejer: { cvr: this.who.cvr },
      foelsomhed: 'FORTROLIGE_PERSONOPLYSNINGER',
    };
  }

  private citizen(fra: string): Json {
    return { urn: cprUrn(this.who.citizen), navn: 'Test Borger', virkning: { fra } };
  }

  sag(s: {
    id: string;
    tidspunkt: string;
    kle: string;
    titel: string;
    sagsnummer: string;
    states: Array<[string, string]>;
    afgjort?: string;
    letters?: Array<{ id: string; titel?: string }>;
    hiddenFromCitizen?: string;
    employer?: boolean;
    caseworker?: string;
  }): Json {
    const since = s.states[0]![1];
    return {
      ...this.head('sag', s.id, s.tidspunkt),
      ...(s.hiddenFromCitizen
        ? { visningsklasser: [{ kode: 'UNDTAGET_FOR_BORGER', virkning: { fra: s.hiddenFromCitizen } }] }
        : {}),
      titel: s.titel,
      sagsnummer: s.sagsnummer,
      fremdrift: s.states.map(([tilstand, fra]) => ({ tilstand, virkning: { fra } })),
      ansvarlig: { urn: 'urn:oio:org-enhed:jobcenter-sygedagpenge', virkning: { fra: since } },
      ...(s.caseworker
        ? { primaerBehandler: { urn: 'urn:oio:bruger:sagsbehandler-1', navn: s.caseworker, virkning: { fra: since } } }
        : {}),
      primaerPart: this.citizen(since),
      ...(s.employer
        ? { sekundaerParter: [{ urn: 'urn:oio:cvr-nr:29100001', navn: 'Testby Tømrer ApS', virkning: { fra: since } }] }
        : {}),
      ...(s.employer ? { ydelsesmodtager: this.citizen(since) } : {}),
      primaerKlasse: { kle: s.kle, virkning: { fra: since } },
      handlingsklasse: { facet: 'G01', virkning: { fra: since } },
      ...(s.afgjort ? { afgoerelsesklasse: { kode: 'FOR', virkning: { fra: s.afgjort } } } : {}),
      ...(s.letters
        ? { journalposter: s.letters.map((l) => ({ dokumentUuid: l.id, ...(l.titel ? { titel: l.titel } : {}) })) }
        : {}),
    };
  }

  letter(l: { id: string; tidspunkt: string; titel: string; incoming: boolean; brevdato: string }): Json {
    return {
      ...this.head('dokument', l.id, l.tidspunkt),
      titel: l.titel,
      dokumenttype: l.incoming ? 'Brev, indgaaende' : 'Brev, udgaaende',
      brevdato: l.brevdato,
      tilstand: l.incoming ? 'Modtaget' : 'Endeligt',
      parter: [this.citizen(`${l.brevdato}T08:00:00Z`)],
    };
  }

  grant(): Json {
    const plan = (frekvens: string, dispositionsdagTekst: string, beloeb: string) => ({
      frekvens,
      forudBagud: 'BAGUD',
      dispositionsdagTekst,
      beloeb,
    });
    return {
      ...this.head('bevilling', O.bevilling, '2026-09-01T11:00:00Z'),
      sagUuid: O.sygedagpengeSag,
      part: this.citizen('2026-08-03T00:00:00Z'),
      startdato: '2026-08-03',
      begrundelse: 'Sygemeldt fra arbejde; betingelserne for sygedagpenge er opfyldt',
      ydelser: [
        {
          id: 'sygedagpenge-loebende',
          navn: 'Sygedagpenge',
          startdato: '2026-08-03',
          kle: SYGEDAGPENGE,
          tilbagebetalingspligtig: false,
          betalingsplan: plan('MAANED', 'Sidste bankdag i måneden', '18000.00'),
        },
        {
          id: 'sygedagpenge-august',
          navn: 'Sygedagpenge for august',
          startdato: '2026-08-03',
          slutdato: '2026-08-31',
          kle: SYGEDAGPENGE,
          tilbagebetalingspligtig: false,
          betalingsplan: plan('ENGANG', 'Udbetales én gang', '16200.00'),
        },
      ],
      udbetaler: 'KOMMUNE',
    };
  }

  payment(p: {
    id: string;
    tidspunkt: string;
    disposition: string;
    amounts: [string, string, string, string];
    explanation: string;
    line: string;
    grant: string;
  }): Json {
    const [brutto, afterTax, toPay, paid] = p.amounts;
    return {
      ...this.head('effektuering', p.id, p.tidspunkt),
      part: this.citizen('2026-09-01T00:00:00Z'),
      periodeStart: '2026-09-01',
      periodeSlut: '2026-09-30',
      dispositionsdato: p.disposition,
      bruttobeloeb: brutto,
      beloebEfterSkat: afterTax,
      beloebTilUdbetaling: toPay,
      udbetaltBeloeb: paid,
      forklaringer: [p.explanation],
      udbetalendeEnhed: 'Testby Kommune, Ydelsesservice',
      linjer: [
        {
          bevillingUuid: p.grant,
          ydelseId: 'sygedagpenge-loebende',
          periodeStart: '2026-09-01',
          periodeSlut: '2026-09-30',
          beloeb: p.line,
          kle: SYGEDAGPENGE,
        },
      ],
    };
  }

  removal(objectType: string, id: string, tidspunkt: string): Json {
    const envelope = this.head(objectType, id, tidspunkt);
    delete envelope['foelsomhed'];
    return envelope;
  }
}

/** The interactions of the delivery contract the fagsystem answers: pattern id → description, as the pact names them. */
export const PATTERN_DESCRIPTIONS = {
  'initial-import': 'an initial import of a case with its full fremdrift history, its parties and its letter',
  'status-change': 'a status change: the open case is decided',
  'document-on-two-cases': 'a document placed on two cases',
  'incoming-letter': 'an incoming letter with its brevdato, journalised on the open case',
  'undtaget-for-borger': 'a case with Visningsklasse "undtaget for borger" and its document',
  'relation-removed': 'a logical removal of a relation: the letter is taken off the case, the letter itself is kept',
  'object-removed': 'a physical removal of the case and its letter, deleted in the fagsystem',
  'grant-with-plan': 'a grant with its granted benefits and a monthly payment plan',
  'monthly-payment-set-off': 'a monthly payment with a set-off explained',
  'payment-correction': 'a correction of an earlier payment period',
  'retired-kle': 'a case classified under a retired KLE emne',
} as const;
const D = PATTERN_DESCRIPTIONS;

/** What the fagsystem can be asked for: one delivery per pattern of the contract (keyed by its description). */
export interface DeliveryOptions {
  /** The grant the payments reference (default: the grant the fagsystem delivered). */
  paymentGrant?: string;
  /** The removal of the case and its letter sent as updates of both. */
  removalAsUpdate?: boolean;
  /** Titles of letters and journal posts, by a key (`afgoerelse`, `afgoerelse-journal`, `indkaldelse`, …). */
  titles?: Record<string, string>;
  /** The KLE emne of the uddannelseshjælp case. */
  uddannelseshjaelpKle?: string;
}

export const LETTER_TITLES = {
  afgoerelse: 'Afgørelse om sygedagpenge',
  'afgoerelse-journal': 'Afgørelse om sygedagpenge',
  indkaldelse: 'Indkaldelse til opfølgningssamtale',
  'indkaldelse-journal-sygedagpenge': 'Indkaldelse til opfølgningssamtale',
  'indkaldelse-journal-opfoelgning': 'Indkaldelse til opfølgningssamtale',
  indgaaende: 'Partshøring: svar fra borger',
  'indgaaende-journal': 'Partshøring: svar fra borger',
  notat: 'Henvendelse fra arbejdsgiver',
  'notat-journal': 'Henvendelse fra arbejdsgiver',
} as const;
export type LetterTitleKey = keyof typeof LETTER_TITLES;

/** The fagsystem's deliveries per pattern description. */
export function referenceDeliveries(who: FagsystemIdentity, options: DeliveryOptions = {}): Map<string, Delivery> {
  const r = new Records(who);
  const title = (key: LetterTitleKey) => options.titles?.[key] ?? LETTER_TITLES[key];
  /** A journal post's own title only where the fagsystem keeps one that differs from nothing (optional in the contract). */
  const journalTitle = (key: LetterTitleKey) => options.titles?.[key];
  const openSag = (tidspunkt: string, letters?: Array<{ id: string; titel?: string }>) =>
    r.sag({
      id: O.sygedagpengeSag,
      tidspunkt,
      kle: SYGEDAGPENGE,
      titel: 'Sygedagpenge fra 3. august 2026',
      sagsnummer: 'SDP-2026-0815',
      states: [
        ['Opstaaet', opened],
        ['Oplyst', informed],
      ],
      ...(letters ? { letters } : {}),
    });
  const decidedSag = (tidspunkt: string, extra: { letters?: Array<{ id: string; titel?: string }>; full?: boolean }) =>
    r.sag({
      id: O.sygedagpengeSag,
      tidspunkt,
      kle: SYGEDAGPENGE,
      titel: 'Sygedagpenge fra 3. august 2026',
      sagsnummer: 'SDP-2026-0815',
      states: [
        ['Opstaaet', opened],
        ['Oplyst', informed],
        ['Afgjort', decidedAt],
      ],
      afgjort: decidedAt,
      ...(extra.letters ? { letters: extra.letters } : {}),
      ...(extra.full ? { employer: true, caseworker: 'Sagsbehandler Birgit Hansen' } : {}),
    });
  const decisionLetter = () =>
    r.letter({
      id: O.afgoerelse,
      tidspunkt: '2026-09-01T10:00:00Z',
      titel: title('afgoerelse'),
      incoming: false,
      brevdato: '2026-09-01',
    });
  const opfoelgning = (tidspunkt: string, letters?: Array<{ id: string; titel?: string }>) =>
    r.sag({
      id: O.opfoelgningSag,
      tidspunkt,
      kle: OPFOELGNING,
      titel: 'Opfølgning på sygemelding',
      sagsnummer: 'OPF-2026-0412',
      states: [['Opstaaet', '2026-08-10T09:00:00Z']],
      ...(letters ? { letters } : {}),
    });
  const withTitle = (id: string, key: LetterTitleKey) => {
    const t = journalTitle(key);
    return t ? { id, titel: t } : { id };
  };
  const grantRef = options.paymentGrant ?? O.bevilling;
  const removed = '2026-10-01T08:00:00Z';

  return new Map<string, Delivery>([
    [
      D['initial-import'],
      {
        items: [
          { operation: 'import', object: decisionLetter() },
          {
            operation: 'import',
            object: decidedSag('2026-09-01T10:00:00Z', {
              letters: [{ id: O.afgoerelse, titel: title('afgoerelse-journal') }],
              full: true,
            }),
          },
        ],
      },
    ],
    [D['status-change'], { items: [{ operation: 'update', object: decidedSag('2026-09-01T10:00:00Z', {}) }] }],
    [
      D['document-on-two-cases'],
      {
        items: [
          {
            operation: 'import',
            object: r.letter({
              id: O.indkaldelse,
              tidspunkt: '2026-09-10T08:00:00Z',
              titel: title('indkaldelse'),
              incoming: false,
              brevdato: '2026-09-10',
            }),
          },
          {
            operation: 'update',
            object: openSag('2026-09-10T08:00:00Z', [withTitle(O.indkaldelse, 'indkaldelse-journal-sygedagpenge')]),
          },
          {
            operation: 'update',
            object: opfoelgning('2026-09-10T08:00:00Z', [withTitle(O.indkaldelse, 'indkaldelse-journal-opfoelgning')]),
          },
        ],
      },
    ],
    [
      D['incoming-letter'],
      {
        items: [
          {
            operation: 'import',
            object: r.letter({
              id: O.indgaaende,
              tidspunkt: '2026-09-07T12:00:00Z',
              titel: title('indgaaende'),
              incoming: true,
              brevdato: '2026-09-05',
            }),
          },
          {
            operation: 'update',
            object: openSag('2026-09-07T12:00:00Z', [withTitle(O.indgaaende, 'indgaaende-journal')]),
          },
        ],
      },
    ],
    [
      D['undtaget-for-borger'],
      {
        items: [
          {
            operation: 'import',
            object: r.letter({
              id: O.notat,
              tidspunkt: '2026-09-15T09:00:00Z',
              titel: title('notat'),
              incoming: true,
              brevdato: '2026-09-14',
            }),
          },
          {
            operation: 'import',
            object: r.sag({
              id: O.undtagetSag,
              tidspunkt: '2026-09-15T09:00:00Z',
              kle: SYGEDAGPENGE,
              titel: 'Sygedagpenge, kontrol',
              sagsnummer: 'SDP-2026-0999',
              states: [['Opstaaet', '2026-09-15T09:00:00Z']],
              hiddenFromCitizen: '2026-09-15T09:00:00Z',
              letters: [withTitle(O.notat, 'notat-journal')],
            }),
          },
        ],
      },
    ],
    [
      D['relation-removed'],
      { items: [{ operation: 'update', object: decidedSag('2026-09-20T10:00:00Z', { letters: [] }) }] },
    ],
    [
      D['object-removed'],
      options.removalAsUpdate
        ? {
            items: [
              { operation: 'update', object: decidedSag(removed, { letters: [] }) },
              { operation: 'update', object: { ...decisionLetter(), tidspunkt: removed } },
            ],
          }
        : {
            items: [
              { operation: 'remove', object: r.removal('sag', O.sygedagpengeSag, removed) },
              { operation: 'remove', object: r.removal('dokument', O.afgoerelse, removed) },
            ],
          },
    ],
    [D['grant-with-plan'], { items: [{ operation: 'import', object: r.grant() }] }],
    [
      D['monthly-payment-set-off'],
      {
        items: [
          {
            operation: 'import',
            object: r.payment({
              id: O.septemberPayment,
              tidspunkt: '2026-09-30T06:00:00Z',
              disposition: '2026-09-30',
              amounts: ['18000.00', '11880.00', '10880.00', '10880.00'],
              explanation: 'Modregnet 1000,00 kr. for tilbagebetaling af for meget udbetalt kontanthjælp',
              line: '18000.00',
              grant: grantRef,
            }),
          },
        ],
      },
    ],
    [
      D['payment-correction'],
      {
        items: [
          {
            operation: 'import',
            object: r.payment({
              id: O.correction,
              tidspunkt: '2026-10-15T06:00:00Z',
              disposition: '2026-10-15',
              amounts: ['1250.00', '825.00', '825.00', '825.00'],
              explanation: 'Efterregulering af september 2026: satsen er rettet',
              line: '1250.00',
              grant: grantRef,
            }),
          },
        ],
      },
    ],
    [
      D['retired-kle'],
      {
        items: [
          {
            operation: 'import',
            object: r.sag({
              id: O.uddannelseshjaelpSag,
              tidspunkt: '2026-06-01T09:00:00Z',
              kle: options.uddannelseshjaelpKle ?? '32.24.32',
              titel: 'Uddannelseshjælp',
              sagsnummer: 'UDH-2026-0101',
              states: [['Opstaaet', '2026-06-01T09:00:00Z']],
            }),
          },
        ],
      },
    ],
  ]);
}
