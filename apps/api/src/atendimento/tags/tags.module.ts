import { Module } from '@nestjs/common';
import { ContatosModule } from '../contatos/contatos.module.js';
import { ContatoTagController } from './contato-tag.controller.js';
import { TagController } from './tag.controller.js';
import { TicketTagController } from './ticket-tag.controller.js';
import { TagLigacaoRepository } from './tag-ligacao.repository.js';
import { TagRepository } from './tag.repository.js';
import { TagService } from './tag.service.js';

@Module({
  imports: [ContatosModule],
  controllers: [TagController, TicketTagController, ContatoTagController],
  providers: [TagRepository, TagLigacaoRepository, TagService],
  exports: [TagService],
})
export class TagsModule {}
