import {
  aBevilling,
  aDeliveryItem,
  aDokument,
  aKleLookup,
  anEffektuering,
  aParty,
  aRemoveItem,
  aRuleContext,
  aSag,
  DEFAULT_BEVILLING_UUID,
} from '../testing/factories';
import type { BevilgetYdelse } from '../index-objects/bevilling.schema';
import { deliveryItemSchema, type DeliveryItem } from '../index-objects/delivery-item.schema';
import {
  MAX_BESKRIVELSE_LENGTH,
  MAX_NOTAT_BYTES,
  MAX_SAGSNUMMER_LENGTH,
  MAX_TITEL_LENGTH,
} from '../index-objects/index-object.constants';
import { hasErrors, normalizeDeliveryItem, validateDeliveryItem, type RuleContext } from './delivery-rules';
import { DELIVERY_RULES, pointerTokens } from './rule-violation';
import { schemaViolations } from './schema-violations';

/** A copy of the item with the value at `pointer` replaced (or removed when `value` is undefined). */
function withValue(item: unknown, pointer: string, value: unknown): unknown {
  const copy: unknown = structuredClone(item);
  const tokens = pointerTokens(pointer);
  const key = tokens.pop() as string;
  const parent = tokens.reduce<unknown>((node, t) => (node as Record<string, unknown>)[t], copy) as Record<
    string,
    unknown
  >;
  if (value === undefined) delete parent[key];
  else parent[key] = value;
  return copy;
}

const sag = (): DeliveryItem => aDeliveryItem(aSag());
const dokument = (): DeliveryItem => aDeliveryItem(aDokument());
const bevilling = (): DeliveryItem => aDeliveryItem(aBevilling());
const effektuering = (): DeliveryItem => aDeliveryItem(anEffektuering());
const v = (fra: string, til?: string) => (til ? { fra, til } : { fra });
const fremdrift = (...states: Array<[string, string]>) =>
  states.map(([tilstand, fra]) => ({ tilstand, virkning: v(fra) }));
const JAN = (d: number): string => `2024-01-${String(d).padStart(2, '0')}T09:00:00Z`;
const CPR_LIKE_INVALID_DATE = '310499' + '0000';
const [ydelse] = aBevilling().ydelser as [BevilgetYdelse];
const OWN_DOK = '00000000-0000-4000-8000-00000000d0c1';
const OTHERS_DOK = '00000000-0000-4000-8000-00000000d0c2';

interface Case {
  rule: keyof typeof DELIVERY_RULES;
  name: string;
  bad: unknown;
  pointer: string;
  good: unknown;
  ctx?: RuleContext;
}

