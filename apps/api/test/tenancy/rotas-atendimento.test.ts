import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtendenteController } from '../../src/atendimento/atendentes/atendente.controller.js';
import { ContatoController } from '../../src/atendimento/contatos/contato.controller.js';
import { FilaController } from '../../src/atendimento/filas/fila.controller.js';
import { MensagemController } from '../../src/atendimento/mensagens/mensagem.controller.js';
import { ContatoTagController } from '../../src/atendimento/tags/contato-tag.controller.js';
import { TagController } from '../../src/atendimento/tags/tag.controller.js';
import { TicketTagController } from '../../src/atendimento/tags/ticket-tag.controller.js';
import { TemplateController } from '../../src/atendimento/templates/template.controller.js';
import { ContatoTicketsController } from '../../src/atendimento/tickets/contato-tickets.controller.js';
import { TicketController } from '../../src/atendimento/tickets/ticket.controller.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { CanalController } from '../../src/canais/canal.controller.js';
import { EventoEntradaController } from '../../src/canais/inbound/evento-entrada.controller.js';
import { RealtimeController } from '../../src/realtime/realtime.controller.js';
import { StorageController } from '../../src/storage/storage.controller.js';
import { auth, Fixtures } from '../atendimento/tickets/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Tenant isolation as ONE table over every tenant route of the core atendimento API (issue 3), the inbound
 * events admin (issue 4) and the real-time catch-up (issue 5): an admin of another empresa who knows the Demo
 * ids gets 404 on every route that names them (in the path or the body), lists show none of the Demo data, and
 * after the whole table the Demo empresa's rows are byte for byte what they were. The table is checked against
 * the controllers themselves, so a new route without a row fails here.
 */

type Metodo = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Linha {
  /** `METHOD /path/{param}` exactly as the controllers declare it (the completeness check reads it). */
  rota: string;
  /** What this row tries, when a route has several rows. */
  caso?: string;
  url: () => string;
  corpo?: () => object;
  /**
   * 404: names a Demo id. `lista`: a list of the caller's own empresa (200, nothing of the Demo). A number: a
   * creation in the caller's own empresa that must not collide with (hence not reveal) the Demo's data.
   */
  espera: 404 | 'lista' | 201 | readonly number[];
}

/**
 * Controllers whose every route must have a row. FilaController and AtendenteController have rows too, but
 * they are being extended by the distribution work (issue 6), whose new routes are tested there.
 */
const CONTROLADORES_COBERTOS = [
  TicketController,
  ContatoTicketsController,
  TicketTagController,
  MensagemController,
  StorageController,
  ContatoController,
  ContatoTagController,
  TagController,
  TemplateController,
  CanalController,
  EventoEntradaController,
  RealtimeController,
];

const METODOS: Partial<Record<RequestMethod, Metodo>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

/** `GET /api/atendimento/tickets/{id}` for every handler of a controller, from Nest's own route metadata. */
function rotasDe(controlador: new (...args: never[]) => object): string[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controlador) ?? '');
  const prototipo = controlador.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototipo)
    .filter((nome) => nome !== 'constructor' && typeof prototipo[nome] === 'function')
    .flatMap((nome) => {
      const handler = prototipo[nome] as object;
      const metodo = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const caminho = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (metodo === undefined || caminho === undefined) return [];
      const completo = ['api', base, caminho]
        .join('/')
        .replace(/\/+/g, '/')
        .replace(/\/$/, '')
        .replace(/:(\w+)/g, '{$1}');
      return [`${(METODOS[metodo] ?? String(metodo)).toUpperCase()} /${completo}`];
    });
}

