import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateService } from '../../../src/atendimento/templates/template.service.js';
import type { NormalizedTemplate } from '../../../src/canais/channel-adapter.js';
import { RequestContext } from '../../../src/common/request-context.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { criarCanal, criarTicket, type Sessao, sessoesPadrao } from '../contatos/apoio.js';

interface TemplateBody {
  id: string;
  nome: string;
  atalho: string | null;
  conteudo: string;
  variaveis: { nome: string; descricao?: string }[];
  variaveisNoTexto: string[];
  ativo: boolean;
  whatsapp: { nome: string; status: string; componentes: unknown[] } | null;
}

describe('templates', () => {
  let t: TestApp;
  let admin: Sessao;
  let atendente: Sessao;
  let templates: TemplateService;

  const auth = (sessao: Sessao) => ({ Authorization: `Bearer ${sessao.token}` });
  const criar = async (body: Record<string, unknown>): Promise<TemplateBody> => {
    const response = await t.http().post('/api/atendimento/templates').set(auth(admin)).send(body);
    expect(response.status).toBe(201);
    return response.body as TemplateBody;
  };
  const noContexto = <T>(fn: () => Promise<T>) => RequestContext.runForEmpresa(admin.empresaId, fn);

  beforeAll(async () => {
    t = await createTestApp();
    ({ admin, atendente } = await sessoesPadrao(t));
    templates = t.app.get(TemplateService);
  });

  afterAll(() => t.close());

  it('creates a template (admin only), storing the shortcut without the slash and declaring custom variables', async () => {
    const negado = await t.http().post('/api/atendimento/templates').set(auth(atendente)).send({ nome: 'X', conteudo: 'x' });
    expect(negado.status).toBe(403);
    expect(negado.body.code).toBe('PAPEL_INSUFICIENTE');

    const criado = await criar({
      nome: 'Saudação',
      categoria: 'Geral',
      atalho: '/Saudacao',
      conteudo:
        'Olá {{contato.nome}}, sou {{atendente.nome}} da {{empresa.nome}}. Seu pedido {{pedido}} (protocolo #{{ticket.numero}}).',
      variaveis: [{ nome: 'pedido', descricao: 'Número do pedido', exemplo: '12345' }],
    });
    expect(criado).toMatchObject({
      nome: 'Saudação',
      atalho: '/saudacao',
      idioma: 'pt_BR',
      ativo: true,
      variaveis: [{ nome: 'pedido', descricao: 'Número do pedido', exemplo: '12345' }],
      variaveisNoTexto: ['contato.nome', 'atendente.nome', 'empresa.nome', 'pedido', 'ticket.numero'],
      whatsapp: null,
    });

    const semDeclarar = await criar({
      nome: 'Rastreio',
      atalho: 'rastreio',
      conteudo: 'Código {{codigo_rastreio}} para {{contato.nome}}',
    });
    expect(semDeclarar.variaveis).toEqual([{ nome: 'codigo_rastreio' }]);

    const lido = await t.http().get(`/api/atendimento/templates/${criado.id}`).set(auth(atendente));
    expect(lido.status).toBe(200);
    expect(lido.body.atalho).toBe('/saudacao');
  });

  it('refuses a shortcut already in use (409) and bad bodies (400 naming the field)', async () => {
    const duplicado = await t
      .http()
      .post('/api/atendimento/templates')
      .set(auth(admin))
      .send({ nome: 'Outra', atalho: 'SAUDACAO', conteudo: 'x' });
    expect(duplicado.status).toBe(409);
    expect(duplicado.body.code).toBe('TEMPLATE_ATALHO_EM_USO');
    const bad = await t
      .http()
      .post('/api/atendimento/templates')
      .set(auth(admin))
      .send({ nome: '', atalho: 'com espaço', conteudo: 5, idioma: 'portugues' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['atalho', 'conteudo', 'idioma', 'nome']);
    const canal = await t
      .http()
      .post('/api/atendimento/templates')
      .set(auth(admin))
      .send({ nome: 'C', conteudo: 'x', canalId: '33333333-3333-4333-8333-333333333333' });
    expect(canal.status).toBe(404);
    expect(canal.body.code).toBe('TEMPLATE_CANAL_NAO_ENCONTRADO');
  });

  it('searches by shortcut prefix and by text, with keyset pages', async () => {
    await criar({ nome: 'Saudação da tarde', atalho: '/saudacao-tarde', conteudo: 'Boa tarde!' });
    await criar({ nome: 'Sair', atalho: '/sair', conteudo: 'Até logo' });
    const porAtalho = async (atalho: string) =>
      ((await t.http().get('/api/atendimento/templates').query({ atalho }).set(auth(atendente))).body.items as TemplateBody[])
        .map((x) => x.atalho)
        .sort();
    expect(await porAtalho('/sau')).toEqual(['/saudacao', '/saudacao-tarde']);
    expect(await porAtalho('SA')).toEqual(['/sair', '/saudacao', '/saudacao-tarde']);
    expect(await porAtalho('/saudacao-')).toEqual(['/saudacao-tarde']);
    expect(await porAtalho('/x')).toEqual([]);
    expect(await porAtalho('/')).toEqual(['/rastreio', '/sair', '/saudacao', '/saudacao-tarde']);

    const porTexto = await t.http().get('/api/atendimento/templates').query({ q: 'tarde' }).set(auth(atendente));
    expect((porTexto.body.items as TemplateBody[]).map((x) => x.nome)).toEqual(['Saudação da tarde']);
    const porCategoria = await t.http().get('/api/atendimento/templates').query({ categoria: 'geral' }).set(auth(atendente));
    expect((porCategoria.body.items as TemplateBody[]).map((x) => x.nome)).toEqual(['Saudação']);

    const nomes: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await t
        .http()
        .get('/api/atendimento/templates')
        .query({ limite: '2', ...(cursor ? { cursor } : {}) })
        .set(auth(atendente));
      nomes.push(...(response.body.items as TemplateBody[]).map((x) => x.nome));
      cursor = response.body.nextCursor as string | null;
    } while (cursor);
    expect(new Set(nomes).size).toBe(nomes.length);
    expect(nomes).toHaveLength(4);
    const invalido = await t.http().get('/api/atendimento/templates').query({ cursor: 'e30' }).set(auth(atendente));
    expect(invalido.status).toBe(400);
  });

  it('renders a preview with built-in and custom variables', async () => {
    const lista = await t.http().get('/api/atendimento/templates').query({ atalho: '/saudacao' }).set(auth(admin));
    const saudacao = (lista.body.items as TemplateBody[]).find((x) => x.atalho === '/saudacao')!;
    const response = await t
      .http()
      .post(`/api/atendimento/templates/${saudacao.id}/previsualizar`)
      .set(auth(atendente))
      .send({ variaveis: { pedido: 'A-77' }, contexto: { contatoNome: 'Maria', ticketNumero: 1042 } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      templateId: saudacao.id,
      texto: 'Olá Maria, sou Ana Atendente da Demo. Seu pedido A-77 (protocolo #1042).',
    });
  });

  it('fills contato.nome and ticket.numero from a ticket', async () => {
    const contato = await t.http().post('/api/atendimento/contatos').set(auth(admin)).send({ nome: 'Joana' });
    const ticket = await criarTicket(t, admin.empresaId, contato.body.id as string);
    const template = await criar({ nome: 'Protocolo', conteudo: '{{contato.nome}}, seu protocolo é #{{ticket.numero}}.' });
    const response = await t
      .http()
      .post(`/api/atendimento/templates/${template.id}/previsualizar`)
      .set(auth(atendente))
      .send({ ticketId: ticket.id });
    expect(response.body.texto).toBe(`Joana, seu protocolo é #${ticket.numero}.`);
    const alheio = await t
      .http()
      .post(`/api/atendimento/templates/${template.id}/previsualizar`)
      .set(auth(atendente))
      .send({ ticketId: '44444444-4444-4444-8444-444444444444' });
    expect(alheio.status).toBe(404);
  });

  it('refuses with 422 listing every variable left unfilled', async () => {
    const template = await criar({
      nome: 'Cobrança',
      conteudo: 'Oi {{contato.nome}}, o boleto {{boleto}} vence em {{vencimento}}. Protocolo {{ticket.numero}}.',
    });
    const response = await t
      .http()
      .post(`/api/atendimento/templates/${template.id}/previsualizar`)
      .set(auth(atendente))
      .send({ variaveis: { vencimento: '10/12', boleto: '  ' } });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'TEMPLATE_VARIAVEIS_NAO_PREENCHIDAS',
      message:
        'Variáveis sem valor no template "Cobrança": {{contato.nome}}, {{boleto}}, {{ticket.numero}}. Informe-as em "variaveis".',
      variaveisFaltando: ['contato.nome', 'boleto', 'ticket.numero'],
    });

    await expect(
      noContexto(() => templates.renderizar({ atalho: '/rastreio', contexto: { contatoNome: 'Ana' } })),
    ).rejects.toMatchObject({
      code: 'TEMPLATE_VARIAVEIS_NAO_PREENCHIDAS',
      message: 'Variáveis sem valor no template "Rastreio": {{codigo_rastreio}}. Informe-as em "variaveis".',
    });
  });

  it('renders for sending by id or by shortcut (the mensagens contract)', async () => {
    const { texto, template } = await noContexto(() =>
      templates.renderizar({ atalho: 'Rastreio', variaveis: { codigo_rastreio: 'BR123' }, contexto: { contatoNome: 'Ana' } }),
    );
    expect(texto).toBe('Código BR123 para Ana');
    expect(template.atalho).toBe('rastreio');
    await expect(noContexto(() => templates.renderizar({ contexto: {} }))).rejects.toMatchObject({
      code: 'TEMPLATE_IDENTIFICACAO_AUSENTE',
    });
    await expect(noContexto(() => templates.renderizar({ atalho: '/nada', contexto: {} }))).rejects.toMatchObject({
      code: 'TEMPLATE_NAO_ENCONTRADO',
    });
  });

  it('updates and deletes (admin only); an inactive template is not rendered', async () => {
    const template = await criar({ nome: 'Temporário', atalho: '/temp', conteudo: 'Oi {{nome_do_plano}}' });
    const negado = await t.http().patch(`/api/atendimento/templates/${template.id}`).set(auth(atendente)).send({ ativo: false });
    expect(negado.status).toBe(403);
    const alterado = await t
      .http()
      .patch(`/api/atendimento/templates/${template.id}`)
      .set(auth(admin))
      .send({ conteudo: 'Plano {{plano}} ativo', atalho: null, ativo: false });
    expect(alterado.status).toBe(200);
    expect(alterado.body).toMatchObject({
      conteudo: 'Plano {{plano}} ativo',
      atalho: null,
      ativo: false,
      variaveis: [{ nome: 'plano' }],
    });
    const inativo = await t
      .http()
      .post(`/api/atendimento/templates/${template.id}/previsualizar`)
      .set(auth(admin))
      .send({ variaveis: { plano: 'Ouro' } });
    expect(inativo.status).toBe(422);
    expect(inativo.body.code).toBe('TEMPLATE_DESATIVADO');
    expect((await t.http().delete(`/api/atendimento/templates/${template.id}`).set(auth(atendente))).status).toBe(403);
    expect((await t.http().delete(`/api/atendimento/templates/${template.id}`).set(auth(admin))).status).toBe(204);
    expect((await t.http().get(`/api/atendimento/templates/${template.id}`).set(auth(admin))).status).toBe(404);
  });

  it('syncs WhatsApp templates of a canal: creates, updates, deactivates vanished ones', async () => {
    const canal = await criarCanal(t, admin.empresaId, 'whatsapp', 'WhatsApp principal');
    const modelo = (nome: string, corpo: string, status: NormalizedTemplate['status'] = 'aprovado'): NormalizedTemplate => ({
      externalId: `id-${nome}`,
      name: nome,
      language: 'pt_BR',
      status,
      providerStatus: status === 'aprovado' ? 'APPROVED' : 'PENDING',
      category: 'UTILITY',
      components: [
        { type: 'header', format: 'TEXT', text: 'Pedido {{1}}', variables: ['1'] },
        { type: 'body', text: corpo, variables: ['1', '2'] },
        { type: 'buttons', variables: [], buttons: [{ type: 'URL', text: 'Rastrear', url: 'https://x.test/{{1}}' }] },
      ],
    });
    const primeira = await noContexto(() =>
      templates.sincronizarDoCanal(canal, [
        modelo('pedido_enviado', 'Olá {{1}}, seu pedido {{2}} saiu.'),
        modelo('boas_vindas', 'Bem-vindo {{1}} {{2}}'),
      ]),
    );
    expect(primeira).toEqual({ criados: 2, atualizados: 0, removidos: 0 });

    const lista = await t.http().get('/api/atendimento/templates').query({ canalId: canal }).set(auth(atendente));
    const sincronizado = (lista.body.items as TemplateBody[]).find((x) => x.nome === 'pedido_enviado')!;
    expect(sincronizado).toMatchObject({
      conteudo: 'Olá {{1}}, seu pedido {{2}} saiu.',
      variaveis: [{ nome: '1' }, { nome: '2' }],
      whatsapp: { nome: 'pedido_enviado', status: 'aprovado', categoria: 'UTILITY', componentes: expect.any(Array) },
    });
    expect(sincronizado.whatsapp!.componentes).toHaveLength(3);

    const segunda = await noContexto(() =>
      templates.sincronizarDoCanal(canal, [
        modelo('pedido_enviado', 'Olá {{1}}, seu pedido {{2}} foi enviado.'),
        modelo('novo', 'Novo {{1}} {{2}}', 'pendente'),
      ]),
    );
    expect(segunda).toEqual({ criados: 1, atualizados: 1, removidos: 1 });
    const terceira = await noContexto(() =>
      templates.sincronizarDoCanal(canal, [
        modelo('pedido_enviado', 'Olá {{1}}, seu pedido {{2}} foi enviado.'),
        modelo('novo', 'Novo {{1}} {{2}}', 'pendente'),
      ]),
    );
    expect(terceira).toEqual({ criados: 0, atualizados: 0, removidos: 0 });
    const inativos = await t.http().get('/api/atendimento/templates').query({ canalId: canal, ativo: 'false' }).set(auth(admin));
    expect((inativos.body.items as TemplateBody[]).map((x) => x.nome)).toEqual(['boas_vindas']);

    const texto = await noContexto(() =>
      templates.renderizar({ templateId: sincronizado.id, variaveis: { 1: 'Ana', 2: '#9' }, contexto: {} }),
    );
    expect(texto.texto).toBe('Olá Ana, seu pedido #9 foi enviado.');

    const somenteLocal = await t
      .http()
      .patch(`/api/atendimento/templates/${sincronizado.id}`)
      .set(auth(admin))
      .send({ conteudo: 'outro' });
    expect(somenteLocal.status).toBe(422);
    expect(somenteLocal.body).toMatchObject({ code: 'TEMPLATE_SINCRONIZADO', campos: ['conteudo'] });
    const atalho = await t
      .http()
      .patch(`/api/atendimento/templates/${sincronizado.id}`)
      .set(auth(admin))
      .send({ atalho: '/pedido' });
    expect(atalho.body.atalho).toBe('/pedido');

    await expect(
      noContexto(() => templates.sincronizarDoCanal('55555555-5555-4555-8555-555555555555', [])),
    ).rejects.toMatchObject({ code: 'TEMPLATE_CANAL_NAO_ENCONTRADO' });
  });
});
