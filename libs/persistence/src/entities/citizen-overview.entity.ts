import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The per-citizen read model: everything the overview needs, one indexed read. */
@Entity({ name: 'citizen_overview' })
export class CitizenOverviewEntity {
  @PrimaryColumn({ name: 'citizen_key', type: 'text' })
  citizenKey!: string;

  @Column({ type: 'jsonb' })
  body!: unknown;

  @Column({ type: 'bigint', default: 1 })
  revision!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