describe('tenant isolation: one table over every atendimento route', () => {
  let t: TestApp;
  let demo: Fixtures;
  let tokenOutra: string;
  let fOutra: Fixtures;
  const d = {
    fila: '',
    contato: '',
    contatoLivre: '',
    canal: '',
    ticket: '',
    mensagem: '',
    anexo: '',
    tag: '',
    template: '',
    atendente: '',
    usuarioAtendente: '',
    evento: '',
  };
  const o = { contato: '', canal: '', ticket: '', tag: '', template: '', fila: '' };
  /** Strings that must never appear in an answer to the other empresa. */
  const MARCAS = ['Cliente Secreto da Demo', 'segredo da Demo', 'Tag Secreta Demo', 'Template Secreto Demo'];
  let cursorRealtime = '';
  let antes = '';

  /** One fingerprint of every Demo row in every tenant table (after the table, it must be the same). */
  async function impressaoDaDemo(): Promise<string> {
    const tabelas = await demo.sql<{ tabela: string }>(
      `SELECT c.table_name AS tabela FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = 'empresa_id' AND tb.table_type = 'BASE TABLE'
        ORDER BY 1`,
    );
    const partes: string[] = [];
    for (const { tabela } of tabelas) {
      const [linha] = await demo.sql<{ n: number; h: string | null }>(
        `SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${tabela} x WHERE x.empresa_id = $1`,
        [demo.empresaId],
      );
      partes.push(`${tabela}:${linha.n}:${linha.h ?? ''}`);
    }
    return partes.join('\n');
  }

  beforeAll(async () => {
    t = await createTestApp();
    ({ fixtures: demo } = await Fixtures.demo(t));
    const tokenDemo = (await Fixtures.demo(t)).token;
    d.fila = await demo.fila({ nome: 'Fila Secreta Demo' });
    d.contato = await demo.contato({ nome: 'Cliente Secreto da Demo', telefone: '+5511988880000', email: 'secreto@demo.test' });
    d.contatoLivre = await demo.contato({ nome: 'Cliente Secreto da Demo 2' });
    d.canal = await demo.canal('telegram', { nome: 'Canal Secreto Demo' });
    d.ticket = await demo.ticket(d.contato, d.canal, d.fila);
    d.mensagem = (await demo.mensagemDoCliente(d.ticket, 'segredo da Demo')).mensagem.id;
    // A private note carries the anexo: nothing is queued for a provider, so no job changes Demo rows later.
    const upload = await t
      .http()
      .post(`/api/atendimento/tickets/${d.ticket}/mensagens`)
      .set(...auth(tokenDemo))
      .field('conteudo', 'segredo da Demo')
      .field('privada', 'true')
      .attach('arquivo', Buffer.from('%PDF-1.4 segredo'), { filename: 'segredo.pdf', contentType: 'application/pdf' });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    d.anexo = upload.body.anexos[0].id as string;
    d.tag = await demo.tag('Tag Secreta Demo');
    await demo.etiquetar(d.ticket, d.tag);
    await demo.sql(`INSERT INTO atendimento_contatos_tags (empresa_id, contato_id, tag_id) VALUES ($1, $2, $3)`, [
      demo.empresaId,
      d.contato,
      d.tag,
    ]);
    const template = await t
      .http()
      .post('/api/atendimento/templates')
      .set(...auth(tokenDemo))
      .send({ nome: 'Template Secreto Demo', atalho: '/segredo', conteudo: 'Oi {{contato.nome}}' });
    expect(template.status).toBe(201);
    d.template = template.body.id as string;
    const atendente = await demo.atendente({ filas: [d.fila], nome: 'Agente Secreto Demo' });
    d.atendente = atendente.atendenteId ?? '';
    d.usuarioAtendente = atendente.usuarioId;
    const [evento] = await demo.sql<{ id: string }>(
      `INSERT INTO atendimento_eventos_entrada (empresa_id, canal_id, tipo, external_id, corpo_bruto, headers, status, erro)
       VALUES ($1, $2, 'telegram', 'secreto-1', convert_to('{"segredo da Demo":1}', 'UTF8'), '{}', 'falhou', 'x')
       RETURNING id`,
      [demo.empresaId, d.canal],
    );
    d.evento = evento.id;

    const outra = await t.app
      .get(AuthService)
      .criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
    tokenOutra = await t.login('admin@outra.test', 'senha-outra-123');
    fOutra = new Fixtures(t, outra.empresaId);
    o.contato = await fOutra.contato({ nome: 'Cliente Outra' });
    o.fila = await fOutra.fila();
    o.canal = await fOutra.canal('telegram');
    o.ticket = await fOutra.ticket(o.contato, o.canal, o.fila);
    o.tag = await fOutra.tag('Tag Outra');
    const seu = await t
      .http()
      .post('/api/atendimento/templates')
      .set(...auth(tokenOutra))
      .send({ nome: 'Template Outra', conteudo: 'Oi {{contato.nome}}' });
    o.template = seu.body.id as string;
    cursorRealtime = (
      await t
        .http()
        .get('/api/atendimento/realtime/desde')
        .set(...auth(tokenOutra))
    ).body.cursor as string;

    // The Demo's background work (domain events, jobs) settles before the fingerprint is taken.
    let anterior = '';
    for (let i = 0; i < 20; i++) {
      antes = await impressaoDaDemo();
      if (antes === anterior) break;
      anterior = antes;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 120_000);

  afterAll(() => t?.close());

  const tabela: Linha[] = [
    // tickets
    { rota: 'GET /api/atendimento/tickets', url: () => '/api/atendimento/tickets?limite=100', espera: 'lista' },
    {
      rota: 'GET /api/atendimento/tickets',
      caso: 'full-text search for a Demo word',
      url: () => '/api/atendimento/tickets?q=segredo',
      espera: 'lista',
    },
    {
      rota: 'GET /api/atendimento/tickets',
      caso: 'filtered by Demo ids',
      url: () => `/api/atendimento/tickets?filaId=${d.fila}&canalId=${d.canal}&contatoId=${d.contato}`,
      espera: 'lista',
    },
    {
      rota: 'POST /api/atendimento/tickets',
      caso: 'with the Demo contato and canal',
      url: () => '/api/atendimento/tickets',
      corpo: () => ({ contatoId: d.contato, canalId: d.canal }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets',
      caso: 'my contato in the Demo fila',
      url: () => '/api/atendimento/tickets',
      corpo: () => ({ contatoId: o.contato, canalId: o.canal, filaId: d.fila }),
      espera: 404,
    },
    { rota: 'GET /api/atendimento/tickets/{id}', url: () => `/api/atendimento/tickets/${d.ticket}`, espera: 404 },
    {
      rota: 'PATCH /api/atendimento/tickets/{id}',
      url: () => `/api/atendimento/tickets/${d.ticket}`,
      corpo: () => ({ prioridade: 'urgente' }),
      espera: 404,
    },
    { rota: 'DELETE /api/atendimento/tickets/{id}', url: () => `/api/atendimento/tickets/${d.ticket}`, espera: 404 },
    { rota: 'GET /api/atendimento/tickets/{id}/eventos', url: () => `/api/atendimento/tickets/${d.ticket}/eventos`, espera: 404 },
    {
      rota: 'POST /api/atendimento/tickets/{id}/atribuir',
      url: () => `/api/atendimento/tickets/${d.ticket}/atribuir`,
      corpo: () => ({}),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{id}/atribuir',
      caso: 'my ticket to the Demo atendente',
      url: () => `/api/atendimento/tickets/${o.ticket}/atribuir`,
      corpo: () => ({ atendenteId: d.atendente }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{id}/transferir',
      url: () => `/api/atendimento/tickets/${d.ticket}/transferir`,
      corpo: () => ({ filaId: o.fila, motivo: 'invasão' }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{id}/transferir',
      caso: 'my ticket to the Demo fila',
      url: () => `/api/atendimento/tickets/${o.ticket}/transferir`,
      corpo: () => ({ filaId: d.fila, motivo: 'invasão' }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{id}/status',
      url: () => `/api/atendimento/tickets/${d.ticket}/status`,
      corpo: () => ({ status: 'pendente' }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{id}/resolver',
      url: () => `/api/atendimento/tickets/${d.ticket}/resolver`,
      corpo: () => ({}),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{id}/reabrir',
      url: () => `/api/atendimento/tickets/${d.ticket}/reabrir`,
      corpo: () => ({}),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{id}/fechar',
      url: () => `/api/atendimento/tickets/${d.ticket}/fechar`,
      corpo: () => ({}),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{id}/avaliar',
      url: () => `/api/atendimento/tickets/${d.ticket}/avaliar`,
      corpo: () => ({ nota: 1, comentario: 'invasão' }),
      espera: 404,
    },
    {
      rota: 'GET /api/atendimento/contatos/{contatoId}/tickets',
      url: () => `/api/atendimento/contatos/${d.contato}/tickets`,
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{ticketId}/tags',
      url: () => `/api/atendimento/tickets/${d.ticket}/tags`,
      corpo: () => ({ tagId: o.tag }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{ticketId}/tags',
      caso: 'my ticket with the Demo tag',
      url: () => `/api/atendimento/tickets/${o.ticket}/tags`,
      corpo: () => ({ tagId: d.tag }),
      espera: 404,
    },
    {
      rota: 'DELETE /api/atendimento/tickets/{ticketId}/tags/{tagId}',
      url: () => `/api/atendimento/tickets/${d.ticket}/tags/${d.tag}`,
      espera: 404,
    },
    // mensagens and anexos
    {
      rota: 'GET /api/atendimento/tickets/{ticketId}/mensagens',
      url: () => `/api/atendimento/tickets/${d.ticket}/mensagens`,
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{ticketId}/mensagens',
      caso: 'text',
      url: () => `/api/atendimento/tickets/${d.ticket}/mensagens`,
      corpo: () => ({ conteudo: 'invasão' }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{ticketId}/mensagens',
      caso: 'private note',
      url: () => `/api/atendimento/tickets/${d.ticket}/mensagens`,
      corpo: () => ({ conteudo: 'invasão', privada: true }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/tickets/{ticketId}/mensagens',
      caso: 'the Demo template on my ticket',
      url: () => `/api/atendimento/tickets/${o.ticket}/mensagens`,
      corpo: () => ({ templateId: d.template }),
      espera: 404,
    },
    { rota: 'POST /api/atendimento/tickets/{ticketId}/ler', url: () => `/api/atendimento/tickets/${d.ticket}/ler`, espera: 404 },
    { rota: 'PATCH /api/atendimento/mensagens/{id}/ler', url: () => `/api/atendimento/mensagens/${d.mensagem}/ler`, espera: 404 },
    { rota: 'GET /api/atendimento/anexos/{id}', url: () => `/api/atendimento/anexos/${d.anexo}`, espera: 404 },
    {
      rota: 'GET /api/atendimento/anexos/publico/{token}/{nome}',
      caso: 'a link to the Demo anexo with a forged signature (the link, not the login, is the credential)',
      url: () => {
        const conteudo = Buffer.from(JSON.stringify({ a: d.anexo, e: demo.empresaId, x: 4_102_444_800 })).toString('base64url');
        return `/api/atendimento/anexos/publico/${conteudo}.${'A'.repeat(43)}/segredo.pdf`;
      },
      espera: 404,
    },
    // contatos
    { rota: 'GET /api/atendimento/contatos', url: () => '/api/atendimento/contatos?q=Secreto', espera: 'lista' },
    {
      rota: 'POST /api/atendimento/contatos',
      caso: 'the Demo phone and e-mail are free here',
      url: () => '/api/atendimento/contatos',
      corpo: () => ({ nome: 'Homônimo', telefone: '+55 11 98888-0000', email: 'secreto@demo.test' }),
      espera: 201,
    },
    { rota: 'GET /api/atendimento/contatos/{id}', url: () => `/api/atendimento/contatos/${d.contato}`, espera: 404 },
    {
      rota: 'PATCH /api/atendimento/contatos/{id}',
      url: () => `/api/atendimento/contatos/${d.contato}`,
      corpo: () => ({ nome: 'Invadido' }),
      espera: 404,
    },
    { rota: 'DELETE /api/atendimento/contatos/{id}', url: () => `/api/atendimento/contatos/${d.contatoLivre}`, espera: 404 },
    {
      rota: 'POST /api/atendimento/contatos/{id}/mesclar',
      url: () => `/api/atendimento/contatos/${d.contato}/mesclar`,
      corpo: () => ({ outroContatoId: o.contato }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/contatos/{id}/mesclar',
      caso: 'the Demo contato into mine',
      url: () => `/api/atendimento/contatos/${o.contato}/mesclar`,
      corpo: () => ({ outroContatoId: d.contatoLivre }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/contatos/{contatoId}/tags',
      url: () => `/api/atendimento/contatos/${d.contato}/tags`,
      corpo: () => ({ tagId: o.tag }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/contatos/{contatoId}/tags',
      caso: 'my contato with the Demo tag',
      url: () => `/api/atendimento/contatos/${o.contato}/tags`,
      corpo: () => ({ tagId: d.tag }),
      espera: 404,
    },
    {
      rota: 'DELETE /api/atendimento/contatos/{contatoId}/tags/{tagId}',
      url: () => `/api/atendimento/contatos/${d.contato}/tags/${d.tag}`,
      espera: 404,
    },
    // tags
    { rota: 'GET /api/atendimento/tags', url: () => '/api/atendimento/tags?q=Secreta', espera: 'lista' },
    {
      rota: 'POST /api/atendimento/tags',
      caso: 'the Demo tag name is free here',
      url: () => '/api/atendimento/tags',
      corpo: () => ({ nome: 'Tag Secreta Demo' }),
      espera: 201,
    },
    { rota: 'GET /api/atendimento/tags/{id}', url: () => `/api/atendimento/tags/${d.tag}`, espera: 404 },
    {
      rota: 'PATCH /api/atendimento/tags/{id}',
      url: () => `/api/atendimento/tags/${d.tag}`,
      corpo: () => ({ nome: 'Invadida' }),
      espera: 404,
    },
    { rota: 'DELETE /api/atendimento/tags/{id}', url: () => `/api/atendimento/tags/${d.tag}`, espera: 404 },
    // templates
    { rota: 'GET /api/atendimento/templates', url: () => '/api/atendimento/templates?q=segredo', espera: 'lista' },
    {
      rota: 'POST /api/atendimento/templates',
      caso: 'on the Demo canal',
      url: () => '/api/atendimento/templates',
      corpo: () => ({ nome: 'Alheio', conteudo: 'x', canalId: d.canal }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/templates',
      caso: 'the Demo shortcut is free here',
      url: () => '/api/atendimento/templates',
      corpo: () => ({ nome: 'Meu segredo', atalho: '/segredo', conteudo: 'x' }),
      espera: 201,
    },
    { rota: 'GET /api/atendimento/templates/{id}', url: () => `/api/atendimento/templates/${d.template}`, espera: 404 },
    {
      rota: 'PATCH /api/atendimento/templates/{id}',
      url: () => `/api/atendimento/templates/${d.template}`,
      corpo: () => ({ nome: 'Invadido' }),
      espera: 404,
    },
    { rota: 'DELETE /api/atendimento/templates/{id}', url: () => `/api/atendimento/templates/${d.template}`, espera: 404 },
    {
      rota: 'POST /api/atendimento/templates/{id}/previsualizar',
      url: () => `/api/atendimento/templates/${d.template}/previsualizar`,
      corpo: () => ({ contexto: { contatoNome: 'x' } }),
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/templates/{id}/previsualizar',
      caso: 'mine with the Demo ticket',
      url: () => `/api/atendimento/templates/${o.template}/previsualizar`,
      corpo: () => ({ ticketId: d.ticket }),
      espera: 404,
    },
    // canais
    { rota: 'GET /api/atendimento/canais', url: () => '/api/atendimento/canais', espera: 'lista' },
    {
      rota: 'POST /api/atendimento/canais',
      caso: 'with the Demo fila as default',
      url: () => '/api/atendimento/canais',
      corpo: () => ({
        tipo: 'telegram',
        nome: 'Alheio',
        configuracao: { botToken: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw' },
        filaPadraoId: d.fila,
      }),
      espera: [404, 422],
    },
    { rota: 'GET /api/atendimento/canais/{id}', url: () => `/api/atendimento/canais/${d.canal}`, espera: 404 },
    {
      rota: 'PATCH /api/atendimento/canais/{id}',
      url: () => `/api/atendimento/canais/${d.canal}`,
      corpo: () => ({ nome: 'Invadido' }),
      espera: 404,
    },
    { rota: 'DELETE /api/atendimento/canais/{id}', url: () => `/api/atendimento/canais/${d.canal}`, espera: 404 },
    { rota: 'GET /api/atendimento/canais/{id}/status', url: () => `/api/atendimento/canais/${d.canal}/status`, espera: 404 },
    {
      rota: 'POST /api/atendimento/canais/{id}/sincronizar',
      url: () => `/api/atendimento/canais/${d.canal}/sincronizar`,
      espera: 404,
    },
    {
      rota: 'POST /api/atendimento/canais/{id}/testar-mensagem',
      url: () => `/api/atendimento/canais/${d.canal}/testar-mensagem`,
      corpo: () => ({ para: '123', texto: 'invasão' }),
      espera: 404,
    },
    // filas
    { rota: 'GET /api/atendimento/filas', url: () => '/api/atendimento/filas', espera: 'lista' },
    {
      rota: 'POST /api/atendimento/filas',
      caso: 'the Demo fila name is free here',
      url: () => '/api/atendimento/filas',
      corpo: () => ({ nome: 'Fila Secreta Demo' }),
      espera: 201,
    },
    { rota: 'GET /api/atendimento/filas/{id}', url: () => `/api/atendimento/filas/${d.fila}`, espera: 404 },
    {
      rota: 'PATCH /api/atendimento/filas/{id}',
      url: () => `/api/atendimento/filas/${d.fila}`,
      corpo: () => ({ nome: 'Invadida' }),
      espera: 404,
    },
    { rota: 'DELETE /api/atendimento/filas/{id}', url: () => `/api/atendimento/filas/${d.fila}`, espera: 404 },
    { rota: 'GET /api/atendimento/filas/{id}/atendentes', url: () => `/api/atendimento/filas/${d.fila}/atendentes`, espera: 404 },
    {
      rota: 'PUT /api/atendimento/filas/{id}/atendentes',
      url: () => `/api/atendimento/filas/${d.fila}/atendentes`,
      corpo: () => [],
      espera: 404,
    },
    {
      rota: 'PUT /api/atendimento/filas/{id}/atendentes',
      caso: 'the Demo atendente into my fila',
      url: () => `/api/atendimento/filas/${o.fila}/atendentes`,
      corpo: () => [{ atendenteId: d.atendente }],
      espera: [404, 422],
    },
    // atendentes
    { rota: 'GET /api/atendimento/atendentes', url: () => '/api/atendimento/atendentes', espera: 'lista' },
    {
      rota: 'POST /api/atendimento/atendentes',
      caso: 'the Demo usuario as my atendente',
      url: () => '/api/atendimento/atendentes',
      corpo: () => ({ usuarioId: d.usuarioAtendente }),
      espera: [404, 422],
    },
    { rota: 'GET /api/atendimento/atendentes/{id}', url: () => `/api/atendimento/atendentes/${d.atendente}`, espera: 404 },
    {
      rota: 'PATCH /api/atendimento/atendentes/{id}',
      url: () => `/api/atendimento/atendentes/${d.atendente}`,
      corpo: () => ({ nome: 'Invadido' }),
      espera: 404,
    },
    {
      rota: 'PUT /api/atendimento/atendentes/{id}/filas',
      url: () => `/api/atendimento/atendentes/${d.atendente}/filas`,
      corpo: () => [{ filaId: o.fila }],
      espera: 404,
    },
    {
      rota: 'PATCH /api/atendimento/atendentes/{id}/status',
      url: () => `/api/atendimento/atendentes/${d.atendente}/status`,
      corpo: () => ({ status: 'ausente' }),
      espera: 404,
    },
    { rota: 'DELETE /api/atendimento/atendentes/{id}', url: () => `/api/atendimento/atendentes/${d.atendente}`, espera: 404 },
    // inbound events (issue 4) and real-time catch-up (issue 5)
    { rota: 'GET /api/atendimento/eventos-entrada', url: () => '/api/atendimento/eventos-entrada', espera: 'lista' },
    { rota: 'GET /api/atendimento/eventos-entrada/{id}', url: () => `/api/atendimento/eventos-entrada/${d.evento}`, espera: 404 },
    {
      rota: 'POST /api/atendimento/eventos-entrada/{id}/reprocessar',
      url: () => `/api/atendimento/eventos-entrada/${d.evento}/reprocessar`,
      espera: 404,
    },
    {
      rota: 'GET /api/atendimento/realtime/desde',
      url: () => `/api/atendimento/realtime/desde?cursor=${cursorRealtime}`,
      espera: 'lista',
    },
  ];

  it('has a row for every route of the covered controllers, and every row is a real, documented route', async () => {
    const declaradas = new Set(CONTROLADORES_COBERTOS.flatMap(rotasDe));
    const todas = new Set([...declaradas, ...rotasDe(FilaController), ...rotasDe(AtendenteController)]);
    const naTabela = new Set(tabela.map((linha) => linha.rota));
    const semLinha = [...declaradas].filter((rota) => !naTabela.has(rota));
    expect(semLinha, 'routes without a row in the isolation table').toEqual([]);
    expect(
      [...naTabela].filter((rota) => !todas.has(rota)),
      'rows for routes that do not exist',
    ).toEqual([]);

    const documento = await t.http().get('/api/docs/openapi.json');
    const documentadas = new Set(
      Object.entries(documento.body.paths as Record<string, Record<string, unknown>>).flatMap(([caminho, operacoes]) =>
        Object.keys(operacoes).map((metodo) => `${metodo.toUpperCase()} ${caminho}`),
      ),
    );
    expect(
      [...todas].filter((rota) => !documentadas.has(rota)),
      'routes missing from the OpenAPI document',
    ).toEqual([]);
  });

  it.each(tabela.map((linha) => [`${linha.rota}${linha.caso ? ` (${linha.caso})` : ''}`, linha] as const))(
    '%s with a token of another empresa',
    async (_nome, linha) => {
      const [metodo] = linha.rota.split(' ') as [string];
      const url = linha.url();
      const corpo = linha.corpo?.();
      const http = t.http();
      const requisicao = http[metodo.toLowerCase() as Metodo](url).set(...auth(tokenOutra));
      const resposta = await (corpo ? requisicao.send(corpo) : requisicao);
      const texto = JSON.stringify(resposta.body);
      // An answer may repeat what the caller sent (an id in an error, a name it created); anything else of the
      // Demo would be a leak.
      const enviado = `${url} ${JSON.stringify(corpo ?? null)}`;
      for (const segredo of [...MARCAS, ...Object.values(d)].filter((valor) => !enviado.includes(valor))) {
        expect(texto).not.toContain(segredo);
      }
      if (linha.espera === 'lista') {
        expect(resposta.status, texto).toBe(200);
      } else if (typeof linha.espera === 'number') {
        expect(resposta.status, texto).toBe(linha.espera);
      } else {
        expect(linha.espera, texto).toContain(resposta.status);
      }
    },
  );

  it('leaves every row of the Demo empresa exactly as it was', async () => {
    expect(await impressaoDaDemo()).toBe(antes);
  });
});
