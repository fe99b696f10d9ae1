import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { CHANNEL_ADAPTERS, type AnyChannelAdapter } from './channel-adapter.js';
import { ChannelAdapterRegistry } from './channel-adapter.registry.js';
import { InstagramAdapter } from './instagram/instagram.adapter.js';
import { MessengerAdapter } from './messenger/messenger.adapter.js';
import {
  DEFAULT_INSTAGRAM_OPTIONS,
  DEFAULT_MESSENGER_OPTIONS,
  INSTAGRAM_OPTIONS,
  MESSENGER_OPTIONS,
  type MetaMessagingOptions,
} from './meta/meta.types.js';
import { EmailAdapter } from './email/email.adapter.js';
import { DEFAULT_EMAIL_OPTIONS, EMAIL_OPTIONS, type EmailOptions } from './email/email.types.js';
import { TelegramBotApiClient } from './telegram/telegram-bot-api.client.js';
import { TelegramAdapter } from './telegram/telegram.adapter.js';
import { DEFAULT_TELEGRAM_OPTIONS, TELEGRAM_OPTIONS, type TelegramOptions } from './telegram/telegram.types.js';
import { TwilioSmsAdapter, TwilioWhatsAppAdapter } from './twilio/twilio.adapter.js';
import { DEFAULT_TWILIO_OPTIONS, TWILIO_OPTIONS, type TwilioOptions } from './twilio/twilio.types.js';
import { WebchatEntrega } from './webchat/webchat-entrega.js';
import { WebchatAdapter } from './webchat/webchat.adapter.js';
import { WhatsAppGraphClient } from './whatsapp/whatsapp-graph.client.js';
import { WhatsAppAdapter } from './whatsapp/whatsapp.adapter.js';
import { DEFAULT_WHATSAPP_OPTIONS, WHATSAPP_OPTIONS, type WhatsAppOptions } from './whatsapp/whatsapp.types.js';

/** Per-provider settings, from the environment (`WHATSAPP_API_URL`, …) via the config module. */
export interface ChannelAdapterModuleOptions {
  whatsapp?: Partial<WhatsAppOptions>;
  telegram?: Partial<TelegramOptions>;
  messenger?: Partial<MetaMessagingOptions>;
  instagram?: Partial<MetaMessagingOptions>;
  twilio?: Partial<TwilioOptions>;
  email?: Partial<EmailOptions>;
}

const CHANNEL_ADAPTER_MODULE_OPTIONS = Symbol('CHANNEL_ADAPTER_MODULE_OPTIONS');

export interface ChannelAdapterModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => ChannelAdapterModuleOptions | Promise<ChannelAdapterModuleOptions>;
}

/**
 * Provides every channel adapter and the registry that serves them by kind. Adding a channel means adding
 * its adapter (and clients) here and to the CHANNEL_ADAPTERS list; nothing else changes.
 */
@Module({})
export class ChannelAdapterModule {
  static register(options: ChannelAdapterModuleOptions = {}): DynamicModule {
    return ChannelAdapterModule.registerAsync({ useFactory: () => options });
  }

  static registerAsync(options: ChannelAdapterModuleAsyncOptions): DynamicModule {
    return {
      module: ChannelAdapterModule,
      imports: options.imports ?? [],
      providers: [
        { provide: CHANNEL_ADAPTER_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: WHATSAPP_OPTIONS,
          useFactory: (moduleOptions: ChannelAdapterModuleOptions): WhatsAppOptions => ({
            ...DEFAULT_WHATSAPP_OPTIONS,
            ...definedOnly(moduleOptions.whatsapp ?? {}),
          }),
          inject: [CHANNEL_ADAPTER_MODULE_OPTIONS],
        },
        {
          provide: TELEGRAM_OPTIONS,
          useFactory: (moduleOptions: ChannelAdapterModuleOptions): TelegramOptions => ({
            ...DEFAULT_TELEGRAM_OPTIONS,
            ...definedOnly(moduleOptions.telegram ?? {}),
          }),
          inject: [CHANNEL_ADAPTER_MODULE_OPTIONS],
        },
        {
          provide: EMAIL_OPTIONS,
          useFactory: (moduleOptions: ChannelAdapterModuleOptions): EmailOptions => ({
            ...DEFAULT_EMAIL_OPTIONS,
            ...definedOnly(moduleOptions.email ?? {}),
          }),
          inject: [CHANNEL_ADAPTER_MODULE_OPTIONS],
        },
        EmailAdapter,
        {
          provide: MESSENGER_OPTIONS,
          useFactory: (moduleOptions: ChannelAdapterModuleOptions): MetaMessagingOptions => ({
            ...DEFAULT_MESSENGER_OPTIONS,
            ...definedOnly(moduleOptions.messenger ?? {}),
          }),
          inject: [CHANNEL_ADAPTER_MODULE_OPTIONS],
        },
        {
          provide: INSTAGRAM_OPTIONS,
          useFactory: (moduleOptions: ChannelAdapterModuleOptions): MetaMessagingOptions => ({
            ...DEFAULT_INSTAGRAM_OPTIONS,
            ...definedOnly(moduleOptions.instagram ?? {}),
          }),
          inject: [CHANNEL_ADAPTER_MODULE_OPTIONS],
        },
        {
          provide: TWILIO_OPTIONS,
          useFactory: (moduleOptions: ChannelAdapterModuleOptions): TwilioOptions => ({
            ...DEFAULT_TWILIO_OPTIONS,
            ...definedOnly(moduleOptions.twilio ?? {}),
          }),
          inject: [CHANNEL_ADAPTER_MODULE_OPTIONS],
        },
        MessengerAdapter,
        InstagramAdapter,
        TwilioSmsAdapter,
        TwilioWhatsAppAdapter,
        WhatsAppGraphClient,
        WhatsAppAdapter,
        TelegramBotApiClient,
        TelegramAdapter,
        WebchatEntrega,
        WebchatAdapter,
        {
          provide: CHANNEL_ADAPTERS,
          useFactory: (...adapters: AnyChannelAdapter[]) => adapters,
          inject: [
            WhatsAppAdapter,
            TelegramAdapter,
            EmailAdapter,
            MessengerAdapter,
            InstagramAdapter,
            TwilioSmsAdapter,
            TwilioWhatsAppAdapter,
            WebchatAdapter,
          ],
        },
        ChannelAdapterRegistry,
      ],
      exports: [ChannelAdapterRegistry, WebchatEntrega],
    };
  }
}

/** `{ apiUrl: undefined }` (an unset env var) must not override the default. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
