import { Inject, Injectable } from '@nestjs/common';
import { KleCatalogue } from '@overblik/kle';
import { ReferenceDataRepository } from '@overblik/persistence';
import { WordList } from '@overblik/domain';
import { APP_CONFIG } from '@overblik/platform';
import type { WorkerConfig } from '../worker.config';

/** The KLE catalogue and the municipalities' word lists, re-read from the database now and then. */
@Injectable()
export class ReferenceCache {
  private catalogue?: { value: KleCatalogue; at: number };
  private words = new Map<string, { value: WordList; at: number }>();

  constructor(
    private readonly reference: ReferenceDataRepository,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async kle(): Promise<KleCatalogue> {
    const now = Date.now();
    if (!this.catalogue || now - this.catalogue.at > this.config.KLE_REFRESH_MS) {
      const nodes = await this.reference.currentKleNodes();
      const value = new KleCatalogue(
        nodes.map((n) => ({
          nummer: n.nummer,
          level: n.level,
          titel: n.titel,
          ...(n.uuid ? { uuid: n.uuid } : {}),
          ...(n.oprettet ? { oprettet: n.oprettet } : {}),
          ...(n.rettet ? { rettet: n.rettet } : {}),
          ...(n.udgaaet ? { udgaaet: n.udgaaet } : {}),
          ...(n.afloestAf?.length ? { afloestAf: n.afloestAf } : {}),
        })),
        'database',
      );
      this.catalogue = { value, at: now };
    }
    return this.catalogue.value;
  }

  async wordLists(cvrs: string[]): Promise<Map<string, WordList>> {
    const now = Date.now();
    const stale = [...new Set(cvrs)].filter((c) => {
      const w = this.words.get(c);
      return !w || now - w.at > this.config.KLE_REFRESH_MS;
    });
    if (stale.length) {
      const lists = await this.reference.safetyWords(stale);
      for (const cvr of stale) this.words.set(cvr, { value: new WordList(lists.get(cvr) ?? []), at: now });
    }
    return new Map(cvrs.map((c) => [c, this.words.get(c)?.value ?? new WordList([])]));
  }

  /** Forget cached values (tests, and after an administrator changes the word list). */
  invalidate(): void {
    this.catalogue = undefined;
    this.words.clear();
  }
}
