import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, parseConfig } from '../config/app-config.js';
import { prepararFilas } from '../jobs/job-queue.setup.js';
import { buildDataSourceOptions } from './data-source-options.js';
import { EmbeddedPostgres } from './embedded-postgres.js';

/**
 * `npm run migrate -w apps/api [-- up|down|status]`: schema migrations as a separate step, for deployments
 * with several instances (ATENDE_MIGRATIONS=manual on the instances).
 */
async function main(command: string): Promise<void> {
  const config = new AppConfig(parseConfig(process.env));
  const embedded = config.databaseMode === 'pglite' ? await EmbeddedPostgres.open({ dataDir: config.values.ATENDE_DATA_DIR }) : null;
  const target = embedded ? ({ mode: 'pglite', embedded } as const) : ({ mode: 'postgres', url: config.values.DATABASE_URL ?? '' } as const);
  const dataSource = new DataSource(buildDataSourceOptions(target, false));
  await dataSource.initialize();
  try {
    if (command === 'status') {
      const pending = await dataSource.showMigrations();
      process.stdout.write(pending ? 'Há migrações pendentes.\n' : 'Esquema em dia.\n');
    } else if (command === 'down') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('Última migração desfeita.\n');
    } else {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      await prepararFilas(embedded ? { mode: 'pglite', pool: embedded.pool } : { mode: 'postgres', url: config.values.DATABASE_URL ?? '' });
      process.stdout.write(applied.length ? `Aplicadas: ${applied.map((m) => m.name).join(', ')}\n` : 'Nada a aplicar: esquema em dia.\n');
    }
  } finally {
    await dataSource.destroy();
    await embedded?.close();
  }
}

main(process.argv[2] ?? 'up').catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
