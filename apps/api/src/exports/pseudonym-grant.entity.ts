import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';

import { UserEntity } from '../auth/user.entity';

/**
 * A stable pseudonymisation key an admin granted to one researcher for a longitudinal study. The key is
 * stored here only and never exported or returned by any route; manifests carry its public key id.
 */
@Entity({ name: 'export_pseudonym_grants' })
@Index('IDX_export_pseudonym_grants_granted_to', ['grantedTo'])
export class PseudonymGrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  study!: string;

  @Column({ name: 'granted_to', type: 'uuid' })
  grantedTo!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'granted_to', foreignKeyConstraintName: 'FK_export_pseudonym_grants_user' })
  grantee?: Relation<UserEntity>;

  /** Username of the admin who granted it (kept as text: the grant outlives admin accounts). */
  @Column({ name: 'granted_by', type: 'text' })
  grantedBy!: string;

  @Column({ type: 'bytea' })
  key!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
