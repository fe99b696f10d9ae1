import { CreateDateColumn, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Contato } from '../contatos/contato.entity.js';
import { Tag } from './tag.entity.js';

/** A tag on a contato. */
@Entity('atendimento_contatos_tags')
export class ContatoTag {
  @PrimaryColumn({ type: 'uuid' })
  empresaId: string;

  @PrimaryColumn({ type: 'uuid' })
  contatoId: string;

  @PrimaryColumn({ type: 'uuid' })
  tagId: string;

  @ManyToOne(() => Contato, { onDelete: 'CASCADE' })
  @JoinColumn()
  contato: Relation<Contato>;

  @ManyToOne(() => Tag, { onDelete: 'CASCADE' })
  @JoinColumn()
  tag: Relation<Tag>;

  @Column({ type: 'uuid', nullable: true })
  usuarioId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  criadoEm: Date;
}
