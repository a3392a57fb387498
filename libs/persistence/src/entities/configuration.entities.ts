import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const CONTACT_POINT_TYPES = ['DIGITAL_POST', 'TELEFON', 'EMAIL', 'HJEMMESIDE', 'FYSISK'] as const;
export type ContactPointType = (typeof CONTACT_POINT_TYPES)[number];

/** A municipality's display configuration for one KLE emne (DOMAIN.md §4). */
@Entity({ name: 'kle_config' })
export class KleConfigEntity {
  @PrimaryColumn({ name: 'municipality_cvr', type: 'char', length: 8 })
  municipalityCvr!: string;

  @PrimaryColumn({ type: 'text' })
  kle!: string;

  @Column({ type: 'boolean', default: true })
  shown!: boolean;

  @Column({ name: 'fra_dato', type: 'date' })
  fraDato!: string;

  @Column({ name: 'active_case_override', type: 'boolean', default: false })
  activeCaseOverride!: boolean;

  @Column({ name: 'title_source', type: 'text', default: 'KLE' })
  titleSource!: 'KLE' | 'SAG';

  @Column({ name: 'document_titles', type: 'boolean', default: false })
  documentTitles!: boolean;

  @Column({ name: 'selfservice_url', type: 'text', nullable: true })
  selfserviceUrl!: string | null;

  @Column({ name: 'borgerdk_url', type: 'text', nullable: true })
  borgerdkUrl!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

@Entity({ name: 'kle_config_fagsystem' })
export class KleConfigFagsystemEntity {
  @PrimaryColumn({ name: 'municipality_cvr', type: 'char', length: 8 })
  municipalityCvr!: string;

  @PrimaryColumn({ type: 'text' })
  kle!: string;

  @PrimaryColumn({ name: 'fagsystem_id', type: 'text' })
  fagsystemId!: string;
}

@Entity({ name: 'kle_contact_point' })
export class KleContactPointEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'municipality_cvr', type: 'char', length: 8 })
  municipalityCvr!: string;

  @Column({ type: 'text' })
  kle!: string;

  @Column({ type: 'text' })
  type!: ContactPointType;

  @Column({ type: 'text' })
  value!: string;

  @Column({ type: 'text', nullable: true })
  label!: string | null;
}

@Entity({ name: 'safety_word' })
export class SafetyWordEntity {
  @PrimaryColumn({ name: 'municipality_cvr', type: 'char', length: 8 })
  municipalityCvr!: string;

  @PrimaryColumn({ type: 'text' })
  word!: string;
}
