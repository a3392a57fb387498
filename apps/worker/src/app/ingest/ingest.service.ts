import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  type ApplyPlan,
  dirtyDocumentIds,
  keyPartyUrns,
  planApply,
  planOverviewPatches,
  type PlannableItem,
  sagerToProject,
} from '@overblik/domain';
import type { IngestJobPayload } from '@overblik/jobs';
import { IndexWriteRepository, type IndexWriteSession, type PendingItem, retryOnConflict } from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import type { WorkerConfig } from '../worker.config';
import { IngestedCitizens } from './ingested-citizens';
import { IngestRetryScheduler } from './ingest-retry.scheduler';
import { IngestMetrics } from './ingest.metrics';
import { ReferenceCache } from './reference-cache.service';

export interface ApplyResult {
  items: number;
  citizens: number;
  /** Items left pending to be tried again (payments waiting for a grant pending in the inbox). */
  deferred: number;
}

/** The first retry of a deferred item waits this long; each further one twice as long, at most SWEEP_AFTER_MS. */
const DEFER_BASE_DELAY_MS = 250;

interface Applied {
  result: ApplyResult;
  /** Seqs of this job's delivery left pending, and the highest deferral count among them. */
  deferred: { seqs: number[]; count: number };
  /** Pending grants that no transaction was applying: their items are enqueued at once. */
  unclaimed: Array<{ deliveryId: string; seq: number }>;
  /** Citizens whose read model the chunk changed. */
  citizenKeys: string[];
}

/** Grants whose import or update the chunk itself carries. */
const bevillingerIn = (payloads: PlannableItem[]): Set<string> =>
  new Set(
    payloads.filter((p) => p.operation !== 'remove' && p.object?.objectType === 'bevilling').map((p) => p.object.uuid),
  );

