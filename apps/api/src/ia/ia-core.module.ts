import { Module } from '@nestjs/common';
import { CredenciaisCipher } from '../common/crypto/credenciais-cipher.js';
import { IaConfigController } from './ia-config.controller.js';
import { IaConfigRepository } from './ia-config.repository.js';
import { IaConfigService } from './ia-config.service.js';
import { IaExecutor } from './ia-executor.service.js';
import { IaLogRepository } from './ia-log.repository.js';

/**
 * The AI provider core: the empresa's AI configuration and the executor (budget, LGPD redaction, retries, logs,
 * local fallback). Feature modules (IaModule, RagModule, churn, transcription) import it; it imports none of
 * them, so RAG can serve the features without a module cycle.
 */
@Module({
  controllers: [IaConfigController],
  providers: [CredenciaisCipher, IaConfigRepository, IaLogRepository, IaConfigService, IaExecutor],
  exports: [IaExecutor, IaConfigService],
})
export class IaCoreModule {}
