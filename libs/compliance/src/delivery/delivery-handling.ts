import {
  buildCitizenPart,
  buildDisplayConfiguration,
  caseHiddenBy,
  type CitizenOverviewDocument,
  cprKey,
  type DeliveryItem,
  deliveryItemSchema,
  type DisplayConfiguration,
  dirtyDocumentIds,
  type KleLookup,
  type NaesteUdbetaling,
  type OverviewKommune,
  planApply,
  planOverviewPatches,
  type PlannableItem,
  type RuleViolation,
  sagerToProject,
  schemaViolations,
  WordList,
} from '@overblik/domain';
import { ingestJobsFor } from '@overblik/jobs';
import { ETAPE_1_EMNER, type KleCatalogue, labourMarketSeed } from '@overblik/kle';
import { InMemoryIndex, type StoredIds } from './in-memory-index';

/** What the platform knows when a delivery arrives: reference data, configuration, the day. */
export interface DeliveryPlatform {
  kle: KleLookup;
  config: DisplayConfiguration;
  /** The safety net's word list per municipality (CVR). */
  wordLists: ReadonlyMap<string, WordList>;
  /** Today in Danish time (YYYY-MM-DD): the display rules' day. */
  today: string;
  /** The secret of the citizen key; the contract's own, not the platform's. */
  cprHashKey: string;
  /** Items per batch request (DELIVERY_MAX_ITEMS). */
  maxItems: number;
}

/** The municipality of the contracts (Testby Kommune in the provider verification's reference data). */
export const CONTRACT_KOMMUNE = { cvr: '29189846', navn: 'Testby Kommune' } as const;
/** The fagsystem of the contract's example deliveries. */
export const CONTRACT_FAGSYSTEM = { id: 'fs-contract-fagsystem', navn: 'Kontraktens fagsystem' } as const;
/** The day the contract's deliveries are handled on. */
export const CONTRACT_TODAY = '2026-11-16';
/** A word on the contract municipality's safety-net list. */
export const CONTRACT_SAFETY_WORD = 'misbrug';

export interface ContractPlatformOptions {
  kommune?: { cvr: string; navn: string };
  /** The fagsystem connected to the municipality (the contract's own by default; a verifier uses the vendor's). */
  fagsystem?: { id: string; navn: string };
  today?: string;
  kle?: KleCatalogue;
}

/**
 * The platform as the contract assumes it: one municipality connected with one fagsystem (pilot), the
 * labour-market KLE catalogue, the etape-1 emner opened from 2020-01-01 with document titles and active
 * cases before the fra-dato shown, and one word on the safety net's list.
 */
export function contractPlatform(options: ContractPlatformOptions = {}): DeliveryPlatform {
  const kommune = options.kommune ?? CONTRACT_KOMMUNE;
  const fagsystem = options.fagsystem ?? CONTRACT_FAGSYSTEM;
  const kle = options.kle ?? labourMarketSeed();
  const config = buildDisplayConfiguration({
    version: 'contract',
    municipalities: [{ cvr: kommune.cvr, navn: kommune.navn }],
    connections: [{ municipalityCvr: kommune.cvr, fagsystemId: fagsystem.id, status: 'PILOT' }],
    fagsystems: [fagsystem],
    kleConfigs: ETAPE_1_EMNER.map((nummer) => ({
      municipalityCvr: kommune.cvr,
      kle: nummer,
      shown: true,
      fraDato: '2020-01-01',
      activeCaseOverride: true,
      titleSource: 'KLE' as const,
      documentTitles: true,
      selfserviceUrl: null,
      borgerdkUrl: null,
      fagsystemFilter: [],
      contactPoints: [],
    })),
    kleNodes: kle.emner().map((n) => ({ nummer: n.nummer, titel: n.titel, afloestAf: n.afloestAf ?? [] })),
  });
  return {
    kle,
    config,
    wordLists: new Map([[kommune.cvr, new WordList([CONTRACT_SAFETY_WORD])]]),
    today: options.today ?? CONTRACT_TODAY,
    cprHashKey: 'delivery-contract-citizen-key-not-a-secret',
    maxItems: 1000,
  };
}

export type ItemState = 'applied' | 'rejected' | 'held' | 'stale' | 'deferred';

