import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DeliveryItem } from '@overblik/domain';
import { InboxRepository, inboxItemOf } from '@overblik/persistence';
import { TEST_FAGSYSTEM } from './reference-seed';

/** Accept items into the inbox as the API does (one delivery from the test fagsystem); returns its id. */
export async function deliverToInbox(dataSource: DataSource, items: DeliveryItem[]): Promise<string> {
  const accepted = await new InboxRepository(dataSource).acceptBatch(
    {
      id: randomUUID(),
      fagsystemId: TEST_FAGSYSTEM.id,
      idempotencyKey: null,
      bodyHash: randomUUID(),
      transport: 'batch',
    },
    items.map(inboxItemOf),
  );
  return accepted.deliveryId;
}
