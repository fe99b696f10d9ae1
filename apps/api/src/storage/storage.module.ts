import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AnexoRepository } from './anexo.repository.js';
import { LocalDiskStorageBackend } from './local-disk.storage-backend.js';
import { LinkPublicoDeAnexoService } from './link-publico-de-anexo.service.js';
import { STORAGE_BACKEND, type StorageBackend } from './storage-backend.js';
import { StorageController } from './storage.controller.js';
import { StorageService } from './storage.service.js';

/** Global: every module that stores or reads attachments (mensagens, the inbound media job, outbound) uses it. */
@Global()
@Module({
  controllers: [StorageController],
  providers: [
    AnexoRepository,
    StorageService,
    LinkPublicoDeAnexoService,
    {
      provide: STORAGE_BACKEND,
      inject: [AppConfig],
      useFactory: (config: AppConfig): StorageBackend => new LocalDiskStorageBackend(config.values.ATENDE_DATA_DIR),
    },
  ],
  exports: [StorageService, LinkPublicoDeAnexoService],
})
export class StorageModule {}
