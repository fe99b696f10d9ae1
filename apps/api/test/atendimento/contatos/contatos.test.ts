import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContatoService, type ResolverIdentidadeInput } from '../../../src/atendimento/contatos/contato.service.js';
import { RequestContext } from '../../../src/common/request-context.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { consultar, criarCanal, criarMensagem, criarTicket, type Sessao, sessoesPadrao } from './apoio.js';

interface IdentidadeBody {
  tipo: string;
  valor: string;
  dados: Record<string, unknown>;
}

describe('contatos', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let atendente: Sessao;
  let contatos: ContatoService;

  const auth = (sessao: Sessao) => ({ Authorization: `Bearer ${sessao.token}` });
  const resolver = (input: ResolverIdentidadeInput, empresaId = admin.empresaId) =>
    RequestContext.runForEmpresa(empresaId, () => contatos.resolverPorIdentidade(input));
  const identidades = async (contatoId: string): Promise<IdentidadeBody[]> =>
    (await t.http().get(`/api/atendimento/contatos/${contatoId}`).set(auth(admin))).body.identidades as IdentidadeBody[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ admin, outra, atendente } = await sessoesPadrao(t));
    contatos = t.app.get(ContatoService);
  });

  afterAll(() => t.close());

  describe('resolverPorIdentidade', () => {
    it('creates a contato on the first message, with the phone in E.164', async () => {
      const { contato, criado } = await resolver({ tipo: 'whatsapp', valor: '5511988887777', nome: 'Maria' });
      expect(criado).toBe(true);
      expect(contato).toMatchObject({ nome: 'Maria', telefone: '+5511988887777', empresaId: admin.empresaId });
      expect(await identidades(contato.id)).toEqual([expect.objectContaining({ tipo: 'whatsapp', valor: '5511988887777' })]);

      const again = await resolver({ tipo: 'whatsapp', valor: '5511988887777', nome: 'Maria' });
      expect(again).toMatchObject({ criado: false, contato: { id: contato.id } });
    });

    it('matches the same mobile without the 9th digit (9-digit form first)', async () => {
      const primeiro = await resolver({ tipo: 'whatsapp', valor: '5511988881111', nome: 'Com Nove' });
      const legado = await resolver({ tipo: 'whatsapp', valor: '551188881111' });
      expect(legado.criado).toBe(false);
      expect(legado.contato.id).toBe(primeiro.contato.id);
      // One identity, canonical, remembering the wa_id WhatsApp used.
      expect(await identidades(primeiro.contato.id)).toEqual([
        expect.objectContaining({ tipo: 'whatsapp', valor: '5511988881111', dados: { waId: '551188881111' } }),
      ]);
      // When WhatsApp reports the 9-digit wa_id again, that is where replies go.
      await resolver({ tipo: 'whatsapp', valor: '5511988881111' });
      expect(await identidades(primeiro.contato.id)).toEqual([expect.objectContaining({ valor: '5511988881111', dados: {} })]);
    });

    it('matches the same mobile with the 9th digit (8-digit form first)', async () => {
      const legado = await resolver({ tipo: 'whatsapp', valor: '552177776666', nome: 'Sem Nove' });
      expect(legado.contato.telefone).toBe('+5521977776666');
      const comNove = await resolver({ tipo: 'whatsapp', valor: '5521977776666' });
      expect(comNove).toMatchObject({ criado: false, contato: { id: legado.contato.id } });
    });

    it('matches across channels by phone, in both 9th-digit directions', async () => {
      const sms = await resolver({ tipo: 'sms', valor: '+55 31 8888-5555', nome: 'Carlos' });
      expect(sms.contato.telefone).toBe('+5531988885555');
      const whatsapp = await resolver({ tipo: 'whatsapp', valor: '5531988885555' });
      expect(whatsapp).toMatchObject({ criado: false, contato: { id: sms.contato.id } });
      const telegram = await resolver({ tipo: 'telegram', valor: '700100200', telefone: '553188885555' });
      expect(telegram).toMatchObject({ criado: false, contato: { id: sms.contato.id } });
      const tipos = (await identidades(sms.contato.id)).map((identidade) => `${identidade.tipo}:${identidade.valor}`).sort();
      expect(tipos).toEqual(['telefone:+5531988885555', 'telegram:700100200', 'whatsapp:5531988885555']);
    });

    it('matches a phone stored on a contato created through the API', async () => {
      const criado = await t
        .http()
        .post('/api/atendimento/contatos')
        .set(auth(admin))
        .send({ nome: 'Cadastrada', telefone: '(41) 99876-5432' });
      expect(criado.status).toBe(201);
      const legado = await resolver({ tipo: 'whatsapp', valor: '554198765432' });
      expect(legado).toMatchObject({ criado: false, contato: { id: criado.body.id, nome: 'Cadastrada' } });
    });

    it('matches by e-mail across channels, and fills empty fields', async () => {
      const email = await resolver({ tipo: 'email', valor: 'Joao@Exemplo.com' });
      expect(email.contato).toMatchObject({ email: 'joao@exemplo.com', nome: null });
      const telegram = await resolver({ tipo: 'telegram', valor: '900800700', nome: 'João Silva', email: 'JOAO@exemplo.com' });
      expect(telegram).toMatchObject({ criado: false, contato: { id: email.contato.id, nome: 'João Silva' } });
    });

    it('keys WhatsApp users by BSUID when the wa_id is absent, and keeps non-identity extras', async () => {
      const comWaId = await resolver({
        tipo: 'whatsapp',
        valor: '16505551234',
        nome: 'Kerry',
        extras: [
          { tipo: 'whatsapp_bsuid', valor: 'US.13491208655302741918' },
          { tipo: 'username', valor: 'kerry' },
        ],
      });
      const soBsuid = await resolver({ tipo: 'whatsapp', valor: 'US.13491208655302741918' });
      expect(soBsuid).toMatchObject({ criado: false, contato: { id: comWaId.contato.id } });
      expect(await identidades(comWaId.contato.id)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ tipo: 'whatsapp', valor: '16505551234', dados: { username: 'kerry' } }),
          expect.objectContaining({ tipo: 'whatsapp_bsuid', valor: 'US.13491208655302741918' }),
        ]),
      );
    });

    it('keeps empresas apart: the same wa_id in another empresa is another contato', async () => {
      const deDemo = await resolver({ tipo: 'whatsapp', valor: '5511988887777' });
      const deOutra = await resolver({ tipo: 'whatsapp', valor: '5511988887777' }, outra.empresaId);
      expect(deOutra.criado).toBe(true);
      expect(deOutra.contato.id).not.toBe(deDemo.contato.id);
      expect(deOutra.contato.empresaId).toBe(outra.empresaId);
    });

    it('resolves concurrent first messages of one new customer to a single contato', async () => {
      const resultados = await Promise.all(
        Array.from({ length: 5 }, () => resolver({ tipo: 'whatsapp', valor: '5551999887766', nome: 'Concorrente' })),
      );
      expect(new Set(resultados.map((r) => r.contato.id)).size).toBe(1);
      expect(resultados.filter((r) => r.criado)).toHaveLength(1);
      const linhas = await consultar(t, `SELECT 1 FROM atendimento_contatos WHERE empresa_id = $1 AND telefone = $2`, [
        admin.empresaId,
        '+5551999887766',
      ]);
      expect(linhas).toHaveLength(1);
    });

    it('refuses an empty identity', async () => {
      await expect(resolver({ tipo: 'telegram', valor: '  ' })).rejects.toMatchObject({ code: 'CONTATO_IDENTIDADE_INVALIDA' });
    });
  });

  describe('REST', () => {
    it('creates a contato, normalizing the phone and lower-casing the e-mail', async () => {
      const response = await t
        .http()
        .post('/api/atendimento/contatos')
        .set(auth(atendente))
        .send({ nome: 'Paula', telefone: '(11) 97777-1111', email: 'Paula@Exemplo.com', campos: { cpf: '123', vip: true } });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        nome: 'Paula',
        telefone: '+5511977771111',
        email: 'paula@exemplo.com',
        campos: { cpf: '123', vip: true },
        bloqueado: false,
        tags: [],
        identidades: [],
      });
    });

    it('answers 409 when the phone (in either 9th-digit form) or the e-mail is already another contato', async () => {
      const telefone = await t
        .http()
        .post('/api/atendimento/contatos')
        .set(auth(admin))
        .send({ nome: 'X', telefone: '+55 11 7777-1111' });
      expect(telefone.status).toBe(409);
      expect(telefone.body).toMatchObject({ code: 'CONTATO_TELEFONE_EM_USO', contatoId: expect.any(String) });
      const email = await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ email: 'PAULA@exemplo.com' });
      expect(email.status).toBe(409);
      expect(email.body.code).toBe('CONTATO_EMAIL_EM_USO');
    });

    it('answers 400 naming the fields of a bad body', async () => {
      const bad = await t
        .http()
        .post('/api/atendimento/contatos')
        .set(auth(admin))
        .send({ email: 'x', telefone: 'abc', bloqueado: 'sim' });
      expect(bad.status).toBe(400);
      expect(bad.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['bloqueado', 'email', 'telefone']);
      const vazio = await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({});
      expect(vazio.status).toBe(400);
      expect(vazio.body.message).toContain('informe ao menos nome, telefone ou email');
      const ddd = await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ telefone: '+55 10 98888-7777' });
      expect(ddd.status).toBe(400);
      expect(ddd.body).toMatchObject({ code: 'CONTATO_TELEFONE_INVALIDO', issues: [{ path: 'telefone' }] });
      const patch = await t
        .http()
        .patch(`/api/atendimento/contatos/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)
        .set(auth(admin))
        .send({});
      expect(patch.status).toBe(400);
      const id = await t.http().get('/api/atendimento/contatos/nao-e-uuid').set(auth(admin));
      expect(id.status).toBe(400);
    });

    it('shows a contato with its identities and tags', async () => {
      const { contato } = await resolver({ tipo: 'telegram', valor: '424242', nome: 'Com Tag' });
      const tag = await t.http().post('/api/atendimento/tags').set(auth(admin)).send({ nome: 'Cliente VIP', cor: '#ff0000' });
      await t.http().post(`/api/atendimento/contatos/${contato.id}/tags`).set(auth(admin)).send({ tagId: tag.body.id });
      const response = await t.http().get(`/api/atendimento/contatos/${contato.id}`).set(auth(atendente));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: contato.id,
        nome: 'Com Tag',
        identidades: [{ tipo: 'telegram', valor: '424242', nomeExibicao: 'Com Tag' }],
        tags: [{ id: tag.body.id, nome: 'Cliente VIP', cor: '#ff0000' }],
      });
    });

    it('updates nome, e-mail, telefone, campos and bloqueado', async () => {
      const criado = await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Rita' });
      const response = await t
        .http()
        .patch(`/api/atendimento/contatos/${criado.body.id}`)
        .set(auth(atendente))
        .send({
          nome: 'Rita Souza',
          email: 'rita@exemplo.com',
          telefone: '62 8111-2222',
          campos: { plano: 'ouro' },
          bloqueado: true,
        });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        nome: 'Rita Souza',
        email: 'rita@exemplo.com',
        telefone: '+5562981112222',
        campos: { plano: 'ouro' },
        bloqueado: true,
        bloqueadoEm: expect.any(String),
      });
      const desbloqueado = await t
        .http()
        .patch(`/api/atendimento/contatos/${criado.body.id}`)
        .set(auth(admin))
        .send({ bloqueado: false, telefone: null });
      expect(desbloqueado.body).toMatchObject({ bloqueado: false, bloqueadoEm: null, telefone: null });
      const conflito = await t
        .http()
        .patch(`/api/atendimento/contatos/${criado.body.id}`)
        .set(auth(admin))
        .send({ email: 'paula@exemplo.com' });
      expect(conflito.status).toBe(409);
    });

    it('searches by name (with or without accents), phone digits and e-mail, and filters by tag', async () => {
      const nomes = ['Fernanda Lima', 'Fernando Alves', 'Gustavo Peixoto'];
      const ids: string[] = [];
      for (const [i, nome] of nomes.entries()) {
        const response = await t
          .http()
          .post('/api/atendimento/contatos')
          .set(auth(admin))
          .send({ nome, telefone: `+55 48 9900${i}-000${i}`, email: `busca${i}@exemplo.com` });
        ids.push(response.body.id as string);
      }
      const buscar = async (query: Record<string, string>) =>
        ((await t.http().get('/api/atendimento/contatos').query(query).set(auth(admin))).body.items as { id: string }[]).map(
          (c) => c.id,
        );
      expect((await buscar({ q: 'fernand' })).sort()).toEqual([ids[0], ids[1]].sort());
      expect(await buscar({ q: 'FERNANDA' })).toEqual([ids[0]]);
      expect(await buscar({ q: 'joao silva' })).toHaveLength(1);
      expect(await buscar({ q: 'JOÃO' })).toHaveLength(1);
      expect(await buscar({ q: '50%' })).toEqual([]);
      expect(await buscar({ q: '99002' })).toEqual([ids[2]]);
      expect(await buscar({ q: 'busca1@' })).toEqual([ids[1]]);
      const tag = await t.http().post('/api/atendimento/tags').set(auth(admin)).send({ nome: 'Busca' });
      await t.http().post(`/api/atendimento/contatos/${ids[2]}/tags`).set(auth(admin)).send({ tagId: tag.body.id });
      expect(await buscar({ tag: tag.body.id as string })).toEqual([ids[2]]);
      expect(await buscar({ tag: tag.body.id as string, q: 'fernand' })).toEqual([]);
    });

    it('pages with a stable keyset cursor, newest first', async () => {
      const todos: string[] = [];
      let cursor: string | null = null;
      let paginas = 0;
      do {
        const response = await t
          .http()
          .get('/api/atendimento/contatos')
          .query({ limite: '3', ...(cursor ? { cursor } : {}) })
          .set(auth(admin));
        expect(response.status).toBe(200);
        todos.push(...(response.body.items as { id: string }[]).map((c) => c.id));
        cursor = response.body.nextCursor as string | null;
        paginas++;
      } while (cursor && paginas < 50);
      const total = await consultar<{ n: string }>(
        t,
        `SELECT count(*) AS n FROM atendimento_contatos WHERE empresa_id = $1 AND mesclado_para_id IS NULL`,
        [admin.empresaId],
      );
      expect(todos).toHaveLength(Number(total[0]!.n));
      expect(new Set(todos).size).toBe(todos.length);
      expect(paginas).toBeGreaterThan(2);

      const invalido = await t.http().get('/api/atendimento/contatos').query({ cursor: 'lixo' }).set(auth(admin));
      expect(invalido.status).toBe(400);
      expect(invalido.body.code).toBe('CONTATO_CURSOR_INVALIDO');
    });

    it('deletes a contato without tickets (admin or supervisor only), and refuses one with tickets', async () => {
      const semTickets = await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Removível' });
      const negado = await t.http().delete(`/api/atendimento/contatos/${semTickets.body.id}`).set(auth(atendente));
      expect(negado.status).toBe(403);
      const removido = await t.http().delete(`/api/atendimento/contatos/${semTickets.body.id}`).set(auth(admin));
      expect(removido.status).toBe(204);
      expect((await t.http().get(`/api/atendimento/contatos/${semTickets.body.id}`).set(auth(admin))).status).toBe(404);

      const comTicket = await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Com ticket' });
      await criarTicket(t, admin.empresaId, comTicket.body.id as string);
      const recusado = await t.http().delete(`/api/atendimento/contatos/${comTicket.body.id}`).set(auth(admin));
      expect(recusado.status).toBe(409);
      expect(recusado.body).toMatchObject({ code: 'CONTATO_POSSUI_TICKETS', tickets: 1 });
    });
  });

  describe('mesclar', () => {
    it('moves identities, tickets, mensagens and tags into one contato, idempotently', async () => {
      const canalWhatsapp = await criarCanal(t, admin.empresaId, 'whatsapp', 'WhatsApp');
      const canalTelegram = await criarCanal(t, admin.empresaId, 'telegram', 'Telegram');
      const { contato: este } = await resolver({ tipo: 'whatsapp', valor: '5585999990001', nome: 'Bruno' });
      const { contato: outro } = await resolver({
        tipo: 'telegram',
        valor: '31313131',
        nome: 'Bruno T',
        email: 'bruno@exemplo.com',
      });
      const ticketEste = await criarTicket(t, admin.empresaId, este.id, { canalId: canalWhatsapp });
      const ticketOutro = await criarTicket(t, admin.empresaId, outro.id, { canalId: canalTelegram });
      const mensagem = await criarMensagem(t, admin.empresaId, ticketOutro.id, outro.id, 'oi pelo telegram');
      const tagA = await t.http().post('/api/atendimento/tags').set(auth(admin)).send({ nome: 'Mesclar A' });
      const tagB = await t.http().post('/api/atendimento/tags').set(auth(admin)).send({ nome: 'Mesclar B' });
      await t.http().post(`/api/atendimento/contatos/${este.id}/tags`).set(auth(admin)).send({ tagId: tagA.body.id });
      await t.http().post(`/api/atendimento/contatos/${outro.id}/tags`).set(auth(admin)).send({ tagId: tagA.body.id });
      await t.http().post(`/api/atendimento/contatos/${outro.id}/tags`).set(auth(admin)).send({ tagId: tagB.body.id });

      const negado = await t
        .http()
        .post(`/api/atendimento/contatos/${este.id}/mesclar`)
        .set(auth(atendente))
        .send({ outroContatoId: outro.id });
      expect(negado.status).toBe(403);

      const response = await t
        .http()
        .post(`/api/atendimento/contatos/${este.id}/mesclar`)
        .set(auth(admin))
        .send({ outroContatoId: outro.id });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: este.id, nome: 'Bruno', email: 'bruno@exemplo.com', mescladoParaId: null });
      expect((response.body.identidades as IdentidadeBody[]).map((i) => i.tipo).sort()).toEqual(['telegram', 'whatsapp']);
      expect((response.body.tags as { nome: string }[]).map((tag) => tag.nome)).toEqual(['Mesclar A', 'Mesclar B']);

      const tickets = await consultar<{ id: string; contato_id: string }>(
        t,
        `SELECT id, contato_id FROM atendimento_tickets WHERE id = ANY($1)`,
        [[ticketEste.id, ticketOutro.id]],
      );
      expect(tickets.every((ticket) => ticket.contato_id === este.id)).toBe(true);
      const [movida] = await consultar<{ contato_id: string }>(t, `SELECT contato_id FROM atendimento_mensagens WHERE id = $1`, [
        mensagem,
      ]);
      expect(movida!.contato_id).toBe(este.id);
      const eventos = await consultar<{ tipo: string; usuario_id: string; dados: Record<string, string> }>(
        t,
        `SELECT tipo, usuario_id, dados FROM atendimento_ticket_eventos WHERE ticket_id = $1`,
        [ticketOutro.id],
      );
      expect(eventos).toEqual([
        { tipo: 'contato_mesclado', usuario_id: admin.usuarioId, dados: { deContatoId: outro.id, paraContatoId: este.id } },
      ]);

      const mesclado = await t.http().get(`/api/atendimento/contatos/${outro.id}`).set(auth(admin));
      expect(mesclado.body).toMatchObject({ mescladoParaId: este.id, identidades: [], tags: [] });
      const lista = await t.http().get('/api/atendimento/contatos').query({ q: 'Bruno' }).set(auth(admin));
      expect((lista.body.items as { id: string }[]).map((c) => c.id)).toEqual([este.id]);

      // The merged contato's identity now resolves to the one that stayed.
      expect(await resolver({ tipo: 'telegram', valor: '31313131' })).toMatchObject({ criado: false, contato: { id: este.id } });

      const denovo = await t
        .http()
        .post(`/api/atendimento/contatos/${este.id}/mesclar`)
        .set(auth(admin))
        .send({ outroContatoId: outro.id });
      expect(denovo.status).toBe(200);
      expect(denovo.body.identidades).toHaveLength(2);
      const eventosDepois = await consultar(t, `SELECT 1 FROM atendimento_ticket_eventos WHERE ticket_id = $1`, [ticketOutro.id]);
      expect(eventosDepois).toHaveLength(1);

      const patchMesclado = await t.http().patch(`/api/atendimento/contatos/${outro.id}`).set(auth(admin)).send({ nome: 'x' });
      expect(patchMesclado.status).toBe(409);
      expect(patchMesclado.body.code).toBe('CONTATO_MESCLADO');
      const { contato: terceiro } = await resolver({ tipo: 'telegram', valor: '5656', nome: 'Terceiro' });
      const jaMesclado = await t
        .http()
        .post(`/api/atendimento/contatos/${terceiro.id}/mesclar`)
        .set(auth(admin))
        .send({ outroContatoId: outro.id });
      expect(jaMesclado.status).toBe(409);
      expect(jaMesclado.body).toMatchObject({ code: 'CONTATO_OUTRO_JA_MESCLADO', mescladoParaId: este.id });
    });

    it('refuses merging a contato with itself', async () => {
      const { contato } = await resolver({ tipo: 'telegram', valor: '777', nome: 'Sozinho' });
      const response = await t
        .http()
        .post(`/api/atendimento/contatos/${contato.id}/mesclar`)
        .set(auth(admin))
        .send({ outroContatoId: contato.id });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('CONTATO_MESCLAR_COM_ELE_MESMO');
    });

    it('refuses merging two contatos with open tickets on the same canal', async () => {
      const canal = await criarCanal(t, admin.empresaId, 'whatsapp', 'WhatsApp 2');
      const { contato: a } = await resolver({ tipo: 'whatsapp', valor: '5571999990001', nome: 'A' });
      const { contato: b } = await resolver({ tipo: 'whatsapp', valor: '5571999990002', nome: 'B' });
      await criarTicket(t, admin.empresaId, a.id, { canalId: canal });
      const ticketB = await criarTicket(t, admin.empresaId, b.id, { canalId: canal, status: 'em_atendimento' });
      const response = await t
        .http()
        .post(`/api/atendimento/contatos/${a.id}/mesclar`)
        .set(auth(admin))
        .send({ outroContatoId: b.id });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'CONTATO_TICKETS_ABERTOS_NO_MESMO_CANAL', tickets: [ticketB.numero] });
      expect(response.body.message).toContain(`#${ticketB.numero}`);
      const [naoMovido] = await consultar<{ contato_id: string }>(t, `SELECT contato_id FROM atendimento_tickets WHERE id = $1`, [
        ticketB.id,
      ]);
      expect(naoMovido!.contato_id).toBe(b.id);
    });
  });
});