const cases: Case[] = [
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'no operation',
    bad: withValue(sag(), '/operation', undefined),
    pointer: '/operation',
    good: sag(),
  },
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'no Ejer',
    bad: withValue(sag(), '/object/ejer', undefined),
    pointer: '/object/ejer',
    good: sag(),
  },
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'no Ansvarlig',
    bad: withValue(sag(), '/object/ansvarlig', undefined),
    pointer: '/object/ansvarlig',
    good: sag(),
  },
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'no Primær klasse',
    bad: withValue(sag(), '/object/primaerKlasse', undefined),
    pointer: '/object/primaerKlasse',
    good: sag(),
  },
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'no Handlingsklasse',
    bad: withValue(sag(), '/object/handlingsklasse', undefined),
    pointer: '/object/handlingsklasse',
    good: sag(),
  },
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'no Master',
    bad: withValue(dokument(), '/object/itSystem/master', undefined),
    pointer: '/object/itSystem/master',
    good: dokument(),
  },
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'no Afsender',
    bad: withValue(bevilling(), '/object/itSystem/afsender', undefined),
    pointer: '/object/itSystem/afsender',
    good: bevilling(),
  },
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'no fremdrift',
    bad: withValue(sag(), '/object/fremdrift', undefined),
    pointer: '/object/fremdrift',
    good: sag(),
  },
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'no objectType',
    bad: withValue(sag(), '/object/objectType', undefined),
    pointer: '/object/objectType',
    good: sag(),
  },
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'no ejer on a remove',
    bad: withValue(aRemoveItem(aSag()), '/object/ejer', undefined),
    pointer: '/object/ejer',
    good: aRemoveItem(aSag()),
  },
  {
    rule: 'SCHEMA-REQUIRED',
    name: 'a journalpost that is neither link nor note',
    bad: aDeliveryItem(aSag({ journalposter: [{} as never] })),
    pointer: '/object/journalposter/0/dokumentUuid',
    good: aDeliveryItem(
      aSag({
        journalposter: [{ dokumentUuid: DEFAULT_BEVILLING_UUID }, { notat: { titel: 'Notat', tekst: 'Samtale' } }],
      }),
    ),
  },
  {
    rule: 'SCHEMA-TYPE',
    name: 'a flag as text',
    bad: withValue(bevilling(), '/object/ydelser/0/tilbagebetalingspligtig', 'ja'),
    pointer: '/object/ydelser/0/tilbagebetalingspligtig',
    good: bevilling(),
  },
  {
    rule: 'SCHEMA-TYPE',
    name: 'parter as an object',
    bad: withValue(dokument(), '/object/parter', {}),
    pointer: '/object/parter',
    good: dokument(),
  },
  {
    rule: 'SCHEMA-ENUM',
    name: 'an unknown operation',
    bad: withValue(sag(), '/operation', 'delete'),
    pointer: '/operation',
    good: withValue(sag(), '/operation', 'update'),
  },
  {
    rule: 'SCHEMA-ENUM',
    name: 'an unknown objectType',
    bad: withValue(sag(), '/object/objectType', 'sagen'),
    pointer: '/object/objectType',
    good: sag(),
  },
  {
    rule: 'SCHEMA-ENUM',
    name: 'an unknown fremdrift state',
    bad: withValue(sag(), '/object/fremdrift/0/tilstand', 'Lukket'),
    pointer: '/object/fremdrift/0/tilstand',
    good: sag(),
  },
  {
    rule: 'SCHEMA-ENUM',
    name: 'an unknown dokumenttype',
    bad: withValue(dokument(), '/object/dokumenttype', 'Brev'),
    pointer: '/object/dokumenttype',
    good: dokument(),
  },
  {
    rule: 'SCHEMA-ENUM',
    name: 'an unknown foelsomhed',
    bad: withValue(sag(), '/object/foelsomhed', 'HEMMELIG'),
    pointer: '/object/foelsomhed',
    good: sag(),
  },
  {
    rule: 'SCHEMA-FORMAT',
    name: 'a tidspunkt without time',
    bad: withValue(sag(), '/object/tidspunkt', '2024-03-01'),
    pointer: '/object/tidspunkt',
    good: withValue(sag(), '/object/tidspunkt', '2024-03-01T10:00:00.123+01:00'),
  },
  {
    rule: 'SCHEMA-FORMAT',
    name: 'a CVR of four digits',
    bad: withValue(sag(), '/object/ejer/cvr', '1234'),
    pointer: '/object/ejer/cvr',
    good: sag(),
  },
  {
    rule: 'SCHEMA-UUID-RFC4122',
    name: 'a uuid that is none',
    bad: withValue(sag(), '/object/uuid', 'sag-1'),
    pointer: '/object/uuid',
    good: sag(),
  },
  {
    rule: 'SCHEMA-UUID-RFC4122',
    name: 'a uuid of the 8-4-4-4-12 shape without RFC 4122 version and variant',
    bad: withValue(sag(), '/object/uuid', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa'),
    pointer: '/object/uuid',
    good: withValue(sag(), '/object/uuid', 'AAAAAAAA-AAAA-1AAA-BAAA-AAAAAAAAAAAA'),
  },
  {
    rule: 'SCHEMA-UUID-RFC4122',
    name: "the nil uuid as a payment line's grant",
    bad: withValue(effektuering(), '/object/linjer/0/bevillingUuid', '00000000-0000-0000-0000-000000000000'),
    pointer: '/object/linjer/0/bevillingUuid',
    good: effektuering(),
  },
  {
    rule: 'SCHEMA-NUL-CHARACTER',
    name: 'a NUL character in the titel',
    bad: withValue(sag(), '/object/titel', 'Sygedagpenge\u0000'),
    pointer: '/object/titel',
    good: withValue(sag(), '/object/titel', 'Sygedagpenge'),
  },
  {
    rule: 'SCHEMA-NUL-CHARACTER',
    name: 'a NUL character in a journal note deep in the case',
    bad: withValue(sag(), '/object/journalposter', [{ notat: { titel: 'Notat', tekst: 'a\u0000b' } }]),
    pointer: '/object/journalposter/0/notat/tekst',
    good: withValue(sag(), '/object/journalposter', [{ notat: { titel: 'Notat', tekst: 'ab' } }]),
  },
  {
    rule: 'SCHEMA-NUL-CHARACTER',
    name: 'a NUL character in a field name the format does not have',
    bad: withValue(sag(), '/object/ejer/cvr\u0000', 'x'),
    pointer: '/object/ejer',
    good: sag(),
  },
  {
    rule: 'SCHEMA-NUL-CHARACTER',
    name: 'a NUL character in a code (not reported as an unknown code)',
    bad: withValue(sag(), '/object/foelsomhed', 'IKKE_FORTROLIGE_DATA\u0000'),
    pointer: '/object/foelsomhed',
    good: sag(),
  },
  {
    rule: 'SCHEMA-NUL-CHARACTER',
    name: 'a NUL character in a field a remove drops',
    bad: withValue(aRemoveItem(aSag()), '/object/titel', '\u0000'),
    pointer: '/object/titel',
    good: withValue(aRemoveItem(aSag()), '/object/titel', 'dropped'),
  },
  {
    rule: 'SCHEMA-LONE-SURROGATE',
    name: 'a lone high surrogate at the end of the titel',
    bad: withValue(sag(), '/object/titel', 'Sygedagpenge \uD83D'),
    pointer: '/object/titel',
    good: withValue(sag(), '/object/titel', 'Sygedagpenge \uD83D\uDE00'),
  },
  {
    rule: 'SCHEMA-LONE-SURROGATE',
    name: 'a lone low surrogate in a party name',
    bad: withValue(sag(), '/object/primaerPart/navn', '\uDE00Jens'),
    pointer: '/object/primaerPart/navn',
    good: withValue(sag(), '/object/primaerPart/navn', 'Jens'),
  },
  {
    rule: 'SCHEMA-LONE-SURROGATE',
    name: 'a lone surrogate in an actor URN (which the URN pattern would let through)',
    bad: withValue(sag(), '/object/ansvarlig/urn', 'urn:dk:org:\uD800x'),
    pointer: '/object/ansvarlig/urn',
    good: sag(),
  },
  {
    rule: 'SCHEMA-FORMAT',
    name: 'a startdato with time',
    bad: withValue(bevilling(), '/object/startdato', '2024-02-01T00:00:00Z'),
    pointer: '/object/startdato',
    good: bevilling(),
  },
  {
    rule: 'SCHEMA-FORMAT',
    name: 'an Ansvarlig that is no URN',
    bad: withValue(sag(), '/object/ansvarlig/urn', 'jobcenter'),
    pointer: '/object/ansvarlig/urn',
    good: sag(),
  },
  {
    rule: 'SCHEMA-EMPTY',
    name: 'an empty titel',
    bad: withValue(sag(), '/object/titel', ''),
    pointer: '/object/titel',
    good: sag(),
  },
  {
    rule: 'SCHEMA-CARDINALITY',
    name: 'an empty fremdrift',
    bad: withValue(sag(), '/object/fremdrift', []),
    pointer: '/object/fremdrift',
    good: sag(),
  },
  {
    rule: 'SCHEMA-CARDINALITY',
    name: 'a grant without benefits',
    bad: withValue(bevilling(), '/object/ydelser', []),
    pointer: '/object/ydelser',
    good: bevilling(),
  },
  {
    rule: 'SCHEMA-CARDINALITY',
    name: 'a payment without lines',
    bad: withValue(effektuering(), '/object/linjer', []),
    pointer: '/object/linjer',
    good: effektuering(),
  },
  {
    rule: 'SCHEMA-UNKNOWN-KEY',
    name: 'a caseworker name field',
    bad: withValue(sag(), '/object/sagsbehandlerNavn', 'X'),
    pointer: '/object/sagsbehandlerNavn',
    good: sag(),
  },
  {
    rule: 'SCHEMA-UNKNOWN-KEY',
    name: 'a key with a slash',
    bad: withValue(sag(), '/object/a~1b', 1),
    pointer: '/object/a~1b',
    good: sag(),
  },
  {
    rule: 'LENGTH',
    name: 'a titel over 255',
    bad: withValue(sag(), '/object/titel', 'x'.repeat(MAX_TITEL_LENGTH + 1)),
    pointer: '/object/titel',
    good: withValue(sag(), '/object/titel', 'x'.repeat(MAX_TITEL_LENGTH)),
  },
  {
    rule: 'LENGTH',
    name: 'a sagsnummer over 50',
    bad: withValue(sag(), '/object/sagsnummer', '9'.repeat(MAX_SAGSNUMMER_LENGTH + 1)),
    pointer: '/object/sagsnummer',
    good: withValue(sag(), '/object/sagsnummer', '9'.repeat(MAX_SAGSNUMMER_LENGTH)),
  },
  {
    rule: 'LENGTH',
    name: 'a beskrivelse over 4096',
    bad: withValue(sag(), '/object/beskrivelse', 'x'.repeat(MAX_BESKRIVELSE_LENGTH + 1)),
    pointer: '/object/beskrivelse',
    good: withValue(sag(), '/object/beskrivelse', 'x'.repeat(MAX_BESKRIVELSE_LENGTH)),
  },
  {
    rule: 'LENGTH',
    name: 'a journal note over 100 KB',
    bad: aDeliveryItem(
      aSag({ journalposter: [{ notat: { titel: 'Notat', tekst: 'æ'.repeat(MAX_NOTAT_BYTES / 2 + 1) } }] }),
    ),
    pointer: '/object/journalposter/0/notat/tekst',
    good: aDeliveryItem(
      aSag({ journalposter: [{ notat: { titel: 'Notat', tekst: 'æ'.repeat(MAX_NOTAT_BYTES / 2) } }] }),
    ),
  },
  {
    rule: 'PARTY-URN',
    name: 'a CPR URN of three digits',
    bad: withValue(sag(), '/object/primaerPart/urn', 'urn:oio:cpr-nr:123'),
    pointer: '/object/primaerPart/urn',
    good: withValue(sag(), '/object/primaerPart/urn', 'urn:oio:cvr-nr:12345678'),
  },
  {
    rule: 'PARTY-URN',
    name: 'a CPR URN with a date that does not exist',
    bad: withValue(sag(), '/object/primaerPart/urn', `urn:oio:cpr-nr:${CPR_LIKE_INVALID_DATE}`),
    pointer: '/object/primaerPart/urn',
    good: withValue(sag(), '/object/primaerPart/urn', 'urn:oio:pnr:1000000001'),
  },
  {
    rule: 'PARTY-URN',
    name: 'a second sekundær part',
    bad: aDeliveryItem(aSag({ sekundaerParter: [aParty(), aParty({ urn: 'cpr:1' })] })),
    pointer: '/object/sekundaerParter/1/urn',
    good: aDeliveryItem(aSag({ sekundaerParter: [aParty(), aParty({ cprSeed: 7 })] })),
  },
  {
    rule: 'PARTY-URN',
    name: 'a document party',
    bad: withValue(dokument(), '/object/parter/0/urn', `urn:oio:cpr-nr:${CPR_LIKE_INVALID_DATE}`),
    pointer: '/object/parter/0/urn',
    good: dokument(),
  },
  {
    rule: 'PARTY-URN',
    name: 'the payment party',
    bad: withValue(effektuering(), '/object/part/urn', 'urn:oio:cvr-nr:1234567'),
    pointer: '/object/part/urn',
    good: effektuering(),
  },
  {
    rule: 'AMOUNT-DECIMAL',
    name: 'a Danish-formatted amount',
    bad: withValue(effektuering(), '/object/bruttobeloeb', '12.550,00'),
    pointer: '/object/bruttobeloeb',
    good: withValue(effektuering(), '/object/bruttobeloeb', '-12550.005'),
  },
  {
    rule: 'AMOUNT-DECIMAL',
    name: 'an amount as a JSON number',
    bad: withValue(effektuering(), '/object/udbetaltBeloeb', 9036),
    pointer: '/object/udbetaltBeloeb',
    good: effektuering(),
  },
  {
    rule: 'AMOUNT-DECIMAL',
    name: 'a line amount in exponent form',
    bad: withValue(effektuering(), '/object/linjer/0/beloeb', '1.255e4'),
    pointer: '/object/linjer/0/beloeb',
    good: effektuering(),
  },
  {
    rule: 'AMOUNT-DECIMAL',
    name: 'a payment-plan amount with a currency',
    bad: withValue(bevilling(), '/object/ydelser/0/betalingsplan/beloeb', '12550 kr'),
    pointer: '/object/ydelser/0/betalingsplan/beloeb',
    good: bevilling(),
  },
  {
    rule: 'KLE-FORMAT',
    name: 'a KLE gruppe as primær klasse',
    bad: withValue(sag(), '/object/primaerKlasse/kle', '32.24'),
    pointer: '/object/primaerKlasse/kle',
    good: sag(),
  },
  {
    rule: 'KLE-FORMAT',
    name: 'an unknown facet letter',
    bad: withValue(sag(), '/object/handlingsklasse/facet', 'X01'),
    pointer: '/object/handlingsklasse/facet',
    good: withValue(sag(), '/object/handlingsklasse/facet', 'Ø05'),
  },
  {
    rule: 'KLE-UNKNOWN',
    name: 'on a sag',
    bad: withValue(sag(), '/object/primaerKlasse/kle', '99.99.99'),
    pointer: '/object/primaerKlasse/kle',
    good: withValue(sag(), '/object/primaerKlasse/kle', '15.17.06'),
  },
  {
    rule: 'KLE-UNKNOWN',
    name: 'on a granted benefit',
    bad: withValue(bevilling(), '/object/ydelser/0/kle', '99.99.99'),
    pointer: '/object/ydelser/0/kle',
    good: bevilling(),
  },
  {
    rule: 'KLE-UNKNOWN',
    name: 'on a payment line',
    bad: withValue(effektuering(), '/object/linjer/0/kle', '99.99.99'),
    pointer: '/object/linjer/0/kle',
    good: withValue(effektuering(), '/object/linjer/0/kle', '32.30.04'),
  },
  {
    rule: 'KLE-RETIRED',
    name: 'without replacement',
    bad: withValue(sag(), '/object/primaerKlasse/kle', '32.24.99'),
    pointer: '/object/primaerKlasse/kle',
    good: sag(),
    ctx: aRuleContext({ kle: aKleLookup({ retired: { '32.24.99': undefined } }) }),
  },
  {
    rule: 'SAG-FREMDRIFT-OPSTAAET-FIRST',
    name: 'a history starting at Oplyst',
    bad: withValue(sag(), '/object/fremdrift', fremdrift(['Oplyst', JAN(2)])),
    pointer: '/object/fremdrift/0/tilstand',
    good: withValue(sag(), '/object/fremdrift', fremdrift(['Opstaaet', JAN(1)], ['Oplyst', JAN(2)])),
  },
  {
    rule: 'SAG-FREMDRIFT-OPSTAAET-FIRST',
    name: 'an update starting at Afgjort',
    bad: withValue(aDeliveryItem(aSag(), 'update'), '/object/fremdrift', fremdrift(['Afgjort', JAN(2)])),
    pointer: '/object/fremdrift/0/tilstand',
    good: withValue(
      aDeliveryItem(aSag(), 'update'),
      '/object/fremdrift',
      fremdrift(['Opstaaet', JAN(1)], ['Afgjort', JAN(2)]),
    ),
  },
  {
    rule: 'SAG-FREMDRIFT-ORDER',
    name: 'Oplyst dated before Opstaaet',
    bad: withValue(sag(), '/object/fremdrift', fremdrift(['Opstaaet', JAN(5)], ['Oplyst', JAN(3)])),
    pointer: '/object/fremdrift/1/virkning/fra',
    good: withValue(sag(), '/object/fremdrift', fremdrift(['Opstaaet', JAN(5)], ['Oplyst', JAN(5)])),
  },
  {
    rule: 'SAG-FREMDRIFT-BACKWARDS',
    name: 'Afgjort back to Oplyst',
    bad: withValue(
      sag(),
      '/object/fremdrift',
      fremdrift(['Opstaaet', JAN(1)], ['Afgjort', JAN(2)], ['Oplyst', JAN(3)]),
    ),
    pointer: '/object/fremdrift/2/tilstand',
    good: withValue(sag(), '/object/fremdrift', fremdrift(['Opstaaet', JAN(1)], ['Afsluttet', JAN(3)])),
  },
  {
    rule: 'SAG-FREMDRIFT-BACKWARDS',
    name: 'an update behind the stored state',
    bad: withValue(
      aDeliveryItem(aSag(), 'update'),
      '/object/fremdrift',
      fremdrift(['Opstaaet', JAN(1)], ['Oplyst', JAN(2)]),
    ),
    pointer: '/object/fremdrift/1/tilstand',
    good: withValue(
      aDeliveryItem(aSag(), 'update'),
      '/object/fremdrift',
      fremdrift(['Opstaaet', JAN(1)], ['Oplyst', JAN(2)], ['Afgjort', JAN(3)]),
    ),
    ctx: aRuleContext({ storedTilstand: () => 'Afgjort' }),
  },
  {
    rule: 'VIRKNING-PERIOD',
    name: 'a class ending before it starts',
    bad: withValue(sag(), '/object/primaerKlasse/virkning', v(JAN(5), JAN(4))),
    pointer: '/object/primaerKlasse/virkning/til',
    good: withValue(sag(), '/object/primaerKlasse/virkning', v(JAN(4), JAN(5))),
  },
  {
    rule: 'VIRKNING-PERIOD',
    name: 'a visningsklasse ending before it starts',
    bad: withValue(dokument(), '/object/visningsklasser', [
      { kode: 'UNDTAGET_FOR_BORGER', virkning: v(JAN(5), JAN(4)) },
    ]),
    pointer: '/object/visningsklasser/0/virkning/til',
    good: withValue(dokument(), '/object/visningsklasser', [{ kode: 'UNDTAGET_FOR_BORGER', virkning: v(JAN(5)) }]),
  },
  {
    rule: 'VISNINGSKLASSE-UNKNOWN',
    name: 'a visningsklasse that names no known class',
    bad: withValue(sag(), '/object/visningsklasser', [{ kode: 'SAERLIG_VISNING', virkning: v(JAN(5)) }]),
    pointer: '/object/visningsklasser/0/kode',
    good: withValue(sag(), '/object/visningsklasser', [{ kode: 'UNDTAGET_FOR_BORGER', virkning: v(JAN(5)) }]),
  },
  {
    rule: 'PERIOD-ORDER',
    name: 'a grant ending before it starts',
    bad: withValue(bevilling(), '/object/slutdato', '2024-01-31'),
    pointer: '/object/slutdato',
    good: withValue(bevilling(), '/object/slutdato', '2024-02-01'),
  },
  {
    rule: 'PERIOD-ORDER',
    name: 'a granted benefit ending before it starts',
    bad: withValue(bevilling(), '/object/ydelser/0/slutdato', '2023-12-31'),
    pointer: '/object/ydelser/0/slutdato',
    good: withValue(bevilling(), '/object/ydelser/0/slutdato', '2024-12-31'),
  },
  {
    rule: 'PERIOD-ORDER',
    name: 'a payment period backwards',
    bad: withValue(effektuering(), '/object/periodeSlut', '2024-01-31'),
    pointer: '/object/periodeSlut',
    good: effektuering(),
  },
  {
    rule: 'PERIOD-ORDER',
    name: 'a payment line backwards',
    bad: withValue(effektuering(), '/object/linjer/0/periodeSlut', '2024-01-31'),
    pointer: '/object/linjer/0/periodeSlut',
    good: effektuering(),
  },
  {
    rule: 'DOKUMENT-BREVDATO-REQUIRED',
    name: 'an incoming letter without brevdato',
    bad: aDeliveryItem(aDokument({ dokumenttype: 'Brev, indgaaende', brevdato: undefined })),
    pointer: '/object/brevdato',
    good: aDeliveryItem(aDokument({ dokumenttype: 'Internt Notat', brevdato: undefined })),
  },
  {
    rule: 'BEVILLING-YDELSE-DUPLICATE-ID',
    name: 'two benefits with one id',
    bad: aDeliveryItem(aBevilling({ ydelser: [ydelse, { ...ydelse, navn: 'Tillæg' }] })),
    pointer: '/object/ydelser/1/id',
    good: aDeliveryItem(aBevilling({ ydelser: [ydelse, { ...ydelse, id: 'ydelse-2', navn: 'Tillæg' }] })),
  },
  {
    rule: 'EFFEKTUERING-UNKNOWN-BEVILLING',
    name: 'a line to a grant the index does not hold',
    bad: withValue(effektuering(), '/object/linjer/0/bevillingUuid', '00000000-0000-4000-8000-000000000001'),
    pointer: '/object/linjer/0/bevillingUuid',
    good: effektuering(),
    ctx: aRuleContext({ knownBevilling: (uuid) => uuid === DEFAULT_BEVILLING_UUID }),
  },
  {
    rule: 'SAG-JOURNALPOST-FOREIGN-DOKUMENT',
    name: "a journal post linking another citizen's document",
    bad: aDeliveryItem(
      aSag({ journalposter: [{ notat: { titel: 'Notat', tekst: 'x' } }, { dokumentUuid: OTHERS_DOK }] }),
    ),
    pointer: '/object/journalposter/1/dokumentUuid',
    good: aDeliveryItem(aSag({ journalposter: [{ dokumentUuid: OWN_DOK }] })),
    ctx: aRuleContext({
      linkedDokument: (uuid) =>
        uuid === OWN_DOK ? aDokument({ uuid }) : aDokument({ uuid, parter: [aParty({ cprSeed: 2 })] }),
    }),
  },
];

