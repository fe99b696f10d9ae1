import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from './data-source-options.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { TransactionHost } from './transaction-host.js';

export const EMBEDDED_POSTGRES = Symbol('EMBEDDED_POSTGRES');

@Injectable()
class EmbeddedPostgresCloser implements OnApplicationShutdown {
  constructor(@Inject(EMBEDDED_POSTGRES) private readonly embedded: EmbeddedPostgres | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: EMBEDDED_POSTGRES,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Promise<EmbeddedPostgres | null> | null =>
        config.databaseMode === 'pglite' ? EmbeddedPostgres.open({ dataDir: config.values.ATENDE_DATA_DIR }) : null,
    },
    EmbeddedPostgresCloser,
  ],
  exports: [EMBEDDED_POSTGRES],
})
export class EmbeddedPostgresModule {}

@Global()
@Module({
  imports: [
    EmbeddedPostgresModule,
    TypeOrmModule.forRootAsync({
      inject: [AppConfig, EMBEDDED_POSTGRES],
      useFactory: (config: AppConfig, embedded: EmbeddedPostgres | null) =>
        buildDataSourceOptions(
          embedded ? { mode: 'pglite', embedded } : { mode: 'postgres', url: config.values.DATABASE_URL ?? '' },
          config.values.ATENDE_MIGRATIONS === 'auto',
        ),
    }),
  ],
  providers: [TransactionHost],
  exports: [TransactionHost],
})
export class DatabaseModule {}
