import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type ApplyPlan,
  citizenKeyOfParty,
  dirtyDocumentIds,
  normalizeDeliveryItem,
  planApply,
  planOverviewPatches,
  type PlannableItem,
  primaryPartyOf,
  sagerToProject,
  validateDeliveryItem,
} from '@overblik/domain';
import type { IngestJobPayload } from '@overblik/jobs';
import { IndexWriteRepository, type IndexWriteSession } from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import type { WorkerConfig } from '../worker.config';
import { IngestMetrics } from './ingest.metrics';
import { ReferenceCache } from './reference-cache.service';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

export interface ApplyResult {
  items: number;
  citizens: number;
}

/** Applies one range of inbox items: rules, order, index, safety net and read model in one transaction. */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly index: IndexWriteRepository,
    private readonly reference: ReferenceCache,
    private readonly metrics: IngestMetrics,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async applyRange(job: IngestJobPayload): Promise<ApplyResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.index.inTransaction((session) => this.applyIn(session, job));
      } catch (e) {
        const code = (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < 5) {
          this.logger.warn({ code, attempt, deliveryId: job.deliveryId }, 'retrying apply after a transaction conflict');
          continue;
        }
        throw e;
      }
    }
  }

  private async applyIn(session: IndexWriteSession, job: IngestJobPayload): Promise<ApplyResult> {
    const started = process.hrtime.bigint();
    const items = await session.lockPendingItems(job.deliveryId, job.fromSeq, job.toSeq);
    if (!items.length) return { items: 0, citizens: 0 };
    const payloads = items.map((i) => i.payload as PlannableItem);
    const objectIds = payloads.map((p) => p.object?.uuid).filter((x): x is string => typeof x === 'string');
    // documents the chunk changes or its cases link: a chunk that changes one of them waits, or is waited
    // for, so a case's read-model entry never shows a document older than the stored one
    const documents = payloads.flatMap((p) => [
      ...(p.object?.objectType === 'dokument' && typeof p.object.uuid === 'string' ? [p.object.uuid] : []),
      ...(p.object?.journalposter ?? []).flatMap((jp) => ('dokumentUuid' in jp && typeof jp.dokumentUuid === 'string' ? [jp.dokumentUuid] : [])),
    ]);
    const bevillingRefs = payloads.flatMap((p) => (p.object?.linjer ?? []).map((l) => l.bevillingUuid)).filter((x): x is string => typeof x === 'string');
    const lockObjects = async (): Promise<Awaited<ReturnType<IndexWriteSession['lockLocators']>>> => {
      const locked = await session.lockLocators(objectIds);
      await session.lockDocuments(documents);
      return locked;
    };
    const [locators, liveBevillinger, kle, words] = await Promise.all([
      lockObjects(),
      session.liveIds('bevilling', bevillingRefs),
      this.reference.kle(),
      this.reference.wordLists([...new Set(payloads.map((p) => p.object?.ejer?.cvr).filter((x): x is string => typeof x === 'string'))]),
    ]);
    const secret = this.config.CPR_HASH_KEY;
    const plan = planApply(items, locators, {
      citizenKeyOf: (object) => citizenKeyOfParty(primaryPartyOf(object), object.ejer.cvr, secret),
      validate: (item, knownBevilling) => {
        const ctx = { kle, knownBevilling };
        const violations = validateDeliveryItem(item, ctx);
        const normalized = (violations.some((v) => v.severity === 'mapped') ? normalizeDeliveryItem(item, ctx) : item) as PlannableItem;
        return { violations, normalized };
      },
      liveBevillinger,
      wordListFor: (cvr) => words.get(cvr)!,
    });
    await session.write(plan, job.deliveryId);
    await session.markItems(job.deliveryId, plan.outcomes);
    const citizens = await this.project(session, plan);
    this.metrics.observe(plan.outcomes, Number(process.hrtime.bigint() - started) / 1e9);
    return { items: items.length, citizens };
  }

  /**
   * Incremental read model: only the entries of objects this chunk wrote (and of cases linking a document
   * it wrote) are projected, from the plan and a few targeted reads; PostgreSQL merges them into each
   * citizen's document. Equal to projecting every row of the citizen again (integration-tested property).
   */
  private async project(session: IndexWriteSession, plan: ApplyPlan): Promise<number> {
    const dirty = dirtyDocumentIds(plan);
    await session.lockSagerLinking(dirty);
    const linking = await session.sagerLinking(dirty);
    const sager = sagerToProject(plan, linking);
    const dokumentIds = [...new Set(sager.flatMap((s) => s.links.map((l) => l.dokumentId)))];
    const entryIds = [...sager.map((s) => s.id), ...plan.bevillinger.map((b) => b.id), ...plan.effektueringer.map((e) => e.id)];
    const [docs, held] = await Promise.all([session.dokumentBodies(dokumentIds), session.heldTexts([...entryIds, ...dokumentIds])]);
    const patches = planOverviewPatches(plan, sager, docs, held);
    await session.patchOverviews(patches);
    return patches.length;
  }
}
