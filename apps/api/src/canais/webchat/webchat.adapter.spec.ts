import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../channel-adapter.js';
import { JanelasEmMemoria } from './limite-de-visitantes.js';
import { type EmissorDeSalas, WebchatEntrega } from './webchat-entrega.js';
import { WebchatAdapter, parseWebchatEvento, visitanteDoEnvio } from './webchat.adapter.js';

const VISITANTE = '6f0c4a52-9d6e-4c51-a7a0-2f5b9d1e0a11';
const RECEBIDO = '2026-11-29T12:00:00.000Z';

function payload(corpo: unknown) {
  return { contentType: 'application/json', body: Buffer.from(JSON.stringify(corpo)) };
}

function adaptadorGravando(): { adapter: WebchatAdapter; emitidos: { sala: string; evento: string; payload: unknown }[] } {
  const emitidos: { sala: string; evento: string; payload: unknown }[] = [];
  const emissor: EmissorDeSalas = {
    to: (sala) => ({
      emit: (evento, ...args) => {
        emitidos.push({ sala, evento, payload: args[0] });
        return true;
      },
    }),
  };
  const entrega = new WebchatEntrega();
  entrega.anexar(emissor);
  return { adapter: new WebchatAdapter(entrega), emitidos };
}

describe('WebChat adapter', () => {
  it('parses a visitor text as a message of its own thread, keyed by visitor and client id', () => {
    const [evento] = parseWebchatEvento(
      payload({ tipo: 'mensagem', visitanteId: VISITANTE, mensagemId: 'cli-00000001', texto: 'Olá', em: RECEBIDO }),
      { receivedAt: RECEBIDO },
    );
    expect(evento).toMatchObject({
      kind: 'message',
      dedupId: `${VISITANTE}:cli-00000001`,
      externalId: `${VISITANTE}:cli-00000001`,
      direction: 'entrada',
      type: 'texto',
      text: 'Olá',
      sender: { externalId: VISITANTE, address: VISITANTE },
      thread: { references: [], root: VISITANTE },
    });
  });

  it('parses an upload as inline media and an acknowledgement as a status of our mensagem', () => {
    const [anexo] = parseWebchatEvento(
      payload({
        tipo: 'mensagem',
        visitanteId: VISITANTE,
        mensagemId: 'cli-00000002',
        anexo: { nome: 'foto.png', mimeType: 'image/png', tamanhoBytes: 3, base64: 'AAEC' },
        em: RECEBIDO,
      }),
      { receivedAt: RECEBIDO },
    );
    expect(anexo).toMatchObject({ kind: 'message', type: 'imagem', media: { kind: 'imagem', inlineBase64: 'AAEC', filename: 'foto.png' } });
    const [status] = parseWebchatEvento(
      payload({ tipo: 'status', visitanteId: VISITANTE, mensagemId: 'm-1', status: 'lida', em: RECEBIDO }),
      { receivedAt: RECEBIDO },
    );
    expect(status).toMatchObject({ kind: 'status', status: 'lida', target: { type: 'mensagem', externalId: `${VISITANTE}:a:m-1` } });
  });

  it('refuses a body that is not a webchat event', () => {
    expect(() => parseWebchatEvento(payload({ tipo: 'outro' }), { receivedAt: RECEBIDO })).toThrow(/WebChat inválido/);
  });

  it('sends to the room of the thread visitor and returns an id bound to that visitor', async () => {
    const { adapter, emitidos } = adaptadorGravando();
    const credenciais = adapter.parseCredentials({ origensPermitidas: ['https://loja.example.com'] });
    const mensagem: OutboundMessage = {
      to: 'outro-visitante',
      content: { type: 'texto', text: 'Como posso ajudar?' },
      reference: 'b1b2b3b4-0000-4000-8000-000000000001',
      thread: { subject: null, references: [VISITANTE, `${VISITANTE}:cli-00000001`] },
    };
    const enviado = await adapter.send(credenciais, mensagem);
    expect(enviado.externalId).toBe(`${VISITANTE}:a:b1b2b3b4-0000-4000-8000-000000000001`);
    expect(emitidos).toEqual([
      {
        sala: `visitante:${VISITANTE}`,
        evento: 'mensagem',
        payload: expect.objectContaining({ id: mensagem.reference, autor: 'atendente', texto: 'Como posso ajudar?' }),
      },
    ]);
    expect(visitanteDoEnvio({ ...mensagem, thread: undefined })).toBe('outro-visitante');
  });

  it('read receipts name the last client id read; configuration gets a public key and a secret', async () => {
    const { adapter, emitidos } = adaptadorGravando();
    const credenciais = adapter.parseCredentials({ origensPermitidas: ['https://loja.example.com/'] });
    expect(credenciais.chavePublica).toMatch(/^wc_[A-Za-z0-9_-]{20,}$/);
    expect(credenciais.segredoToken.length).toBeGreaterThanOrEqual(32);
    expect(credenciais.origensPermitidas).toEqual(['https://loja.example.com']);
    expect(adapter.routingKeyOf(credenciais)).toBe(credenciais.chavePublica);
    await adapter.markRead(credenciais, { externalId: `${VISITANTE}:cli-00000001` });
    expect(emitidos).toEqual([{ sala: `visitante:${VISITANTE}`, evento: 'lida', payload: { ate: 'cli-00000001' } }]);
    expect(() => adapter.parseCredentials({ origensPermitidas: ['loja.example.com/path'] })).toThrow(/origensPermitidas/);
  });

  it('a send before the namespace is attached is a transient failure', async () => {
    const adapter = new WebchatAdapter(new WebchatEntrega());
    const credenciais = adapter.parseCredentials({ origensPermitidas: ['*'] });
    await expect(adapter.send(credenciais, { to: VISITANTE, content: { type: 'texto', text: 'x' } })).rejects.toMatchObject({
      transient: true,
    });
  });
});

describe('per-visitor window', () => {
  it('allows the limit per window and says how long to wait', () => {
    let agora = 0;
    const janelas = new JanelasEmMemoria(() => agora);
    expect(janelas.consumir('v', 2, 60_000)).toEqual({ permitido: true });
    expect(janelas.consumir('v', 2, 60_000)).toEqual({ permitido: true });
    agora = 15_000;
    expect(janelas.consumir('v', 2, 60_000)).toEqual({ permitido: false, retryAfterMs: 45_000 });
    expect(janelas.consumir('outro', 2, 60_000)).toEqual({ permitido: true });
    agora = 60_000;
    expect(janelas.consumir('v', 2, 60_000)).toEqual({ permitido: true });
  });
});
