import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { AppConfig, ConfigError, parseConfig } from './config/app-config.js';
import { DataDirLockedError } from './database/embedded-postgres.js';

async function bootstrap(): Promise<void> {
  try {
    parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  try {
    const app = await NestFactory.create<NestExpressApplication>(AppModule, {
      rawBody: true,
      bufferLogs: true,
      bodyParser: false,
      abortOnError: false,
    });
    configureApp(app);
    const config = app.get(AppConfig);
    await app.listen(config.values.PORT, config.values.HOST);
    const url = `http://localhost:${config.values.PORT}`;
    process.stdout.write(`\nAtende pronto em ${url}  (API ${url}/api, documentação ${url}/api/docs, banco: ${config.databaseMode})\n\n`);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

await bootstrap();