/** A value a rule replaced (e.g. a retired KLE emne mapped to its successor). */
export interface MappedValue {
  rule: string;
  /** JSON pointer into the delivery body. */
  pointer: string;
  mappedTo: string;
}

/** What became of one delivered item. */
export interface ItemOutcome {
  /** The item's index in `items`. */
  index: number;
  state: ItemState;
  rule?: string;
  /** JSON pointer into the delivery body (`/items/{index}/…`). */
  pointer?: string;
  message?: string;
  mapped: MappedValue[];
}

export interface Violation {
  rule: string;
  pointer: string;
  message: string;
}

/** The answer to a delivery: refused whole at intake (422, nothing stored), or accepted with every item's outcome. */
export type DeliveryOutcome =
  | { accepted: false; status: 422; problem: 'delivery-invalid' | 'delivery-size'; violations: Violation[] }
  | { accepted: true; items: ItemOutcome[] };

/** What one citizen would see on Mit Overblik, and why a stored case is not shown. */
export interface CitizenView {
  kommuner: OverviewKommune[];
  naesteUdbetaling: NaesteUdbetaling | null;
  /** Cases stored for the citizen that the display rules hide, with the first rule that hides each. */
  hiddenSager: Array<{ id: string; kle: string; rule: string }>;
  /** The citizen's read model (null: nothing stored). */
  readModel: CitizenOverviewDocument | null;
  /** What the index stores for the citizen. */
  stored: StoredIds;
}

/** How often deferred items (payments waiting for a grant) are tried again before the handling gives up. */
const MAX_ROUNDS = 5;

const prefixed = (index: number, pointer: string | undefined): string | undefined =>
  pointer === undefined ? undefined : `/items/${index}${pointer}`;

/**
 * The platform's delivery handling in memory, for contracts: what the api does at intake (envelope,
 * delivery schema; a batch is all or nothing) and what the worker does with each chunk (delivery rules,
 * ordering by source time, the apply plan, the safety net, the read-model patches), with the same pure
 * functions, on an index held in memory instead of PostgreSQL. Ownership (which fagsystem may write which
 * object) needs the operator's registry and is left to the provider verification.
 */
export class DeliveryHandling {
  private readonly index = new InMemoryIndex();

  constructor(readonly platform: DeliveryPlatform = contractPlatform()) {}

  /** Handles one delivery body (`{items:[…]}`) as POST /v1/deliveries and the worker would. */
  receive(body: unknown): DeliveryOutcome {
    const refused = this.intake(body);
    if ('violations' in refused) return refused;
    const { items } = refused;
    const outcomes = new Map<number, ItemOutcome>();
    const record = (done: ItemOutcome[]): void => done.forEach((o) => outcomes.set(o.index, o));
    const isDeferred = (seq: number): boolean => outcomes.get(seq)?.state === 'deferred';
    // chunks in order, as the jobs of one delivery; a grant in a later chunk is pending in the inbox meanwhile
    let queued = items.map((payload, seq) => ({ seq, payload: payload as unknown, deferrals: 0 }));
    for (const job of ingestJobsFor('contract', 0, items.length)) {
      const later = new Set(bevillingerIn(items.slice(job.toSeq + 1)));
      record(this.applyChunk(queued.slice(job.fromSeq, job.toSeq + 1), later));
    }
    // deferred items come back later, as the worker's retries bring them
    for (let round = 0; round < MAX_ROUNDS; round++) {
      queued = queued.filter((q) => isDeferred(q.seq)).map((q) => ({ ...q, deferrals: q.deferrals + 1 }));
      if (!queued.length) break;
      record(this.applyChunk(queued, new Set()));
    }
    return { accepted: true, items: items.map((_, i) => outcomes.get(i)!) };
  }

  /** What the citizen with this CPR number would see now. */
  citizen(cpr: string): CitizenView {
    const key = cprKey(cpr, this.platform.cprHashKey);
    const doc = this.index.overviewOf(key);
    const ctx = { config: this.platform.config, today: this.platform.today };
    const part = buildCitizenPart(doc, ctx);
    return {
      kommuner: part.kommuner,
      naesteUdbetaling: part.naesteUdbetaling,
      hiddenSager: (doc?.sager ?? []).flatMap((s) => {
        const rule = caseHiddenBy(s, ctx);
        return rule ? [{ id: s.id, kle: s.kle, rule }] : [];
      }),
      readModel: doc,
      stored: this.index.storedIds(key),
    };
  }

