import { Global, Module } from '@nestjs/common';
import { FilasModule } from '../atendimento/filas/filas.module.js';
import { POLITICA_DE_ENVIO } from '../atendimento/mensagens/politica-de-envio.js';
import { TemplatesModule } from '../atendimento/templates/templates.module.js';
import { CredenciaisCipher } from '../common/crypto/credenciais-cipher.js';
import { AppConfig } from '../config/app-config.js';
import { CanalController } from './canal.controller.js';
import { CanalRepository } from './canal.repository.js';
import { CanalService } from './canal.service.js';
import { ChannelAdapterModule } from './channel-adapter.module.js';
import { PoliticaDeEnvioCanal } from './politica-de-envio.service.js';

/**
 * Canais: CRUD and credentials, the channel adapters (registry) and the outbound policy. Global because the
 * atendimento modules consume the policy port (`POLITICA_DE_ENVIO`) and the channel pipelines the canal
 * lookups, while modules only import downwards (canais → atendimento): the port is declared in mensagens and
 * implemented here.
 */
@Global()
@Module({
  imports: [
    ChannelAdapterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        whatsapp: { apiUrl: config.values.WHATSAPP_API_URL },
        telegram: { apiUrl: config.values.TELEGRAM_API_URL },
        messenger: { apiUrl: config.values.MESSENGER_API_URL },
        instagram: { apiUrl: config.values.INSTAGRAM_API_URL },
        twilio: { apiUrl: config.values.TWILIO_API_URL, contentApiUrl: config.values.TWILIO_CONTENT_API_URL },
        email: { snsCertBaseUrl: config.values.EMAIL_SNS_CERT_BASE_URL },
      }),
    }),
    FilasModule,
    TemplatesModule,
  ],
  controllers: [CanalController],
  providers: [
    CredenciaisCipher,
    CanalRepository,
    CanalService,
    PoliticaDeEnvioCanal,
    { provide: POLITICA_DE_ENVIO, useExisting: PoliticaDeEnvioCanal },
  ],
  exports: [ChannelAdapterModule, CanalService, POLITICA_DE_ENVIO],
})
export class CanaisModule {}
