import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export const FAGSYSTEM_CATEGORIES = ['ESDH', 'EOJ', 'JOBCENTER', 'PLADSANVISNING'] as const;
export type FagsystemCategory = (typeof FAGSYSTEM_CATEGORIES)[number];
export const CONNECTION_STATUSES = ['PILOT', 'CERTIFIED', 'ROLLED_OUT', 'SUSPENDED'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

@Entity({ name: 'municipality' })
export class MunicipalityEntity {
  @PrimaryColumn({ type: 'char', length: 8 })
  cvr!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'fagsystem' })
export class FagsystemEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  vendor!: string;

  @Column({ type: 'text' })
  product!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'text' })
  category!: FagsystemCategory;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'fagsystem_connection' })
export class FagsystemConnectionEntity {
  @PrimaryColumn({ name: 'municipality_cvr', type: 'char', length: 8 })
  municipalityCvr!: string;

  @PrimaryColumn({ name: 'fagsystem_id', type: 'text' })
  fagsystemId!: string;

  @Column({ type: 'text' })
  status!: ConnectionStatus;

  @Column({ name: 'connected_at', type: 'timestamptz', default: () => 'now()' })
  connectedAt!: Date;

  @ManyToOne(() => MunicipalityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'municipality_cvr' })
  municipality?: MunicipalityEntity;

  @ManyToOne(() => FagsystemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fagsystem_id' })
  fagsystem?: FagsystemEntity;
}
