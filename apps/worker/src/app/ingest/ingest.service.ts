import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  citizenKeyOfParty,
  normalizeDeliveryItem,
  planApply,
  type PlannableItem,
  primaryPartyOf,
  projectCitizenOverview,
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
    const bevillingRefs = payloads.flatMap((p) => (p.object?.linjer ?? []).map((l) => l.bevillingUuid)).filter((x): x is string => typeof x === 'string');
    const [locators, liveBevillinger, kle, words] = await Promise.all([
      session.lockLocators(objectIds),
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
    await session.write(plan);
    await session.markItems(job.deliveryId, plan.outcomes);
    const rows = await session.citizenRows(plan.affectedCitizens);
    await session.saveOverviews(
      plan.affectedCitizens.map((citizenKey) => ({ citizenKey, body: projectCitizenOverview(rows.get(citizenKey)!) })),
    );
    this.metrics.observe(plan.outcomes, Number(process.hrtime.bigint() - started) / 1e9);
    return { items: items.length, citizens: plan.affectedCitizens.length };
  }
}