describe('validateDeliveryItem', () => {
  it.each(cases)(
    '$rule: refuses $name at $pointer, and accepts the corrected item',
    ({ rule, bad, pointer, good, ctx = aRuleContext() }) => {
      expect(validateDeliveryItem(bad, ctx).map((x) => [x.rule, x.pointer, x.severity])).toEqual([
        [rule, pointer, 'error'],
      ]);
      expect(validateDeliveryItem(good, ctx)).toEqual([]);
    },
  );

  it('has a failing and a passing example for every error rule it can raise', () => {
    const covered = new Set(cases.map((c) => c.rule));
    const untested = Object.keys(DELIVERY_RULES).filter((r) => !covered.has(r as keyof typeof DELIVERY_RULES));
    expect(untested).toEqual(['SCHEMA-INVALID', 'KLE-RETIRED-REPLACED', 'VISNINGSKLASSE-NORMALISED']);
  });

  it.each([
    ['primaerKlasse', withValue(sag(), '/object/primaerKlasse/kle', '32.24.32'), '/object/primaerKlasse/kle'],
    ['a granted benefit', withValue(bevilling(), '/object/ydelser/0/kle', '32.24.48'), '/object/ydelser/0/kle'],
    ['a payment line', withValue(effektuering(), '/object/linjer/0/kle', '32.24.32'), '/object/linjer/0/kle'],
  ])('KLE-RETIRED-REPLACED: maps a retired emne on %s to its replacement', (_name, item, pointer) => {
    const violations = validateDeliveryItem(item, aRuleContext());
    expect(violations).toEqual([
      {
        rule: 'KLE-RETIRED-REPLACED',
        pointer,
        message: expect.stringMatching(/^KLE emne 32\.24\.(32|48) is retired; mapped to 32\.24\.04$/),
        severity: 'mapped',
        mappedTo: '32.24.04',
      },
    ]);
    expect(validateDeliveryItem(withValue(item, pointer, '32.24.04'), aRuleContext())).toEqual([]);
  });

  it('reports several problems of one item in document order', () => {
    const item = withValue(withValue(sag(), '/object/titel', ''), '/object/ejer/cvr', 'x');
    expect(validateDeliveryItem(item, aRuleContext()).map((x) => [x.rule, x.pointer])).toEqual([
      ['SCHEMA-FORMAT', '/object/ejer/cvr'],
      ['SCHEMA-EMPTY', '/object/titel'],
    ]);
  });

  it('keeps the CPR number out of every message', () => {
    const item = withValue(sag(), '/object/primaerPart/urn', `urn:oio:cpr-nr:${CPR_LIKE_INVALID_DATE}`);
    const [violation] = validateDeliveryItem(item, aRuleContext());
    expect(violation?.message).toBe('the CPR number in the URN is not valid (no such date)');
  });

  it('accepts a remove that carries the whole object, and drops the extra fields', () => {
    const parsed = deliveryItemSchema.parse({ operation: 'remove', object: aSag() });
    expect(Object.keys(parsed.object).sort()).toEqual([
      'ejer',
      'foelsomhed',
      'itSystem',
      'objectType',
      'tidspunkt',
      'uuid',
    ]);
  });

  it.each([
    ['a string', 'sag'],
    ['null', null],
    ['an array', []],
  ])('refuses %s as the item', (_name, item) => {
    expect(validateDeliveryItem(item, aRuleContext()).map((x) => [x.rule, x.pointer])).toEqual([['SCHEMA-TYPE', '']]);
  });
});

