import { compareAmounts, type KleLookup, UNDTAGET_FOR_BORGER } from '@overblik/domain';
import type { DeliveryPatternId } from '../delivery/patterns';

/** A delivery pattern recognised in a delivery, with the items that make it up. */
export interface Recognition {
  pattern: DeliveryPatternId;
  /** Indexes into the delivery's items. */
  items: number[];
}

/** What a session remembers of one object from the items the platform took (applied or held). */
export interface KnownObject {
  kind: string;
  removed: boolean;
  /** Sag: the fremdrift states, oldest first. */
  fremdrift?: string[];
  /** Sag: the documents its journal posts link (lower-case UUIDs). */
  dokumenter?: string[];
  /** Sag: it carries Visningsklasse "undtaget for borger". */
  undtaget?: boolean;
  /** Dokument: its type. */
  dokumenttype?: string;
  /** Effektuering: the lines' grant, benefit and period. */
  linjer?: Array<{ bevillingUuid: string; ydelseId: string; periodeStart: string; periodeSlut: string }>;
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const lower = (v: unknown): string | undefined => str(v)?.toLowerCase();

/** The item's operation and object as sent (anything not of that shape is neither). */
function partsOf(item: unknown): { operation?: string; object: Json } | undefined {
  if (!isRecord(item) || !isRecord(item['object'])) return undefined;
  return { operation: str(item['operation']), object: item['object'] };
}

const isUndtaget = (object: Json): boolean =>
  Array.isArray(object['visningsklasser']) &&
  object['visningsklasser'].some(
    (v) => isRecord(v) && (v['kode'] === UNDTAGET_FOR_BORGER || /undtaget for borger/i.test(str(v['kode']) ?? '')),
  );

const fremdriftOf = (object: Json): string[] =>
  Array.isArray(object['fremdrift'])
    ? object['fremdrift'].map((f) => (isRecord(f) ? (str(f['tilstand']) ?? '') : ''))
    : [];

const linkedDokumenter = (object: Json): string[] =>
  Array.isArray(object['journalposter'])
    ? object['journalposter'].flatMap((j) => {
        const id = isRecord(j) ? lower(j['dokumentUuid']) : undefined;
        return id ? [id] : [];
      })
    : [];

const linjerOf = (object: Json): NonNullable<KnownObject['linjer']> =>
  Array.isArray(object['linjer'])
    ? object['linjer'].flatMap((l) =>
        isRecord(l)
          ? [
              {
                bevillingUuid: lower(l['bevillingUuid']) ?? '',
                ydelseId: str(l['ydelseId']) ?? '',
                periodeStart: str(l['periodeStart']) ?? '',
                periodeSlut: str(l['periodeSlut']) ?? '',
              },
            ]
          : [],
      )
    : [];

/** What an item, taken by the platform, makes known of its object. */
export function knownObjectOf(item: unknown): { id: string; object: KnownObject } | undefined {
  const parts = partsOf(item);
  const id = parts && lower(parts.object['uuid']);
  if (!parts || !id) return undefined;
  const kind = str(parts.object['objectType']) ?? '';
  if (parts.operation === 'remove') return { id, object: { kind, removed: true } };
  const o = parts.object;
  return {
    id,
    object: {
      kind,
      removed: false,
      ...(kind === 'sag'
        ? { fremdrift: fremdriftOf(o), dokumenter: linkedDokumenter(o), undtaget: isUndtaget(o) }
        : {}),
      ...(kind === 'dokument' ? { dokumenttype: str(o['dokumenttype']) ?? '' } : {}),
      ...(kind === 'effektuering' ? { linjer: linjerOf(o) } : {}),
    },
  };
}

const overlaps = (a: { periodeStart: string; periodeSlut: string }, b: { periodeStart: string; periodeSlut: string }) =>
  a.periodeStart <= b.periodeSlut && b.periodeStart <= a.periodeSlut;

const setOff = (object: Json): boolean => {
  const paid = str(object['udbetaltBeloeb']);
  const afterTax = str(object['beloebEfterSkat']);
  const texts = object['forklaringer'];
  if (!paid || !afterTax || !Array.isArray(texts) || !texts.length) return false;
  try {
    return compareAmounts(paid, afterTax) < 0;
  } catch {
    return false;
  }
};

/**
 * Recognises which delivery patterns a delivery performs, from its content and what the session already
 * knows (`known`: objects the platform took earlier). A delivery that breaks a rule is still recognised
 * as the pattern it tries, so the scenario can fail with the rule; one delivery may perform several.
 *
 * - initial-import: the first import of a case with a history beyond Opstaaet and a journalised document
 * - status-change: a known case arrives with another fremdrift history
 * - document-on-two-cases: a document ends up journalised on two cases
 * - incoming-letter: an incoming letter ("Brev, indgaaende") journalised on a case shown to the citizen
 * - undtaget-for-borger: a case with Visningsklasse "undtaget for borger"
 * - relation-removed: a known case no longer links a document that stays
 * - object-removed: a case or document removed (operation remove)
 * - grant-with-plan: a grant with a payment plan on a granted benefit
 * - monthly-payment-set-off: a payment with explanations that pays less than the amount after tax
 * - payment-correction: a second payment for a grant's benefit and period already paid
 * - retired-kle: a case classified under a retired KLE emne
 */
export function classifyDelivery(
  items: readonly unknown[],
  known: ReadonlyMap<string, KnownObject>,
  kle: KleLookup,
): Recognition[] {
  const found = new Map<DeliveryPatternId, Set<number>>();
  const add = (pattern: DeliveryPatternId, ...indexes: number[]): void => {
    const set = found.get(pattern) ?? new Set<number>();
    indexes.forEach((i) => set.add(i));
    found.set(pattern, set);
  };
  // the session's knowledge with this delivery's items laid over it, in order, as sent
  const view = new Map(known);
  const touchedBy = new Map<string, number[]>();
  const touch = (id: string, index: number): void => {
    touchedBy.set(id, [...(touchedBy.get(id) ?? []), index]);
  };
  const sagerLinking = (dokumentId: string): string[] =>
    [...view].filter(([, o]) => o.kind === 'sag' && !o.removed && o.dokumenter?.includes(dokumentId)).map(([id]) => id);
  const removedHere = new Set(
    items.flatMap((item) => {
      const p = partsOf(item);
      const id = p && p.operation === 'remove' ? lower(p.object['uuid']) : undefined;
      return id ? [id] : [];
    }),
  );

  items.forEach((item, index) => {
    const parts = partsOf(item);
    const next = knownObjectOf(item);
    if (!parts || !next) return;
    const { id, object } = next;
    const prior = view.get(id);
    touch(id, index);
    if (parts.operation === 'remove') {
      if (object.kind === 'sag' || object.kind === 'dokument') add('object-removed', index);
      view.set(id, { ...(prior ?? { kind: object.kind }), removed: true });
      return;
    }
    const o = parts.object;
    if (object.kind === 'sag') {
      const fremdrift = object.fremdrift ?? [];
      const links = object.dokumenter ?? [];
      if (object.undtaget) add('undtaget-for-borger', index, ...links.flatMap((d) => touchedBy.get(d) ?? []));
      const klasse = isRecord(o['primaerKlasse']) ? str(o['primaerKlasse']['kle']) : undefined;
      if (klasse && kle.exists(klasse) && kle.isRetired(klasse)) add('retired-kle', index);
      const first = !prior || prior.removed;
      if (first && fremdrift.length >= 2 && links.length)
        add('initial-import', index, ...links.flatMap((d) => touchedBy.get(d) ?? []));
      if (!first && JSON.stringify(prior.fremdrift ?? []) !== JSON.stringify(fremdrift)) add('status-change', index);
      if (!first) {
        const dropped = (prior.dokumenter ?? []).filter((d) => !links.includes(d) && !removedHere.has(d));
        if (dropped.length) add('relation-removed', index);
      }
      view.set(id, object);
      for (const d of links) {
        const doc = view.get(d);
        const linking = sagerLinking(d);
        if (linking.length >= 2 && !(prior?.dokumenter ?? []).includes(d))
          add('document-on-two-cases', ...linking.flatMap((s) => touchedBy.get(s) ?? []), ...(touchedBy.get(d) ?? []));
        if (doc?.dokumenttype === 'Brev, indgaaende' && !object.undtaget)
          add('incoming-letter', index, ...(touchedBy.get(d) ?? []));
      }
      return;
    }
    view.set(id, object);
    if (object.kind === 'dokument' && object.dokumenttype === 'Brev, indgaaende') {
      const shownOn = sagerLinking(id).filter((s) => !view.get(s)?.undtaget);
      if (shownOn.length) add('incoming-letter', index, ...shownOn.flatMap((s) => touchedBy.get(s) ?? []));
    }
    if (object.kind === 'bevilling') {
      const ydelser = Array.isArray(o['ydelser']) ? o['ydelser'] : [];
      if (ydelser.some((y) => isRecord(y) && isRecord(y['betalingsplan']))) add('grant-with-plan', index);
    }
    if (object.kind === 'effektuering') {
      if (setOff(o)) add('monthly-payment-set-off', index);
      const earlier = [...view].filter(([other, k]) => other !== id && k.kind === 'effektuering' && !k.removed);
      const corrects = (object.linjer ?? []).some((l) =>
        earlier.some(([, k]) =>
          (k.linjer ?? []).some(
            (e) => e.bevillingUuid === l.bevillingUuid && e.ydelseId === l.ydelseId && overlaps(e, l),
          ),
        ),
      );
      if (corrects) add('payment-correction', index);
    }
  });
  return [...found].map(([pattern, indexes]) => ({ pattern, items: [...indexes].sort((a, b) => a - b) }));
}
