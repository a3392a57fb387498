import { z } from 'zod';
import { indexObjectSchema } from '../index-objects/delivery-item.schema';
import { text } from '../index-objects/common.schema';
import { OBJECT_TYPES, type ObjectType } from '../index-objects/index-object.constants';
import { sagSchema } from '../index-objects/sag.schema';
import { type PlanContext, planApply } from '../ingestion/apply-planner';
import { buildOverview } from '../overview/overview.builder';
import { buildDisplayConfiguration } from '../overview/display-configuration';
import { anOpenedKle, CVR, KLE } from '../overview/overview.fixtures';
import { projectCitizenOverview } from '../read-model/citizen-overview.projection';
import {
  aBevilling,
  aDeliveryItem,
  aDokument,
  anEffektuering,
  aParty,
  aKleLookup,
  aSag,
  aSyntheticCpr,
  aVirkning,
  syntheticUuid,
} from '../testing/factories';
import {
  CITIZEN_VISIBLE_TEXT_FIELDS,
  citizenVisibleTexts,
  NOT_CITIZEN_VISIBLE_TEXT_FIELDS,
  scanCitizenVisibleTexts,
} from './citizen-visible-texts';

interface ZodNode {
  _zod: { def: Record<string, unknown> & { type: string } };
}

/**
 * Paths (`a/*\/b`) of every free-text string in a schema: a string with no format or pattern. Fixed value
 * lists, booleans and numbers are no text; a kind of schema the walk does not know fails the test, so a
 * new construct cannot hide a field.
 */
function freeTextPaths(schema: unknown, path: string[] = [], out = new Set<string>()): Set<string> {
  const def = (schema as ZodNode)._zod.def;
  const at = path.join('/');
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def['shape'] as Record<string, unknown>))
        freeTextPaths(child, [...path, key], out);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      freeTextPaths(def['innerType'], path, out);
      break;
    case 'array':
      freeTextPaths(def['element'], [...path, '*'], out);
      break;
    case 'pipe':
      // a normalising transform: the delivered field is the pipe's input
      freeTextPaths(def['in'], path, out);
      break;
    case 'union':
      for (const option of def['options'] as unknown[]) freeTextPaths(option, path, out);
      break;
    case 'string': {
      const checks = (def['checks'] ?? []) as ZodNode[];
      const formatted = def['format'] !== undefined || checks.some((c) => c._zod.def['check'] === 'string_format');
      if (!formatted) out.add(at);
      break;
    }
    case 'enum':
    case 'literal':
    case 'boolean':
    case 'number':
      break;
    default:
      throw new Error(`the walk does not know a zod ${def.type} (at ${at || 'the top'})`);
  }
  return out;
}

const schemaOf = (kind: ObjectType): unknown =>
  indexObjectSchema.options.find((o) => o.shape.objectType.value === kind);

const matches = (pattern: string, path: string): boolean =>
  pattern.startsWith('**/') ? path === pattern.slice(3) || path.endsWith(pattern.slice(2)) : pattern === path;

/** How the two lists classify the free-text fields of a schema. */
function classify(kind: ObjectType, schema: unknown) {
  const paths = [...freeTextPaths(schema)].sort();
  const visible = CITIZEN_VISIBLE_TEXT_FIELDS[kind].map((f) => f.path);
  const hidden = Object.keys(NOT_CITIZEN_VISIBLE_TEXT_FIELDS[kind]);
  const isHidden = (p: string): boolean => hidden.some((h) => matches(h, p));
  return {
    unclassified: paths.filter((p) => !visible.includes(p) && !isHidden(p)),
    both: paths.filter((p) => visible.includes(p) && isHidden(p)),
    staleVisible: visible.filter((v) => !paths.includes(v)),
    staleHidden: hidden.filter((h) => !paths.some((p) => matches(h, p))),
  };
}

