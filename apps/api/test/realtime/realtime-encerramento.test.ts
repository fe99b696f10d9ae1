import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { conectar, desconectado } from './realtime-support.js';

describe('real time: shutdown', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    token = await t.login();
  });

  it('drops the connections without a Socket.IO disconnect, so clients reconnect by themselves after a deploy', async () => {
    const { socket } = await conectar(t.url ?? '', token, { reconectar: true });
    const motivo = desconectado(socket);
    await t.close();
    // "io server disconnect" would tell socket.io-client not to reconnect; a dropped transport makes it retry.
    expect(await motivo).toBe('transport close');
    expect(socket.active).toBe(true);
    socket.disconnect();
  });
});