  /** Envelope and delivery schema, as the api checks them before anything is stored. */
  private intake(body: unknown): Extract<DeliveryOutcome, { accepted: false }> | { items: DeliveryItem[] } {
    const items = (body as { items?: unknown } | null)?.items;
    if (body === null || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(items)) {
      return refusal('delivery-invalid', [
        { rule: 'DELIVERY-ENVELOPE', pointer: '/items', message: 'expected an array of delivery items' },
      ]);
    }
    if (items.length < 1 || items.length > this.platform.maxItems) {
      return refusal('delivery-size', [{ rule: 'DELIVERY-SIZE', pointer: '/items', message: `${items.length} items` }]);
    }
    const violations: RuleViolation[] = [];
    const parsed: DeliveryItem[] = [];
    items.forEach((raw, i) => {
      const result = deliveryItemSchema.safeParse(raw);
      if (result.success) parsed.push(result.data);
      else violations.push(...schemaViolations(result.error, `/items/${i}`));
    });
    if (violations.length)
      return refusal(
        'delivery-invalid',
        violations.map(({ rule, pointer, message }) => ({ rule, pointer, message })),
      );
    return { items: parsed };
  }

  /** One chunk as IngestService.applyIn handles it, against the in-memory index. */
  private applyChunk(
    items: Array<{ seq: number; payload: unknown; deferrals: number }>,
    pendingBevillinger: ReadonlySet<string>,
  ): ItemOutcome[] {
    const payloads = items.map((i) => i.payload as PlannableItem);
    const refs = [...new Set(payloads.flatMap((p) => (p.object?.linjer ?? []).map((l) => l.bevillingUuid)))].filter(
      (x): x is string => typeof x === 'string',
    );
    const locators = this.index.locatorsOf(payloads.map((p) => p.object.uuid));
    const { kle, wordLists, cprHashKey } = this.platform;
    const plan = planApply(items, locators, {
      kle,
      cprHashKey,
      liveBevillinger: this.index.liveIds('bevilling', refs),
      pendingBevillinger: new Set(refs.filter((id) => pendingBevillinger.has(id))),
      wordLists,
    });
    this.index.write(plan);
    this.project(plan);
    return plan.outcomes.map((o) => {
      const mapped =
        o.state === 'rejected' || o.state === 'deferred'
          ? []
          : (plan.mappings.find((m) => m.seq === o.seq)?.violations ?? []);
      return {
        index: o.seq,
        state: o.state,
        ...(o.rule !== undefined ? { rule: o.rule } : {}),
        ...(o.pointer !== undefined ? { pointer: prefixed(o.seq, o.pointer) } : {}),
        ...(o.message !== undefined ? { message: o.message } : {}),
        mapped: mapped.map((v) => ({ rule: v.rule, pointer: prefixed(o.seq, v.pointer)!, mappedTo: v.mappedTo! })),
      };
    });
  }

  /** The read-model patches of a chunk, as IngestService.project makes them. */
  private project(plan: ReturnType<typeof planApply>): void {
    const linking = this.index.sagerLinking(dirtyDocumentIds(plan));
    const sager = sagerToProject(plan, linking);
    const dokumentIds = [...new Set(sager.flatMap((s) => s.links.map((l) => l.dokumentId)))];
    const entryIds = [
      ...sager.map((s) => s.id),
      ...plan.bevillinger.map((b) => b.id),
      ...plan.effektueringer.map((e) => e.id),
    ];
    const docs = this.index.dokumentBodies(dokumentIds);
    const held = this.index.heldTexts([...entryIds, ...dokumentIds]);
    this.index.patchOverviews(planOverviewPatches(plan, sager, docs, held));
  }
}

/** Grants these items import or update. */
const bevillingerIn = (items: readonly DeliveryItem[]): string[] =>
  items.filter((i) => i.operation !== 'remove' && i.object.objectType === 'bevilling').map((i) => i.object.uuid);

function refusal(
  problem: 'delivery-invalid' | 'delivery-size',
  violations: Violation[],
): Extract<DeliveryOutcome, { accepted: false }> {
  return { accepted: false, status: 422, problem, violations };
}
