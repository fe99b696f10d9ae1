import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { CanalErro, CanalException } from './canal.exception.js';
import type { AnyChannelAdapter } from './channel-adapter.js';
import { ChannelAdapterModule } from './channel-adapter.module.js';
import { ChannelAdapterRegistry } from './channel-adapter.registry.js';
import { TelegramAdapter } from './telegram/telegram.adapter.js';
import { TELEGRAM_OPTIONS, type TelegramOptions } from './telegram/telegram.types.js';
import { WhatsAppAdapter } from './whatsapp/whatsapp.adapter.js';
import { WHATSAPP_OPTIONS, type WhatsAppOptions } from './whatsapp/whatsapp.types.js';

describe('ChannelAdapterRegistry', () => {
  it('is populated from the adapters by the Nest module', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ChannelAdapterModule.register({ whatsapp: { apiUrl: 'http://127.0.0.1:9/v21.0' } })],
    }).compile();
    const registry = moduleRef.get(ChannelAdapterRegistry);
    expect(registry.get('whatsapp')).toBeInstanceOf(WhatsAppAdapter);
    expect(registry.get('telegram')).toBeInstanceOf(TelegramAdapter);
    expect(registry.kinds()).toEqual(['whatsapp', 'telegram', 'email', 'messenger', 'instagram', 'sms', 'webchat']);
    expect(registry.all().every((a) => registry.get(a.kind, a.provider ?? null) === a)).toBe(true);
    expect(registry.get('whatsapp', null)).toBe(registry.get('whatsapp'));
    expect(registry.get('whatsapp', 'twilio')).not.toBe(registry.get('whatsapp'));
    expect(() => registry.get('whatsapp', 'zenvia')).toThrow(
      expect.objectContaining({ code: CanalErro.TIPO_NAO_SUPORTADO }) as Error,
    );
    await moduleRef.close();
  });

  it('keeps defaults for options left undefined (unset env vars)', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ChannelAdapterModule.registerAsync({ useFactory: () => ({ whatsapp: { apiUrl: undefined, timeoutMs: 5_000 } }) }),
      ],
    }).compile();
    const options = moduleRef.get<WhatsAppOptions>(WHATSAPP_OPTIONS);
    expect(options.apiUrl).toBe('https://graph.facebook.com/v21.0');
    expect(options.timeoutMs).toBe(5_000);
    expect(moduleRef.get<TelegramOptions>(TELEGRAM_OPTIONS).apiUrl).toBe('https://api.telegram.org');
    await moduleRef.close();
  });

  it('refuses unknown kinds with a typed exception', () => {
    const registry = new ChannelAdapterRegistry([]);
    expect(() => registry.get('fax')).toThrow(CanalException);
    expect(() => registry.get('telegram')).toThrow(expect.objectContaining({ code: CanalErro.TIPO_NAO_SUPORTADO }) as Error);
    expect(registry.has('fax')).toBe(false);
    expect(registry.isCanalTipo('sms')).toBe(true);
  });

  it('refuses two adapters for the same kind and provider', () => {
    const fake = { kind: 'whatsapp' } as AnyChannelAdapter;
    expect(() => new ChannelAdapterRegistry([fake, fake])).toThrow(/whatsapp/);
  });

  it("serves a third-party provider of a kind next to the kind's own adapter", () => {
    const own = { kind: 'whatsapp' } as AnyChannelAdapter;
    const twilio = { kind: 'whatsapp', provider: 'twilio' } as AnyChannelAdapter;
    const registry = new ChannelAdapterRegistry([own, twilio]);
    expect(registry.get('whatsapp')).toBe(own);
    expect(registry.get('whatsapp', 'twilio')).toBe(twilio);
    expect(registry.has('whatsapp', 'twilio')).toBe(true);
    expect(registry.kinds()).toEqual(['whatsapp']);
  });
});
