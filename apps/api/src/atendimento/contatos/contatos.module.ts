import { Module } from '@nestjs/common';
import { ContatoIdentidadeRepository } from './contato-identidade.repository.js';
import { ContatoController } from './contato.controller.js';
import { ContatoRepository } from './contato.repository.js';
import { ContatoService } from './contato.service.js';

@Module({
  controllers: [ContatoController],
  providers: [ContatoRepository, ContatoIdentidadeRepository, ContatoService],
  exports: [ContatoService, ContatoRepository],
})
export class ContatosModule {}
