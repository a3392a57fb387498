import type { ReadKind, StoredOverview } from '@overblik/persistence';

/** The most citizens one shared statement reads. */
export const MAX_SHARED_READ = 64;

/** The statements the lanes run: `OverviewReadRepository.readStatement` (every key asked for is in the map). */
export interface OverviewReadStatements {
  readStatement(keys: readonly string[], kind: ReadKind, today: string): Promise<Map<string, StoredOverview>>;
}

export interface ReadLanesOptions {
  /**
   * At most this many read statements are under way at once, and the reads that arrive meanwhile wait
   * and go together in the next one (up to MAX_SHARED_READ citizens). A read that finds a lane free goes
   * at once, alone, so an idle API adds no wait. 0 or undefined: every read is its own statement.
   */
  lanes?: number;
  /** Told how many citizens each read statement read (1 for a read alone), for a metric. */
  onStatement?: (citizens: number) => void;
}

interface WaitingRead {
  citizenKey: string;
  resolve(answer: StoredOverview): void;
  reject(error: unknown): void;
}

/**
 * Shared reads of the overview (ADR 0003, 6): concurrent calls share read statements. Each call gets
 * exactly the row it would have read alone; a failed shared statement fails the calls in it and frees
 * its lane.
 */
export class ReadLanes {
  private readonly lanes: number;
  private readonly onStatement: (citizens: number) => void;
  private busyLanes = 0;
  /** Reads waiting for a lane, by what their statement shares (which statement, and the day). */
  private readonly waiting = new Map<string, { kind: ReadKind; today: string; reads: WaitingRead[] }>();

  constructor(
    private readonly statements: OverviewReadStatements,
    options: ReadLanesOptions = {},
  ) {
    this.lanes = options.lanes || Number.POSITIVE_INFINITY;
    this.onStatement = options.onStatement ?? (() => undefined);
  }

  /**
   * The citizen's stored answer, or their read model when no stored answer is valid for `today`, and in
   * the same round trip the configuration version. `useStored: false` always reads the read model.
   */
  read(citizenKey: string, today: string, useStored = true): Promise<StoredOverview> {
    const kind: ReadKind = useStored ? 'answer' : 'model';
    if (this.busyLanes < this.lanes) {
      this.busyLanes += 1;
      return this.statement([citizenKey], kind, today)
        .finally(() => this.laneFreed())
        .then((rows) => rows.get(citizenKey)!);
    }
    const group = `${kind}|${today}`;
    return new Promise<StoredOverview>((resolve, reject) => {
      let waiting = this.waiting.get(group);
      if (!waiting) this.waiting.set(group, (waiting = { kind, today, reads: [] }));
      waiting.reads.push({ citizenKey, resolve, reject });
    });
  }

  /** A lane came free: the oldest group of waiting reads takes it, in one statement. */
  private laneFreed(): void {
    this.busyLanes -= 1;
    const next = this.waiting.entries().next();
    if (next.done) return;
    const [group, { kind, today, reads }] = next.value;
    const batch = reads.splice(0, MAX_SHARED_READ);
    if (!reads.length) this.waiting.delete(group);
    this.busyLanes += 1;
    this.statement([...new Set(batch.map((r) => r.citizenKey))], kind, today)
      .finally(() => this.laneFreed())
      .then(
        (rows) => {
          for (const r of batch) r.resolve(rows.get(r.citizenKey)!);
        },
        (e: unknown) => {
          for (const r of batch) r.reject(e);
        },
      );
  }

  private statement(keys: readonly string[], kind: ReadKind, today: string): Promise<Map<string, StoredOverview>> {
    this.onStatement(keys.length);
    return this.statements.readStatement(keys, kind, today);
  }
}
