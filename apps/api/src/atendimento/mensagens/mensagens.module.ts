import { Module } from '@nestjs/common';
import { TemplatesModule } from '../templates/templates.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { AnexoUploadInterceptor } from './anexo-upload.interceptor.js';
import { MensagemController } from './mensagem.controller.js';
import { MensagemRepository } from './mensagem.repository.js';
import { MensagemService } from './mensagem.service.js';

/**
 * The outbound policy (`POLITICA_DE_ENVIO`, declared in politica-de-envio.ts) is injected from the global
 * provider of the canais module, which knows the adapters; this module deliberately provides no default.
 */
@Module({
  imports: [TicketsModule, TemplatesModule],
  controllers: [MensagemController],
  providers: [MensagemRepository, MensagemService, AnexoUploadInterceptor],
  exports: [MensagemService],
})
export class MensagensModule {}
