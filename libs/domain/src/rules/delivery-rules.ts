import { parsePartyUrn } from '../cpr/party-urn';
import type { Bevilling } from '../index-objects/bevilling.schema';
import type { Party } from '../index-objects/common.schema';
import { deliveryItemSchema, type DeliveryItem, type UpsertDeliveryItem } from '../index-objects/delivery-item.schema';
import type { Dokument } from '../index-objects/dokument.schema';
import type { Effektuering } from '../index-objects/effektuering.schema';
import type { Sag } from '../index-objects/sag.schema';
import { fremdriftRank, type FremdriftTilstand } from '../status/fremdrift.state-machine';
import { VISNINGSKLASSE_NORMALISED } from '../visningsklasse';
import { foreignDokumentViolations, type LinkedDokument } from './dokument-link.rule';
import { hasValidPeriod, toEpochMillis, type Virkning } from '../virkning/virkning';
import { jsonPointer, pointerTokens, type RuleViolation } from './rule-violation';
import { schemaViolations } from './schema-violations';

/** The KLE look-ups the rules need (a `KleCatalogue` from @overblik/kle fits). */
export interface KleLookup {
  exists(nr: string): boolean;
  isRetired(nr: string): boolean;
  /** For a retired emne: the emne that replaces it, if any. */
  replacementFor(nr: string): string | undefined;
}

/** What the caller knows beyond the item itself. */
export interface RuleContext {
  kle: KleLookup;
  /** Whether the index holds (or this delivery brings) a live Bevilling with this UUID. */
  knownBevilling(uuid: string): boolean;
  /**
   * The latest fremdrift state stored for a sag, when one is stored. With it an update may not move
   * the sag back to an earlier state than the index already shows.
   */
  storedTilstand?(sagUuid: string): FremdriftTilstand | undefined;
  /**
   * The document a journal post links, when the index holds it (or this delivery brings it). With it a
   * case may not link another party's, municipality's or fagsystem's document.
   */
  linkedDokument?(dokumentUuid: string): LinkedDokument | undefined;
  /** The form parties are compared in: a delivered CPR URN as the index stores it (keyed); others as they are. */
  partyKey?(urn: string): string;
}

type Path = ReadonlyArray<string | number>;

const error = (rule: string, path: Path, message: string): RuleViolation => ({
  rule,
  pointer: jsonPointer(path),
  message,
  severity: 'error',
});

function kleViolations(nr: string, path: Path, ctx: RuleContext): RuleViolation[] {
  if (!ctx.kle.exists(nr)) return [error('KLE-UNKNOWN', path, `unknown KLE emne ${nr}`)];
  if (!ctx.kle.isRetired(nr)) return [];
  const replacement = ctx.kle.replacementFor(nr);
  if (replacement === undefined)
    return [error('KLE-RETIRED', path, `KLE emne ${nr} is retired and has no replacement`)];
  return [
    {
      rule: 'KLE-RETIRED-REPLACED',
      pointer: jsonPointer(path),
      message: `KLE emne ${nr} is retired; mapped to ${replacement}`,
      severity: 'mapped',
      mappedTo: replacement,
    },
  ];
}

function partyViolations(party: Party | undefined, path: Path): RuleViolation[] {
  // the schema checked the structure; here the CPR number must also hold a date that exists
  if (party === undefined || parsePartyUrn(party.urn) !== undefined) return [];
  return [error('PARTY-URN', [...path, 'urn'], 'the CPR number in the URN is not valid (no such date)')];
}

/** Every `virkning` object in the tree with its path. */
function virkningerIn(value: unknown, path: Path): Array<{ virkning: Virkning; path: Path }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => virkningerIn(v, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'virkning' && v !== null && typeof v === 'object'
      ? [{ virkning: v as Virkning, path: [...path, key] }]
      : virkningerIn(v, [...path, key]),
  );
}

function periodViolation(start: string, end: string | undefined, path: Path, what: string): RuleViolation[] {
  return end !== undefined && end < start ? [error('PERIOD-ORDER', path, `${what} ends before it starts`)] : [];
}