describe('CITIZEN_VISIBLE_TEXT_FIELDS', () => {
  it.each(OBJECT_TYPES)('classifies every free-text field of a %s as citizen-visible or not, once', (kind) => {
    expect(classify(kind, schemaOf(kind))).toEqual({ unclassified: [], both: [], staleVisible: [], staleHidden: [] });
  });

  it('fails for a text field added to a schema without a place in either list', () => {
    const grown = sagSchema.extend({ undertitel: text(100), noter: z.array(z.object({ tekst: text(100) })) });
    expect(classify('sag', grown).unclassified).toEqual(['noter/*/tekst', 'undertitel']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The rendered answer: every delivered free text gets a marker, the citizen's answer is built from the read
// model, and every marker found in it must come from a field the safety net scans.

const SAG_ID = syntheticUuid('visible:sag');
const DOK_TITLED = syntheticUuid('visible:dokument-titled');
const DOK_PLAIN = syntheticUuid('visible:dokument-plain');
const BEVILLING_ID = syntheticUuid('visible:bevilling');
const withActor = () => ({ ...aVirkning(), aktoerRef: 'actor' });

/** One object of each kind with every optional text present (journal notes, names, descriptions, actors). */
function fullObjects() {
  const party = () => ({ ...aParty(), virkning: withActor() });
  const classes = [
    {
      kode: 'UNDTAGET_FOR_BORGER' as const,
      titel: 'Visning undtaget for borger',
      virkning: { ...withActor(), til: '2024-01-16T09:00:00Z' },
    },
  ];
  return [
    aSag({
      uuid: SAG_ID,
      alternativTitel: 'alternativ',
      beskrivelse: 'beskrivelse',
      kildeStatus: 'status',
      fremdrift: [{ tilstand: 'Opstaaet', virkning: withActor() }],
      ansvarlig: { urn: 'urn:oio:org-enhed:jobcenter', virkning: withActor() },
      primaerBehandler: { urn: 'urn:oio:person:behandler', navn: 'behandler', virkning: withActor() },
      primaerPart: party(),
      sekundaerParter: [party()],
      ydelsesmodtager: party(),
      primaerKlasse: { kle: KLE, virkning: withActor() },
      handlingsklasse: { facet: 'G01', virkning: withActor() },
      afgoerelsesklasse: { kode: 'FOR', virkning: withActor() },
      journalposter: [
        { dokumentUuid: DOK_TITLED, titel: 'journalpost' },
        { dokumentUuid: DOK_PLAIN },
        { notat: { titel: 'notat', tekst: 'tekst' } },
      ],
      visningsklasser: classes,
    }),
    aDokument({ uuid: DOK_TITLED, parter: [party()], visningsklasser: classes }),
    aDokument({ uuid: DOK_PLAIN, parter: [party()], visningsklasser: classes }),
    aBevilling({
      uuid: BEVILLING_ID,
      sagUuid: SAG_ID,
      part: party(),
      begrundelse: 'begrundelse',
      visningsklasser: classes,
    }),
    anEffektuering({
      uuid: syntheticUuid('visible:effektuering'),
      part: party(),
      forklaringer: ['forklaring'],
      udbetalendeEnhed: 'enhed',
      visningsklasser: classes,
      linjer: anEffektuering().linjer.map((l) => ({ ...l, bevillingUuid: BEVILLING_ID })),
    }),
  ];
}

/** Puts a marker into every location of `path` that holds a string; returns how many it set. */
function mark(value: unknown, segments: string[], make: () => string): number {
  const [head, ...rest] = segments;
  if (head === undefined || value === null || typeof value !== 'object') return 0;
  const keys = head === '*' ? (Array.isArray(value) ? value.map((_v, i) => i) : []) : [head];
  const record = value as Record<string | number, unknown>;
  let set = 0;
  for (const key of keys) {
    if (!Object.hasOwn(record, key)) continue;
    if (rest.length) set += mark(record[key], rest, make);
    else if (typeof record[key] === 'string') {
      record[key] = make();
      set++;
    }
  }
  return set;
}

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

const planCtx: PlanContext = {
  kle: aKleLookup(),
  cprHashKey: 'citizen-visible-texts-spec-key',
  liveBevillinger: new Set(),
  wordLists: new Map(),
};

describe('the texts that reach a citizen', () => {
  it('are all in CITIZEN_VISIBLE_TEXT_FIELDS, and every field there reaches the citizen', () => {
    const objects = fullObjects();
    const sources = new Map<string, string>();
    const unmarked: string[] = [];
    for (const object of objects) {
      for (const path of freeTextPaths(schemaOf(object.objectType))) {
        // a display class is one of a code list (VISNINGSKLASSE-UNKNOWN refuses anything else), and a case shows
        // only documents of its own fagsystem (SAG-JOURNALPOST-FOREIGN-DOKUMENT): no marker fits either
        if (path.startsWith('visningsklasser/') || path.startsWith('itSystem/')) continue;
        const set = mark(object, path.split('/'), () => {
          const marker = `zq${sources.size}zq`;
          sources.set(marker, `${object.objectType}:${path}`);
          return marker;
        });
        if (!set) unmarked.push(`${object.objectType}:${path}`);
      }
    }
    // each kind's fixture fills every field at least once (a new field needs a value here)
    const kinds = new Set(objects.map((o) => o.objectType));
    expect(kinds.size).toBe(OBJECT_TYPES.length);
    const everyPath = new Set(sources.values());
    expect(unmarked.filter((p) => !everyPath.has(p))).toEqual([]);
    for (const object of objects) expect(indexObjectSchema.safeParse(object).error).toBeUndefined();

    const plan = planApply(
      objects.map((o, seq) => ({ seq, payload: aDeliveryItem(o) })),
      new Map(),
      planCtx,
    );
    expect(plan.outcomes.map((o) => o.state)).toEqual(objects.map(() => 'applied'));
    const doc = projectCitizenOverview({
      sager: plan.sager.map((s) => ({ id: s.id, body: s.body, links: s.dokumentLinks })),
      dokumenter: plan.dokumenter.map((d) => ({ id: d.id, body: d.body })),
      bevillinger: plan.bevillinger.map((b) => ({ id: b.id, body: b.body })),
      effektueringer: plan.effektueringer.map((e) => ({ id: e.id, body: e.body })),
      held: [],
    });
    // the marked fagsystem ids are connected, the emne shows the case's own title and the document titles
    const config = buildDisplayConfiguration({
      version: '1',
      municipalities: [{ cvr: CVR, navn: 'Fakeby Kommune' }],
      connections: objects.map((o) => ({ municipalityCvr: CVR, fagsystemId: o.itSystem.master, status: 'ROLLED_OUT' })),
      fagsystems: [],
      kleConfigs: [{ municipalityCvr: CVR, ...anOpenedKle({ titleSource: 'SAG', documentTitles: true }) }],
      kleNodes: [{ nummer: KLE, titel: 'Hjælp til forsørgelse (kontanthjælp mv.)', afloestAf: [] }],
    });
    const { response } = buildOverview(doc, { config, today: '2024-03-15' });

    // the coverage (daekning) is built from the configuration alone
    const reached = new Set(
      stringsIn([response.kommuner, response.naesteUdbetaling]).flatMap((s) =>
        [...s.matchAll(/zq\d+zq/g)].map((m) => sources.get(m[0])!),
      ),
    );
    expect(response.kommuner[0]?.sager[0]?.dokumenter).toHaveLength(2);
    const listed = new Set(
      OBJECT_TYPES.flatMap((kind) => CITIZEN_VISIBLE_TEXT_FIELDS[kind].map((f) => `${kind}:${f.path}`)),
    );
    expect([...reached].filter((p) => !listed.has(p)).sort()).toEqual([]);
    expect([...listed].filter((p) => !reached.has(p)).sort()).toEqual([]);
  });
});

const CPR = aSyntheticCpr(7);
const cprAt = (pointer: string) => ({ pointer, rule: 'SAFETY-CPR' });

describe('scanCitizenVisibleTexts', () => {
  const bevilling = aBevilling();
  const [ydelse] = bevilling.ydelser;
  const payment = anEffektuering();
  const [linje] = payment.linjer;

  it.each<[string, { objectType: ObjectType }, Array<{ pointer: string; rule: string }>]>([
    ['a case title', aSag({ titel: `Sag om ${CPR}` }), [cprAt('/object/titel')]],
    ['a sagsnummer', aSag({ sagsnummer: CPR }), [cprAt('/object/sagsnummer')]],
    [
      'a journal-post title',
      aSag({ journalposter: [{ notat: { titel: CPR, tekst: CPR } }, { dokumentUuid: DOK_PLAIN, titel: CPR }] }),
      [cprAt('/object/journalposter/1/titel')],
    ],
    ['a document title', aDokument({ titel: `Brev ${CPR}` }), [cprAt('/object/titel')]],
    ["a granted benefit's id", aBevilling({ ydelser: [{ ...ydelse!, id: CPR }] }), [cprAt('/object/ydelser/0/id')]],
    [
      "a granted benefit's name",
      aBevilling({ ydelser: [{ ...ydelse!, navn: `Kontanthjælp ${CPR}` }] }),
      [cprAt('/object/ydelser/0/navn')],
    ],
    [
      "a payment plan's day text",
      aBevilling({
        ydelser: [{ ...ydelse!, betalingsplan: { ...ydelse!.betalingsplan!, dispositionsdagTekst: CPR } }],
      }),
      [cprAt('/object/ydelser/0/betalingsplan/dispositionsdagTekst')],
    ],
    [
      "a payment's explanation",
      anEffektuering({ forklaringer: ['ok', `Modregning ${CPR}`] }),
      [cprAt('/object/forklaringer/1')],
    ],
    [
      "a payment line's benefit id",
      anEffektuering({ linjer: [{ ...linje!, ydelseId: CPR }] }),
      [cprAt('/object/linjer/0/ydelseId')],
    ],
    ['texts no citizen sees', aSag({ alternativTitel: CPR, beskrivelse: CPR, kildeStatus: CPR }), []],
    ['a year-serial sagsnummer (an identifier, no phone number)', aSag({ sagsnummer: '2023-1234' }), []],
    [
      'a phone number in a title',
      aSag({ titel: 'Ring på 23 45 67 89' }),
      [{ pointer: '/object/titel', rule: 'SAFETY-PHONE' }],
    ],
  ])('holds what is unfit in %s', (_name, object, expected) => {
    expect(scanCitizenVisibleTexts(object).map(({ pointer, hit }) => ({ pointer, rule: hit.rule }))).toEqual(expected);
  });

  it('gives each text its JSON pointer and role', () => {
    expect(citizenVisibleTexts(aBevilling())).toEqual([
      { pointer: '/object/ydelser/0/navn', text: 'Kontanthjælp', role: 'text' },
      { pointer: '/object/ydelser/0/id', text: 'ydelse-1', role: 'identifier' },
      {
        pointer: '/object/ydelser/0/betalingsplan/dispositionsdagTekst',
        text: 'Sidste bankdag i måneden',
        role: 'text',
      },
    ]);
  });

  it('makes the planner hold a grant whose payment plan text holds a CPR-like number', () => {
    const grant = aBevilling({
      ydelser: [{ ...ydelse!, betalingsplan: { ...ydelse!.betalingsplan!, dispositionsdagTekst: `Ring ${CPR}` } }],
    });
    const plan = planApply([{ seq: 0, payload: aDeliveryItem(grant) }], new Map(), planCtx);
    expect(plan.outcomes).toEqual([
      expect.objectContaining({
        state: 'held',
        rule: 'SAFETY-CPR',
        pointer: '/object/ydelser/0/betalingsplan/dispositionsdagTekst',
      }),
    ]);
    expect(plan.held.map((h) => h.pointer)).toEqual(['/object/ydelser/0/betalingsplan/dispositionsdagTekst']);
  });
});
