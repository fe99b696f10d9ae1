import { Module } from '@nestjs/common';
import { MensagensModule } from '../../atendimento/mensagens/mensagens.module.js';
import { EnviadorDeMensagens } from './enviador-de-mensagens.service.js';
import { EnvioRepository } from './envio.repository.js';
import { LimitadorDeTaxa } from './limitador-de-taxa.js';
import { MensagemEnvioRepository } from './mensagem-envio.repository.js';

/**
 * The shared outbound pipeline: the `enviarMensagem` and `marcarLidaNoCanal` workers behind
 * MensagemService.enviarMensagem (which stores the mensagem as pendente with its job), and the per-canal
 * rate limiter every provider call waits on.
 */
@Module({
  imports: [MensagensModule],
  providers: [EnviadorDeMensagens, LimitadorDeTaxa, MensagemEnvioRepository, EnvioRepository],
  exports: [LimitadorDeTaxa],
})
export class OutboundModule {}
