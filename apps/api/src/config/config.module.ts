import { Global, Module } from '@nestjs/common';
import { AppConfig, parseConfig } from './app-config.js';
import { Secrets } from './secrets.js';

@Global()
@Module({
  providers: [
    { provide: AppConfig, useFactory: () => new AppConfig(parseConfig(process.env)) },
    { provide: Secrets, useFactory: (config: AppConfig) => Secrets.load(config), inject: [AppConfig] },
  ],
  exports: [AppConfig, Secrets],
})
export class ConfigModule {}
