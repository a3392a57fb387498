import { DataSource, type DataSourceOptions } from 'typeorm';
import { CitizenOverviewEntity } from './entities/citizen-overview.entity';
import {
  KleConfigEntity,
  KleConfigFagsystemEntity,
  KleContactPointEntity,
  SafetyWordEntity,
} from './entities/configuration.entities';
import { KleCatalogueVersionEntity, KleNodeEntity } from './entities/kle.entities';
import { FagsystemConnectionEntity, FagsystemEntity, MunicipalityEntity } from './entities/reference.entities';
import { Foundation1732300000000 } from './migrations/1732300000000-foundation.migration';
import { Ingestion1732300001000 } from './migrations/1732300001000-ingestion.migration';
import { Overview1732300002000 } from './migrations/1732300002000-overview.migration';
import { DeferredItems1732300003000 } from './migrations/1732300003000-deferred-items.migration';
import { OverviewAnswer1732300004000 } from './migrations/1732300004000-overview-answer.migration';
import { OverviewAnswerGzip1732300005000 } from './migrations/1732300005000-overview-answer-gzip.migration';
import { ResumableStreams1732300010000 } from './migrations/1732300010000-resumable-streams.migration';
import { UnfinishedStreamsIncomplete1732300011000 } from './migrations/1732300011000-unfinished-streams-incomplete.migration';
import { InboxRedaction1732300015000 } from './migrations/1732300015000-inbox-redaction.migration';
import { RedactRemovedObjects1732300015100 } from './migrations/1732300015100-redact-removed-objects.migration';
import { KeyedPartyUrns1732300015200 } from './migrations/1732300015200-keyed-party-urns.migration';
import { OwnDocumentsOnly1732300018000 } from './migrations/1732300018000-own-documents-only.migration';
import { AdminAccess1732300020000 } from './migrations/1732300020000-admin-access.migration';
import { HeldRecordReview1732300020100 } from './migrations/1732300020100-held-record-review.migration';
import { KleConfigVersions1732300021000 } from './migrations/1732300021000-kle-config-versions.migration';
import { Etape11732300021100 } from './migrations/1732300021100-etape-1.migration';
import { EmergencyHide1732300022000 } from './migrations/1732300022000-emergency-hide.migration';

export const ENTITIES = [
  MunicipalityEntity,
  FagsystemEntity,
  FagsystemConnectionEntity,
  KleCatalogueVersionEntity,
  KleNodeEntity,
  KleConfigEntity,
  KleConfigFagsystemEntity,
  KleContactPointEntity,
  SafetyWordEntity,
  CitizenOverviewEntity,
];

/** Every migration, in order. Schema changes only; data backfills live in their own migrations. */
export const MIGRATIONS = [
  Foundation1732300000000,
  Ingestion1732300001000,
  Overview1732300002000,
  DeferredItems1732300003000,
  OverviewAnswer1732300004000,
  OverviewAnswerGzip1732300005000,
  ResumableStreams1732300010000,
  UnfinishedStreamsIncomplete1732300011000,
  InboxRedaction1732300015000,
  RedactRemovedObjects1732300015100,
  KeyedPartyUrns1732300015200,
  OwnDocumentsOnly1732300018000,
  AdminAccess1732300020000,
  HeldRecordReview1732300020100,
  KleConfigVersions1732300021000,
  Etape11732300021100,
  EmergencyHide1732300022000,
];

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? 'overblik' },
  };
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}