describe('normalizeDeliveryItem', () => {
  it('replaces a retired KLE emne by its replacement in a copy', () => {
    const item = aDeliveryItem(aSag({ primaerKlasse: { kle: '32.24.32', virkning: { fra: JAN(1) } } }));
    const normalized = normalizeDeliveryItem(item, validateDeliveryItem(item, aRuleContext()));
    expect(
      normalized.operation === 'import' &&
        normalized.object.objectType === 'sag' &&
        normalized.object.primaerKlasse.kle,
    ).toBe('32.24.04');
    expect(item.operation === 'import' && item.object.objectType === 'sag' && item.object.primaerKlasse.kle).toBe(
      '32.24.32',
    );
  });

  it('works the mappings out itself when given the rule context', () => {
    const item = withValue(effektuering(), '/object/linjer/0/kle', '32.24.32');
    expect(normalizeDeliveryItem(item, aRuleContext())).toEqual(withValue(item, '/object/linjer/0/kle', '32.24.04'));
  });

  it('refuses to normalise with the rule context an item that breaks the schema', () => {
    expect(() => normalizeDeliveryItem(withValue(sag(), '/object/titel', ''), aRuleContext())).toThrow(
      'cannot normalise a delivery item that breaks the schema',
    );
  });

  it('refuses to apply a mapping at a pointer that does not exist', () => {
    expect(() =>
      normalizeDeliveryItem(sag(), [
        {
          rule: 'KLE-RETIRED-REPLACED',
          pointer: '/object/nothing/kle',
          message: '',
          severity: 'mapped',
          mappedTo: '32.24.04',
        },
      ]),
    ).toThrow('cannot apply KLE-RETIRED-REPLACED at /object/nothing/kle: no such field');
  });

  it('gives the normalised item and the mapping note when nothing refuses it', () => {
    const item = withValue(bevilling(), '/object/ydelser/0/kle', '32.24.48');
    const violations = validateDeliveryItem(item, aRuleContext());
    expect(hasErrors(violations)).toBe(false);
    expect(violations.map((x) => x.rule)).toEqual(['KLE-RETIRED-REPLACED']);
    const normalized = normalizeDeliveryItem(deliveryItemSchema.parse(item), violations);
    expect(
      normalized.operation !== 'remove' &&
        normalized.object.objectType === 'bevilling' &&
        normalized.object.ydelser[0]?.kle,
    ).toBe('32.24.04');
  });

  it.each([
    ['a schema error', withValue(sag(), '/object/titel', ''), 'SCHEMA-EMPTY'],
    ['a business-rule error', withValue(sag(), '/object/primaerKlasse/kle', '99.99.99'), 'KLE-UNKNOWN'],
  ])('refuses an item with %s', (_name, item, rule) => {
    const violations = validateDeliveryItem(item, aRuleContext());
    expect(hasErrors(violations)).toBe(true);
    expect(violations.map((x) => x.rule)).toEqual([rule]);
  });
});