function sagViolations(sag: Sag, operation: UpsertDeliveryItem['operation'], ctx: RuleContext): RuleViolation[] {
  const out: RuleViolation[] = [];
  const f = sag.fremdrift;
  // An update replaces the stored registration, so it carries the full history as an import does.
  if (f[0] && f[0].tilstand !== 'Opstaaet') {
    out.push(
      error(
        'SAG-FREMDRIFT-OPSTAAET-FIRST',
        ['object', 'fremdrift', 0, 'tilstand'],
        'the fremdrift history must start with Opstaaet',
      ),
    );
  }
  for (let i = 1; i < f.length; i++) {
    const [prev, cur] = [f[i - 1], f[i]];
    if (!prev || !cur) continue;
    if (toEpochMillis(cur.virkning.fra) < toEpochMillis(prev.virkning.fra)) {
      out.push(
        error(
          'SAG-FREMDRIFT-ORDER',
          ['object', 'fremdrift', i, 'virkning', 'fra'],
          'fremdrift must be in chronological order',
        ),
      );
    }
    if (fremdriftRank(cur.tilstand) < fremdriftRank(prev.tilstand)) {
      out.push(
        error(
          'SAG-FREMDRIFT-BACKWARDS',
          ['object', 'fremdrift', i, 'tilstand'],
          `${prev.tilstand} cannot be followed by ${cur.tilstand}`,
        ),
      );
    }
  }
  const stored = operation === 'update' ? ctx.storedTilstand?.(sag.uuid) : undefined;
  const latest = f.at(-1);
  if (stored && latest && fremdriftRank(latest.tilstand) < fremdriftRank(stored)) {
    out.push(
      error(
        'SAG-FREMDRIFT-BACKWARDS',
        ['object', 'fremdrift', f.length - 1, 'tilstand'],
        `the index already has the sag in ${stored}`,
      ),
    );
  }
  out.push(...kleViolations(sag.primaerKlasse.kle, ['object', 'primaerKlasse', 'kle'], ctx));
  out.push(...partyViolations(sag.primaerPart, ['object', 'primaerPart']));
  sag.sekundaerParter?.forEach((p, i) => out.push(...partyViolations(p, ['object', 'sekundaerParter', i])));
  out.push(...partyViolations(sag.ydelsesmodtager, ['object', 'ydelsesmodtager']));
  if (ctx.linkedDokument) out.push(...foreignDokumentViolations(sag, ctx.linkedDokument, ctx.partyKey));
  return out;
}

function dokumentViolations(dokument: Dokument): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (dokument.dokumenttype === 'Brev, indgaaende' && dokument.brevdato === undefined) {
    out.push(error('DOKUMENT-BREVDATO-REQUIRED', ['object', 'brevdato'], 'an incoming letter must have a brevdato'));
  }
  dokument.parter.forEach((p, i) => out.push(...partyViolations(p, ['object', 'parter', i])));
  return out;
}

function bevillingViolations(bevilling: Bevilling, ctx: RuleContext): RuleViolation[] {
  const out: RuleViolation[] = [...partyViolations(bevilling.part, ['object', 'part'])];
  out.push(...periodViolation(bevilling.startdato, bevilling.slutdato, ['object', 'slutdato'], 'the grant'));
  const seen = new Set<string>();
  bevilling.ydelser.forEach((y, i) => {
    if (seen.has(y.id))
      out.push(
        error(
          'BEVILLING-YDELSE-DUPLICATE-ID',
          ['object', 'ydelser', i, 'id'],
          `another granted benefit has id ${y.id}`,
        ),
      );
    seen.add(y.id);
    out.push(...periodViolation(y.startdato, y.slutdato, ['object', 'ydelser', i, 'slutdato'], 'the granted benefit'));
    out.push(...kleViolations(y.kle, ['object', 'ydelser', i, 'kle'], ctx));
  });
  return out;
}

function effektueringViolations(e: Effektuering, ctx: RuleContext): RuleViolation[] {
  const out: RuleViolation[] = [...partyViolations(e.part, ['object', 'part'])];
  out.push(...periodViolation(e.periodeStart, e.periodeSlut, ['object', 'periodeSlut'], 'the period'));
  e.linjer.forEach((l, i) => {
    if (!ctx.knownBevilling(l.bevillingUuid)) {
      out.push(
        error(
          'EFFEKTUERING-UNKNOWN-BEVILLING',
          ['object', 'linjer', i, 'bevillingUuid'],
          `no known bevilling ${l.bevillingUuid}`,
        ),
      );
    }
    out.push(
      ...periodViolation(l.periodeStart, l.periodeSlut, ['object', 'linjer', i, 'periodeSlut'], 'the line period'),
    );
    out.push(...kleViolations(l.kle, ['object', 'linjer', i, 'kle'], ctx));
  });
  return out;
}

