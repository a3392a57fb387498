import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'kle_catalogue_version' })
export class KleCatalogueVersionEntity {
  @PrimaryColumn({ type: 'text' })
  version!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'imported_at', type: 'timestamptz', default: () => 'now()' })
  importedAt!: Date;

  @Column({ name: 'node_count', type: 'integer' })
  nodeCount!: number;

  @Column({ name: 'is_current', type: 'boolean', default: false })
  isCurrent!: boolean;
}

@Entity({ name: 'kle_node' })
export class KleNodeEntity {
  @PrimaryColumn({ type: 'text' })
  version!: string;

  @PrimaryColumn({ type: 'text' })
  nummer!: string;

  @Column({ type: 'text' })
  level!: 'hovedgruppe' | 'gruppe' | 'emne' | 'handlingsfacet';

  @Column({ type: 'uuid', nullable: true })
  uuid!: string | null;

  @Column({ type: 'text' })
  titel!: string;

  @Column({ type: 'date', nullable: true })
  oprettet!: string | null;

  @Column({ type: 'date', nullable: true })
  rettet!: string | null;

  @Column({ type: 'date', nullable: true })
  udgaaet!: string | null;

  @Column({ name: 'afloest_af', type: 'text', array: true, default: () => "'{}'" })
  afloestAf!: string[];
}