/** Applies one range of inbox items: rules, order, index, safety net and read model in one transaction. */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly index: IndexWriteRepository,
    private readonly reference: ReferenceCache,
    private readonly metrics: IngestMetrics,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
    private readonly retries: IngestRetryScheduler,
    @Optional() private readonly ingested?: IngestedCitizens,
  ) {}

  async applyRange(job: IngestJobPayload): Promise<ApplyResult> {
    const applied = await retryOnConflict(() => this.index.inTransaction((session) => this.applyIn(session, job)), {
      attempts: 5,
      onRetry: (code, attempt) =>
        this.logger.warn({ code, attempt, deliveryId: job.deliveryId }, 'retrying apply after a transaction conflict'),
    });
    this.followUp(job, applied);
    return applied.result;
  }

  /**
   * After the commit: deferred items come back with a growing delay; unclaimed pending grants at once;
   * the changed citizens are told to whoever listens (the answer refresh).
   */
  private followUp(job: IngestJobPayload, { deferred, unclaimed, citizenKeys }: Applied): void {
    if (citizenKeys.length) this.ingested?.changed(citizenKeys);
    if (deferred.seqs.length) {
      const delayMs = Math.min(
        DEFER_BASE_DELAY_MS * 2 ** Math.max(deferred.count - 1, 0),
        Math.max(this.config.SWEEP_AFTER_MS, DEFER_BASE_DELAY_MS),
      );
      this.retries.schedule({
        jobs: [{ deliveryId: job.deliveryId, fromSeq: Math.min(...deferred.seqs), toSeq: Math.max(...deferred.seqs) }],
        attempt: `defer-${deferred.count}`,
        delayMs,
      });
    }
    for (const u of unclaimed)
      this.retries.schedule({
        jobs: [{ deliveryId: u.deliveryId, fromSeq: u.seq, toSeq: u.seq }],
        attempt: 'awaited',
        delayMs: 0,
      });
  }

  /**
   * Grants the chunk's payment lines reference: live ones, and ones that are not live but pending in the
   * inbox. A chunk that is applying such a grant right now holds its inbox row: this waits until it
   * commits and reads liveness again, so a payment is not rejected because its grant's chunk was a moment
   * later; a pending grant nobody applies makes the payment wait (deferred), it does not reject it.
   */
  private async bevillingerFor(
    session: IndexWriteSession,
    job: IngestJobPayload,
    items: PendingItem[],
    payloads: PlannableItem[],
  ) {
    const refs = [
      ...new Set(
        payloads
          .flatMap((p) => (p.object?.linjer ?? []).map((l) => l.bevillingUuid))
          .filter((x): x is string => typeof x === 'string'),
      ),
    ];
    const live = await session.liveIds('bevilling', refs);
    const own = bevillingerIn(payloads);
    const unknown = refs.filter((id) => !live.has(id) && !own.has(id));
    if (!unknown.length) return { live, pending: new Set<string>(), unclaimed: [] };
    const unclaimed = await session.awaitPendingBevillinger(
      unknown,
      job.deliveryId,
      items.map((i) => i.seq),
    );
    for (const id of await session.liveIds('bevilling', unknown)) live.add(id);
    const stillPending = unclaimed.filter((u) => !live.has(u.id));
    return {
      live,
      pending: new Set(stillPending.map((u) => u.id)),
      unclaimed: stillPending.map(({ deliveryId, seq }) => ({ deliveryId, seq })),
    };
  }

  private async applyIn(session: IndexWriteSession, job: IngestJobPayload): Promise<Applied> {
    const started = process.hrtime.bigint();
    const items = await session.lockPendingItems(job.deliveryId, job.fromSeq, job.toSeq);
    if (!items.length)
      return {
        result: { items: 0, citizens: 0, deferred: 0 },
        deferred: { seqs: [], count: 0 },
        unclaimed: [],
        citizenKeys: [],
      };
    const payloads = items.map((i) => i.payload as PlannableItem);
    const objectIds = payloads.map((p) => p.object?.uuid).filter((x): x is string => typeof x === 'string');
    // documents the chunk changes or its cases link: a chunk that changes one of them waits, or is waited
    // for, so a case's read-model entry never shows a document older than the stored one
    const linked = payloads.flatMap((p) =>
      (p.object?.journalposter ?? []).flatMap((jp) =>
        'dokumentUuid' in jp && typeof jp.dokumentUuid === 'string' ? [jp.dokumentUuid] : [],
      ),
    );
    const documents = [
      ...payloads.flatMap((p) =>
        p.object?.objectType === 'dokument' && typeof p.object.uuid === 'string' ? [p.object.uuid] : [],
      ),
      ...linked,
    ];
    const lockObjects = async (): Promise<Awaited<ReturnType<IndexWriteSession['lockLocators']>>> => {
      const locked = await session.lockLocators(objectIds);
      await session.lockDocuments(documents);
      return locked;
    };
    // the reference data first (its cache may need a pooled connection of its own), then the grants, before
    // the chunk locks its objects: a chunk waiting for another chunk's grant holds no more than its inbox rows
    const [kle, words] = await Promise.all([
      this.reference.kle(),
      this.reference.wordLists([
        ...new Set(payloads.map((p) => p.object?.ejer?.cvr).filter((x): x is string => typeof x === 'string')),
      ]),
    ]);
    const bevillinger = await this.bevillingerFor(session, job, items, payloads);
    const locators = await lockObjects();
    // under the documents' locks: the linked documents as stored, for SAG-JOURNALPOST-FOREIGN-DOKUMENT
    const storedDokumenter = await session.linkedDokumenter(linked);
    const secret = this.config.CPR_HASH_KEY;
    const plan = planApply(items, locators, {
      kle,
      cprHashKey: secret,
      storedDokumenter,
      liveBevillinger: bevillinger.live,
      pendingBevillinger: bevillinger.pending,
      maxDeferrals: this.config.INGEST_MAX_DEFERRALS,
      wordLists: words,
    });
    // the index stores person parties by their key, not their number
    await session.write(keyPartyUrns(plan, secret), job.deliveryId);
    await session.markItems(job.deliveryId, plan.outcomes);
    await session.eraseInboxCopies(job.deliveryId, plan.erasures);
    const citizenKeys = await this.project(session, plan);
    this.metrics.observe(plan.outcomes, Number(process.hrtime.bigint() - started) / 1e9);
    const deferredSeqs = plan.outcomes.filter((o) => o.state === 'deferred').map((o) => o.seq);
    const deferrals = new Map(items.map((i) => [i.seq, i.deferrals]));
    return {
      result: { items: items.length, citizens: citizenKeys.length, deferred: deferredSeqs.length },
      deferred: { seqs: deferredSeqs, count: Math.max(0, ...deferredSeqs.map((seq) => (deferrals.get(seq) ?? 0) + 1)) },
      unclaimed: bevillinger.unclaimed,
      citizenKeys,
    };
  }

  /**
   * Incremental read model: only the entries of objects this chunk wrote (and of cases linking a document
   * it wrote) are projected, from the plan and a few targeted reads; PostgreSQL merges them into each
   * citizen's document. Equal to projecting every row of the citizen again (integration-tested property).
   */
  private async project(session: IndexWriteSession, plan: ApplyPlan): Promise<string[]> {
    const dirty = dirtyDocumentIds(plan);
    await session.lockSagerLinking(dirty);
    const linking = await session.sagerLinking(dirty);
    const sager = sagerToProject(plan, linking);
    const dokumentIds = [...new Set(sager.flatMap((s) => s.links.map((l) => l.dokumentId)))];
    const entryIds = [
      ...sager.map((s) => s.id),
      ...plan.bevillinger.map((b) => b.id),
      ...plan.effektueringer.map((e) => e.id),
    ];
    const [docs, held] = await Promise.all([
      session.dokumentBodies(dokumentIds),
      session.heldTexts([...entryIds, ...dokumentIds]),
    ]);
    const patches = planOverviewPatches(plan, sager, docs, held);
    await session.patchOverviews(patches);
    return [...new Set(patches.map((p) => p.citizenKey))];
  }
}
