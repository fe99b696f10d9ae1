import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestContext } from '../../src/common/request-context.js';
import { EventosDominio } from '../../src/eventos/eventos-dominio.js';
import { StorageService } from '../../src/storage/storage.service.js';
import { consultar, criarTicket, type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { FakeLlmApi } from './fake-llm-api.js';

interface MensagemLinha {
  transcricao: string | null;
  transcricao_status: string | null;
}

describe('IA: transcrição de áudios', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let contatoId: string;
  let ticket: { id: string; numero: number };
  const fake = new FakeLlmApi();
  const auth = (s: Sessao) => ({ Authorization: `Bearer ${s.token}` });
  const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(512, 7)]);

  async function esperar<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
    const limite = Date.now() + ms;
    for (;;) {
      const valor = await fn();
      if (valor) return valor;
      if (Date.now() > limite) throw new Error('tempo esgotado esperando a transcrição');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const mensagem = async (id: string) =>
    (await consultar<MensagemLinha>(t, `SELECT transcricao, transcricao_status FROM atendimento_mensagens WHERE id = $1`, [id]))[0]!;
  const concluida = (id: string) =>
    esperar(async () => {
      const m = await mensagem(id);
      return m.transcricao_status && m.transcricao_status !== 'pendente' ? m : null;
    });

  /** A customer voice note as the inbound pipeline leaves it: the row, then the media job stores the audio. */
  async function receberAudio(): Promise<string> {
    const [linha] = await consultar<{ id: string }>(
      t,
      `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, contato_id, direcao, status, tipo)
       VALUES ($1, $2, $3, 'recebida', 'recebida', 'audio') RETURNING id`,
      [admin.empresaId, ticket.id, contatoId],
    );
    const eventos = t.app.get(EventosDominio);
    const base = { empresaId: admin.empresaId, ticketId: ticket.id, filaId: null, atendenteId: null, mensagemId: linha!.id };
    eventos.publicar({ tipo: 'mensagem.criada', ...base });
    await RequestContext.runForEmpresa(admin.empresaId, () =>
      t.app.get(StorageService).salvar({ dados: OGG, nome: 'voz.ogg', mimeType: 'audio/ogg; codecs=opus', mensagemId: linha!.id }),
    );
    eventos.publicar({ tipo: 'mensagem.atualizada', ...base, mudancas: ['anexos', 'payload'] });
    return linha!.id;
  }

  beforeAll(async () => {
    await fake.iniciar();
    t = await createTestApp({ env: { ATENDE_IA_TIMEOUT: '3s', ATENDE_IA_TENTATIVAS: '2', ATENDE_IA_ESPERA_MAXIMA: '100ms' } });
    ({ admin, outra } = await sessoesPadrao(t));
    contatoId = (await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Cliente Voz' })).body.id as string;
    ticket = await criarTicket(t, admin.empresaId, contatoId);
  });

  afterAll(async () => {
    await t.close();
    await fake.parar();
  });

  it('with the local provider marks the audio "indisponivel" and never invents text', async () => {
    const id = await receberAudio();
    expect(await concluida(id)).toEqual({ transcricao: null, transcricao_status: 'indisponivel' });
    expect(fake.pedidos).toHaveLength(0);
    const lista = await t.http().get(`/api/atendimento/tickets/${ticket.id}/mensagens`).set(auth(admin));
    const dto = (lista.body.items as { id: string; transcricao: string | null; transcricaoStatus: string | null }[]).find((m) => m.id === id);
    expect(dto).toMatchObject({ transcricao: null, transcricaoStatus: 'indisponivel' });
  });

  it('transcribes through the OpenAI-compatible audio API, logs it, and makes the text searchable and analysable', async () => {
    await t
      .http()
      .put('/api/atendimento/ia/config')
      .set(auth(admin))
      .send({ provedor: 'openai', baseUrl: `${fake.url}/v1`, chave: 'sk-teste-voz1', recursos: { transcricao: true } })
      .expect(200);
    fake.transcricao = 'Quero cancelar minha assinatura, o serviço não funciona';
    fake.conteudo = { score: -0.7, rotulo: 'negativo', confianca: 0.9 };
    const id = await receberAudio();
    expect(await concluida(id)).toEqual({
      transcricao: 'Quero cancelar minha assinatura, o serviço não funciona',
      transcricao_status: 'concluida',
    });
    const pedido = fake.pedidos.find((p) => p.caminho === '/v1/audio/transcriptions');
    expect(pedido?.body).toMatchObject({ model: 'whisper-1', file: { arquivo: 'voz.ogg', bytes: OGG.length } });
    const [log] = await consultar<{ resultado: string; mensagem_id: string; ticket_id: string }>(
      t,
      `SELECT resultado, mensagem_id, ticket_id FROM atendimento_ia_logs WHERE recurso = 'transcricao' AND mensagem_id = $1`,
      [id],
    );
    expect(log).toEqual({ resultado: 'sucesso', mensagem_id: id, ticket_id: ticket.id });

    // Full-text search over mensagens (the generated `busca` column) finds the voice note by its words.
    const busca = await t.http().get('/api/atendimento/tickets').query({ q: 'cancelar assinatura' }).set(auth(admin));
    expect(busca.status).toBe(200);
    expect((busca.body.items as { id: string }[]).map((x) => x.id)).toContain(ticket.id);
    expect(
      (await t.http().get('/api/atendimento/tickets').query({ q: 'cancelar assinatura' }).set(auth(outra))).body.items,
    ).toEqual([]);
    // Sentiment runs on the transcript (the voice note had no text when it arrived).
    const sentimento = await esperar(async () => {
      const [s] = await consultar<{ rotulo: string }>(t, `SELECT rotulo FROM atendimento_sentimento WHERE mensagem_id = $1`, [id]);
      return s;
    });
    expect(sentimento.rotulo).toBe('negativo');
  });

  it('marks "falhou" (no text) when the provider keeps failing, after the retries, and logs each attempt', async () => {
    fake.fila.push({ tipo: 'erro500' }, { tipo: 'erro500' });
    const id = await receberAudio();
    expect(await concluida(id)).toEqual({ transcricao: null, transcricao_status: 'falhou' });
    const logs = await consultar<{ resultado: string; tentativa: number }>(
      t,
      `SELECT resultado, tentativa FROM atendimento_ia_logs WHERE recurso = 'transcricao' AND mensagem_id = $1 ORDER BY tentativa`,
      [id],
    );
    expect(logs).toEqual([
      { resultado: 'erro', tentativa: 1 },
      { resultado: 'erro', tentativa: 2 },
    ]);
  });

  it('leaves text mensagens alone', async () => {
    const [linha] = await consultar<{ id: string }>(
      t,
      `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, contato_id, direcao, status, conteudo)
       VALUES ($1, $2, $3, 'recebida', 'recebida', 'só texto') RETURNING id`,
      [admin.empresaId, ticket.id, contatoId],
    );
    t.app.get(EventosDominio).publicar({
      tipo: 'mensagem.criada',
      empresaId: admin.empresaId,
      ticketId: ticket.id,
      filaId: null,
      atendenteId: null,
      mensagemId: linha!.id,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mensagem(linha!.id)).toEqual({ transcricao: null, transcricao_status: null });
  });
});
