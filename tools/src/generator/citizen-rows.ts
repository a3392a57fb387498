import {
  normalizeDeliveryItem,
  scanCitizenVisibleTexts,
  type Bevilling,
  type CitizenIndexRows,
  type Dokument,
  type Effektuering,
  type IndexObject,
  type RuleContext,
  type Sag,
  type UpsertDeliveryItem,
  WordList,
} from '@overblik/domain';
import type { GeneratedCitizen } from './citizen.generator';

/** The safety-net word list the national seed gives every municipality. */
export const NATIONAL_WORD_LIST = new WordList(['fortroligt', 'misbrug']);

export interface HeldText {
  objectId: string;
  kind: IndexObject['objectType'];
  ownerCvr: string;
  pointer: string;
  reason: string;
}

/** What the worker would have stored for one citizen after applying their items. */
export interface AcceptedCitizen {
  sager: Sag[];
  dokumenter: Dokument[];
  bevillinger: Bevilling[];
  effektueringer: Effektuering[];
  held: HeldText[];
  /** The read-model input, shaped as IndexWriteSession.citizenRows returns it. */
  rows: CitizenIndexRows;
}

/** The documents a sag links to, ordered as the worker reads them back (by document id). */
export function sagLinks(sag: Sag): Array<{ dokumentId: string; titel: string | null }> {
  return (sag.journalposter ?? [])
    .flatMap((j) => ('dokumentUuid' in j ? [{ dokumentId: j.dokumentUuid, titel: j.titel ?? null }] : []))
    .sort((a, b) => (a.dokumentId < b.dokumentId ? -1 : a.dokumentId > b.dokumentId ? 1 : 0));
}

/**
 * Applies a citizen's items as the worker does, without a database: refused dirt is dropped, a retired
 * KLE emne is mapped to its successor (the domain's normalizeDeliveryItem), texts the safety net holds
 * are recorded. Clean items are trusted to pass (the generator's tests prove it), so only dirty items
 * are checked again here.
 */
export function acceptCitizen(
  citizen: GeneratedCitizen,
  ruleContext: RuleContext,
  words: WordList = NATIONAL_WORD_LIST,
): AcceptedCitizen {
  const out: AcceptedCitizen = {
    sager: [],
    dokumenter: [],
    bevillinger: [],
    effektueringer: [],
    held: [],
    rows: { sager: [], dokumenter: [], bevillinger: [], effektueringer: [], held: [] },
  };
  for (const g of citizen.items) {
    if (g.dirty?.outcome === 'rejected') continue;
    const object =
      g.dirty?.outcome === 'mapped'
        ? (normalizeDeliveryItem(g.item, ruleContext) as UpsertDeliveryItem).object
        : g.item.object;
    if (g.dirty?.outcome === 'held') {
      for (const { pointer, hit } of scanCitizenVisibleTexts(object, words)) {
        out.held.push({
          objectId: object.uuid,
          kind: object.objectType,
          ownerCvr: object.ejer.cvr,
          pointer,
          reason: hit.reason,
        });
      }
    }
    switch (object.objectType) {
      case 'sag':
        out.sager.push(object);
        out.rows.sager.push({ id: object.uuid, body: object, links: sagLinks(object) });
        break;
      case 'dokument':
        out.dokumenter.push(object);
        out.rows.dokumenter.push({ id: object.uuid, body: object });
        break;
      case 'bevilling':
        out.bevillinger.push(object);
        out.rows.bevillinger.push({ id: object.uuid, body: object });
        break;
      case 'effektuering':
        out.effektueringer.push(object);
        out.rows.effektueringer.push({ id: object.uuid, body: object });
        break;
    }
  }
  out.rows.held = out.held.map((h) => ({ objectId: h.objectId, pointer: h.pointer, reason: h.reason }));
  return out;
}