/** The business rules of an item that passed the schema. */
export function deliveryRuleViolations(item: DeliveryItem, ctx: RuleContext): RuleViolation[] {
  if (item.operation === 'remove') return [];
  const periods = virkningerIn(item.object, ['object'])
    .filter(({ virkning }) => !hasValidPeriod(virkning))
    .map(({ path }) => error('VIRKNING-PERIOD', [...path, 'til'], 'the virkning ends before it starts'));
  const o = item.object;
  switch (o.objectType) {
    case 'sag':
      return [...periods, ...sagViolations(o, item.operation, ctx)];
    case 'dokument':
      return [...periods, ...dokumentViolations(o)];
    case 'bevilling':
      return [...periods, ...bevillingViolations(o, ctx)];
    case 'effektuering':
      return [...periods, ...effektueringViolations(o, ctx)];
  }
}

/**
 * A `mapped` note for each Visningsklasse the item did not carry as its bare code (sent as its title, or
 * in another accepted spelling): the schema keeps the code, and the note makes the stored body the
 * normalised one. `raw` is the item as delivered, `item` what the schema made of it.
 */
function respeltVisningsklasser(raw: unknown, item: DeliveryItem): RuleViolation[] {
  const sent = (raw as { object?: { visningsklasser?: unknown } }).object?.visningsklasser;
  if (!Array.isArray(sent)) return [];
  return (item.object.visningsklasser ?? []).flatMap((v, i) => {
    const delivered = sent[i] as { kode?: unknown; titel?: unknown } | undefined;
    if (delivered?.kode === v.kode && delivered.titel === undefined) return [];
    return [
      {
        rule: VISNINGSKLASSE_NORMALISED,
        pointer: jsonPointer(['object', 'visningsklasser', i, 'kode']),
        message: `visningsklasse stored as its code ${v.kode}`,
        severity: 'mapped' as const,
        mappedTo: v.kode,
      },
    ];
  });
}

/**
 * Validates one delivery item: first the structure (schema violations SCHEMA-…, LENGTH, PARTY-URN,
 * AMOUNT-DECIMAL, KLE-FORMAT; the business rules are skipped while the structure is wrong), then the
 * business rules. Pointers are relative to the item (`/object/...`). Empty when the item is fine;
 * `mapped` entries alone do not refuse it.
 */
export function validateDeliveryItem(item: unknown, ctx: RuleContext): RuleViolation[] {
  const parsed = deliveryItemSchema.safeParse(item);
  if (!parsed.success) return schemaViolations(parsed.error, '', item);
  return [...respeltVisningsklasser(item, parsed.data), ...deliveryRuleViolations(parsed.data, ctx)];
}

/** Whether any violation refuses the item. */
export function hasErrors(violations: readonly RuleViolation[]): boolean {
  return violations.some((v) => v.severity === 'error');
}

/**
 * Applies the `mapped` results (e.g. a retired KLE emne replaced by its successor) to a copy of the
 * item. Either give the violations `validateDeliveryItem` returned (pointers relative to the item), or
 * the rule context to have them worked out; the latter throws when the item breaks the schema.
 */
export function normalizeDeliveryItem(item: unknown, ctx: RuleContext): DeliveryItem;
export function normalizeDeliveryItem(item: DeliveryItem, violations: readonly RuleViolation[]): DeliveryItem;
export function normalizeDeliveryItem(item: unknown, using: RuleContext | readonly RuleViolation[]): DeliveryItem {
  if (!Array.isArray(using)) {
    const parsed = deliveryItemSchema.safeParse(item);
    if (!parsed.success) throw new Error('cannot normalise a delivery item that breaks the schema');
    return applyMappings(parsed.data, deliveryRuleViolations(parsed.data, using as RuleContext));
  }
  return applyMappings(item as DeliveryItem, using as readonly RuleViolation[]);
}

function applyMappings(item: DeliveryItem, violations: readonly RuleViolation[]): DeliveryItem {
  const copy = structuredClone(item);
  for (const v of violations) {
    if (v.severity !== 'mapped' || v.mappedTo === undefined) continue;
    const tokens = pointerTokens(v.pointer);
    const key = tokens.pop();
    let target: unknown = copy;
    for (const token of tokens)
      target = target !== null && typeof target === 'object' ? (target as Record<string, unknown>)[token] : undefined;
    if (key === undefined || target === null || typeof target !== 'object' || !(key in target)) {
      throw new Error(`cannot apply ${v.rule} at ${v.pointer}: no such field`);
    }
    (target as Record<string, unknown>)[key] = v.mappedTo;
  }
  return copy;
}
