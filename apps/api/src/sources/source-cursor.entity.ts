import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where each connector resumes: written only after the page it belongs to was stored. */
@Entity({ name: 'source_cursors' })
export class SourceCursorEntity {
  /** Connector key, e.g. `mastodon-social/tag:leak`. */
  @PrimaryColumn({ name: 'connector_key', type: 'text' })
  connectorKey!: string;

  @Column({ type: 'text', nullable: true })
  cursor!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
