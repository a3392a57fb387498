import type { IndexKind } from '@overblik/domain';
import type { Tx, Unlinked } from './sql';

/**
 * The writes of one index kind in a chunk. Each step adds to `unlinked` the documents that cases no
 * longer link, so the documents a master removed can go once no case holds them.
 */
export interface KindWriter<R> {
  readonly kind: IndexKind;
  /** Rows of objects that moved to another citizen leave the old citizen. */
  move(tx: Tx, moved: ReadonlyArray<{ id: string; oldCitizenKey: string }>, unlinked: Unlinked): Promise<void>;
  /** The chunk's rows of this kind, inserted or replaced. */
  upsert(tx: Tx, rows: readonly R[], deliveryId: string | undefined, unlinked: Unlinked): Promise<void>;
  /** Physical deletion of the objects a source removed. */
  remove(tx: Tx, ids: readonly string[], unlinked: Unlinked): Promise<void>;
}