describe('a delivered visningsklasse', () => {
  const withKlasse = (item: DeliveryItem, klasse: unknown): unknown =>
    withValue(item, '/object/visningsklasser', [klasse]);
  const stored = [{ kode: 'UNDTAGET_FOR_BORGER', virkning: v(JAN(5)) }];
  const visningsklasserOf = (item: DeliveryItem): unknown => item.object.visningsklasser;

  it.each<[string, Record<string, unknown>]>([
    ['the title as kode', { kode: 'Visning undtaget for borger' }],
    ['the title as titel', { titel: 'Visning undtaget for borger' }],
    ['the code and the title', { kode: 'UNDTAGET_FOR_BORGER', titel: 'Visning undtaget for borger' }],
    ['the title without "Visning"', { kode: 'undtaget for borger' }],
    ['hyphens', { kode: 'Undtaget-for-borger' }],
    ['lower case', { kode: 'undtaget_for_borger' }],
    ['a VISNING_ prefix', { kode: 'VISNING_UNDTAGET_FOR_BORGER' }],
    ['camel case', { kode: 'UndtagetForBorger' }],
    ['surrounding whitespace', { titel: ' Visning undtaget for borger ' }],
    ['a no-break space', { kode: 'Undtaget\u00a0for borger' }],
  ])('keeps %s as the code, with a mapped note', (_name, spelling) => {
    for (const item of [sag(), dokument()]) {
      const delivered = withKlasse(item, { ...spelling, virkning: v(JAN(5)) });
      const violations = validateDeliveryItem(delivered, aRuleContext());
      expect(visningsklasserOf(normalizeDeliveryItem(deliveryItemSchema.parse(delivered), violations))).toEqual(stored);
      expect(violations).toEqual([
        {
          rule: 'VISNINGSKLASSE-NORMALISED',
          pointer: '/object/visningsklasser/0/kode',
          message: 'visningsklasse stored as its code UNDTAGET_FOR_BORGER',
          severity: 'mapped',
          mappedTo: 'UNDTAGET_FOR_BORGER',
        },
      ]);
      // the worker may also have the mappings worked out from the rule context
      expect(visningsklasserOf(normalizeDeliveryItem(delivered, aRuleContext()))).toEqual(stored);
      // and what intake stores: the schema's output, which passes again unchanged and without a note
      const parsed = deliveryItemSchema.parse(delivered);
      expect(visningsklasserOf(parsed)).toEqual(stored);
      expect(validateDeliveryItem(parsed, aRuleContext())).toEqual([]);
    }
  });

  it('accepts the bare code without a note', () => {
    const delivered = withKlasse(sag(), { kode: 'UNDTAGET_FOR_BORGER', virkning: v(JAN(5)) });
    expect(validateDeliveryItem(delivered, aRuleContext())).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Array<[string, string]>]>([
    ['another class', { kode: 'SAERLIG_VISNING' }, [['VISNINGSKLASSE-UNKNOWN', '/object/visningsklasser/0/kode']]],
    ['another title', { titel: 'Visning for alle' }, [['VISNINGSKLASSE-UNKNOWN', '/object/visningsklasser/0/titel']]],
    [
      'a known code with an unknown title',
      { kode: 'UNDTAGET_FOR_BORGER', titel: 'Skjult' },
      [['VISNINGSKLASSE-UNKNOWN', '/object/visningsklasser/0/titel']],
    ],
    [
      'a misspelt code and title',
      { kode: 'UNDTAGT', titel: 'Visning undtagt' },
      [
        ['VISNINGSKLASSE-UNKNOWN', '/object/visningsklasser/0/kode'],
        ['VISNINGSKLASSE-UNKNOWN', '/object/visningsklasser/0/titel'],
      ],
    ],
    [
      'the negation',
      { kode: 'IKKE_UNDTAGET_FOR_BORGER' },
      [['VISNINGSKLASSE-UNKNOWN', '/object/visningsklasser/0/kode']],
    ],
    ['neither code nor title', {}, [['SCHEMA-REQUIRED', '/object/visningsklasser/0/kode']]],
    ['an empty code', { kode: '' }, [['SCHEMA-EMPTY', '/object/visningsklasser/0/kode']]],
    ['a code as a number', { kode: 1 }, [['SCHEMA-TYPE', '/object/visningsklasser/0/kode']]],
    [
      'a field the format does not have',
      { kode: 'UNDTAGET_FOR_BORGER', navn: 'Undtaget' },
      [['SCHEMA-UNKNOWN-KEY', '/object/visningsklasser/0/navn']],
    ],
  ])('refuses %s', (_name, spelling, expected) => {
    for (const item of [sag(), dokument()]) {
      const violations = validateDeliveryItem(withKlasse(item, { ...spelling, virkning: v(JAN(5)) }), aRuleContext());
      expect(violations.map((x) => [x.rule, x.pointer])).toEqual(expected);
    }
  });

  it('refuses a bare string without a virkning', () => {
    const violations = validateDeliveryItem(
      withValue(sag(), '/object/visningsklasser', ['UNDTAGET_FOR_BORGER']),
      aRuleContext(),
    );
    expect(violations.map((x) => [x.rule, x.pointer])).toEqual([['SCHEMA-TYPE', '/object/visningsklasser/0']]);
  });

  it('names the accepted forms in the message and does not repeat what was sent', () => {
    const [violation] = validateDeliveryItem(
      withKlasse(sag(), { kode: 'Hemmelig 0101011234', virkning: v(JAN(5)) }),
      aRuleContext(),
    );
    expect(violation?.message).toBe(
      'unknown visningsklasse; expected one of UNDTAGET_FOR_BORGER ("Visning undtaget for borger")',
    );
  });
});

describe('schemaViolations', () => {
  it('prefixes pointers and tells a missing field from its message alone', () => {
    const result = deliveryItemSchema.safeParse(withValue(sag(), '/object/ansvarlig', undefined));
    expect(result.success ? [] : schemaViolations(result.error, '/items/3')).toEqual([
      { rule: 'SCHEMA-REQUIRED', pointer: '/items/3/object/ansvarlig', message: 'required', severity: 'error' },
    ]);
  });

  it('reports a missing discriminator as an invalid value without the input', () => {
    const result = deliveryItemSchema.safeParse(withValue(sag(), '/operation', undefined));
    expect(result.success ? [] : schemaViolations(result.error).map((x) => [x.rule, x.pointer])).toEqual([
      ['SCHEMA-ENUM', '/operation'],
    ]);
  });

  it('maps an issue it does not know to SCHEMA-INVALID', () => {
    expect(
      schemaViolations([
        { code: 'not_multiple_of', divisor: 2, path: ['n'], message: 'Invalid number: must be a multiple of 2' },
      ]),
    ).toEqual([
      { rule: 'SCHEMA-INVALID', pointer: '/n', message: 'Invalid number: must be a multiple of 2', severity: 'error' },
    ]);
  });
});
