import { MIGRATIONS } from '../../src/database/migrations.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { ATENDENTE_STATUS } from '../../src/atendimento/atendentes/atendente.entity.js';
import { AUTOMACAO_GATILHOS, Automacao } from '../../src/atendimento/automacoes/automacao.entity.js';
import { AUTOMACAO_RESULTADOS } from '../../src/atendimento/automacoes/automacao-execucao.entity.js';
import { CONTATO_IDENTIDADE_TIPOS } from '../../src/atendimento/contatos/contato-identidade.entity.js';
import { FILA_ESTRATEGIAS } from '../../src/atendimento/filas/fila.entity.js';
import {
  CONFIG_BUSCA_TEXTO,
  MENSAGEM_DIRECOES,
  MENSAGEM_STATUS,
  MENSAGEM_TIPOS,
  TRANSCRICAO_STATUS,
} from '../../src/atendimento/mensagens/mensagem.entity.js';
import { MENSAGEM_AGENDADA_STATUS } from '../../src/atendimento/mensagens/mensagem-agendada.entity.js';
import { METRICA_DIMENSOES } from '../../src/atendimento/relatorios/metrica.entity.js';
import { RECALCULO_ESTADOS } from '@atende/shared';
import { SLA_ACOES_VIOLACAO } from '../../src/atendimento/sla/sla-politica.entity.js';
import { TEMPLATE_WHATSAPP_STATUS } from '../../src/atendimento/templates/template.entity.js';
import { SENTIMENTO_ROTULOS, TICKET_PRIORIDADES, TICKET_STATUS, Ticket } from '../../src/atendimento/tickets/ticket.entity.js';
import { TICKET_EVENTO_ATORES, TICKET_EVENTO_TIPOS } from '../../src/atendimento/tickets/ticket-evento.entity.js';
import { WORKFLOW_GATILHOS } from '../../src/atendimento/workflows/workflow.entity.js';
import { WORKFLOW_ESTADO_STATUS } from '../../src/atendimento/workflows/workflow-estado.entity.js';
import { CANAL_STATUS, CANAL_TIPOS, Canal } from '../../src/canais/canal.entity.js';
import { EVENTO_ENTRADA_STATUS } from '../../src/canais/inbound/evento-entrada.entity.js';
import { ENVIO_OPERACOES, ENVIO_STATUS } from '../../src/canais/outbound/envio.entity.js';
import { ENTITIES } from '../../src/database/entities.js';
import { Empresa } from '../../src/empresas/empresa.entity.js';
import { ARTIGO_INDEXACAO_STATUS, ARTIGO_ORIGENS } from '../../src/ia/artigos/artigo.entity.js';
import { IA_AUTO_RESPOSTA_MODOS, IA_PROVEDORES, IA_PROVEDORES_EMBEDDINGS, IA_RECURSOS } from '../../src/ia/ia-config.entity.js';
import { IA_LOG_RESULTADOS } from '../../src/ia/ia-log.entity.js';
import { CHUNK_FONTES } from '../../src/ia/rag/chunk.entity.js';
import { INDEXACAO_STATUS } from '../../src/ia/rag/indexacao.entity.js';
import { Anexo } from '../../src/storage/anexo.entity.js';
import { USUARIO_PAPEIS } from '../../src/usuarios/usuario.entity.js';
import { createTestDataSource } from '../support/test-database.js';

/** Every table of the data model; all but `empresas` belong to an empresa. */
const TABELAS = [
  'empresas',
  'usuarios',
  'auth_sessoes',
  'atendimento_expedientes',
  'atendimento_expediente_versoes',
  'atendimento_feriados',
  'atendimento_sla_politicas',
  'atendimento_filas',
  'atendimento_canais',
  'atendimento_contatos',
  'atendimento_contato_identidades',
  'atendimento_atendentes',
  'atendimento_atendentes_filas',
  'atendimento_atendente_presencas',
  'atendimento_templates',
  'atendimento_tags',
  'atendimento_tickets',
  'atendimento_tickets_tags',
  'atendimento_contatos_tags',
  'atendimento_ticket_eventos',
  'atendimento_mensagens',
  'atendimento_anexos',
  'atendimento_mensagens_agendadas',
  'atendimento_automacoes',
  'atendimento_automacao_execucoes',
  'atendimento_workflows',
  'atendimento_workflow_estados',
  'atendimento_metricas',
  'atendimento_relatorio_recalculos',
  'atendimento_ia_configs',
  'atendimento_ia_logs',
  'atendimento_sentimento',
  'atendimento_artigos',
  'atendimento_chunks',
  'atendimento_ia_indexacoes',
  'atendimento_eventos_entrada',
  'atendimento_envios',
  'atendimento_email_cursores',
  'audit_log',
].sort();

const TABELAS_DE_EMPRESA = TABELAS.filter((tabela) => tabela !== 'empresas');

/**
 * Indexes allowed not to start with empresa_id, with the reason (see the migration's header): lookups that
 * happen before the empresa is known, and GIN indexes that cannot lead with a uuid without btree_gin.
 */
const INDICES_SEM_EMPRESA: Record<string, string> = {
  usuarios_email_key: 'login by e-mail alone',
  auth_sessoes_token_hash_key: 'refresh-token lookup',
  atendimento_atendentes_usuario_key: 'one atendente per usuario',
  atendimento_canais_roteamento_key: 'a webhook finds its canal by routing key',
  atendimento_mensagens_canal_external_key: 'provider ids are unique per canal',
  atendimento_eventos_entrada_canal_external_key: 'provider ids are unique per canal',
  atendimento_contatos_nome_trgm_idx: 'GIN trigram',
  atendimento_mensagens_busca_idx: 'GIN full text',
  atendimento_chunks_fts_idx: 'GIN full text',
};

/** Generated columns that no entity maps (read only in SQL). */
const COLUNAS_SO_SQL = new Set(['atendimento_mensagens.busca', 'atendimento_chunks.fts']);

/** CHECK-constrained enum columns and the TypeScript list each must equal. */
const ENUMS: [tabela: string, coluna: string, valores: readonly string[]][] = [
  ['usuarios', 'papel', USUARIO_PAPEIS],
  ['atendimento_canais', 'tipo', CANAL_TIPOS],
  ['atendimento_canais', 'status', CANAL_STATUS],
  ['atendimento_contato_identidades', 'tipo', CONTATO_IDENTIDADE_TIPOS],
  ['atendimento_filas', 'estrategia', FILA_ESTRATEGIAS],
  ['atendimento_atendentes', 'status', ATENDENTE_STATUS],
  ['atendimento_atendente_presencas', 'status', ATENDENTE_STATUS],
  ['atendimento_tickets', 'status', TICKET_STATUS],
  ['atendimento_tickets', 'prioridade', TICKET_PRIORIDADES],
  ['atendimento_tickets', 'sentimento_rotulo', SENTIMENTO_ROTULOS],
  ['atendimento_ticket_eventos', 'tipo', TICKET_EVENTO_TIPOS],
  ['atendimento_ticket_eventos', 'ator', TICKET_EVENTO_ATORES],
  ['atendimento_ticket_eventos', 'para_status', TICKET_STATUS],
  ['atendimento_mensagens', 'direcao', MENSAGEM_DIRECOES],
  ['atendimento_mensagens', 'tipo', MENSAGEM_TIPOS],
  ['atendimento_mensagens', 'status', MENSAGEM_STATUS],
  ['atendimento_mensagens', 'transcricao_status', TRANSCRICAO_STATUS],
  ['atendimento_mensagens_agendadas', 'status', MENSAGEM_AGENDADA_STATUS],
  ['atendimento_templates', 'whatsapp_status', TEMPLATE_WHATSAPP_STATUS],
  ['atendimento_sla_politicas', 'acao_violacao', SLA_ACOES_VIOLACAO],
  ['atendimento_automacoes', 'gatilho', AUTOMACAO_GATILHOS],
  ['atendimento_automacao_execucoes', 'resultado', AUTOMACAO_RESULTADOS],
  ['atendimento_workflows', 'gatilho', WORKFLOW_GATILHOS],
  ['atendimento_workflow_estados', 'status', WORKFLOW_ESTADO_STATUS],
  ['atendimento_metricas', 'dimensao', METRICA_DIMENSOES],
  ['atendimento_relatorio_recalculos', 'estado', RECALCULO_ESTADOS],
  ['atendimento_ia_configs', 'provedor', IA_PROVEDORES],
  ['atendimento_ia_configs', 'provedor_embeddings', IA_PROVEDORES_EMBEDDINGS],
  ['atendimento_ia_configs', 'auto_resposta_modo', IA_AUTO_RESPOSTA_MODOS],
  ['atendimento_ia_logs', 'recurso', IA_RECURSOS],
  ['atendimento_ia_logs', 'resultado', IA_LOG_RESULTADOS],
  ['atendimento_sentimento', 'rotulo', SENTIMENTO_ROTULOS],
  ['atendimento_artigos', 'origem', ARTIGO_ORIGENS],
  ['atendimento_artigos', 'indexacao_status', ARTIGO_INDEXACAO_STATUS],
  ['atendimento_chunks', 'fonte', CHUNK_FONTES],
  ['atendimento_ia_indexacoes', 'status', INDEXACAO_STATUS],
  ['atendimento_eventos_entrada', 'tipo', CANAL_TIPOS],
  ['atendimento_eventos_entrada', 'status', EVENTO_ENTRADA_STATUS],
  ['atendimento_envios', 'operacao', ENVIO_OPERACOES],
  ['atendimento_envios', 'status', ENVIO_STATUS],
];

/** TypeORM column type → PostgreSQL udt_name. */
const UDT: Record<string, string> = {
  uuid: 'uuid',
  text: 'text',
  jsonb: 'jsonb',
  timestamptz: 'timestamptz',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  boolean: 'bool',
  real: 'float4',
  'double precision': 'float8',
  numeric: 'numeric',
  date: 'date',
  bytea: 'bytea',
  varbit: 'varbit',
};

interface ColunaDb {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  udt_name: string;
}

async function tabelasPublicas(dataSource: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  return rows.map((row) => row.table_name).sort();
}

/** The SQLSTATE of a failed query (TypeORM copies the driver error's fields onto QueryFailedError). */
async function sqlstate(consulta: Promise<unknown>): Promise<string | undefined> {
  try {
    await consulta;
    return undefined;
  } catch (error) {
    const falha = error as { code?: string; driverError?: { code?: string } };
    return falha.driverError?.code ?? falha.code;
  }
}

async function inserir(dataSource: DataSource, sql: string, parametros: unknown[]): Promise<string> {
  const rows: { id: string }[] = await dataSource.query(sql, parametros);
  return rows[0].id;
}

describe('schema (runs on PGlite and on PostgreSQL)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource, close } = await createTestDataSource());
  });

  afterAll(() => close());

  /** An empresa with one contato and one canal: the minimum a ticket needs. */
  async function cenario(rotulo: string): Promise<{ empresaId: string; contatoId: string; canalId: string }> {
    const empresaId = await inserir(dataSource, `INSERT INTO empresas (nome, slug) VALUES ($1, $2) RETURNING id`, [
      rotulo,
      rotulo,
    ]);
    const contatoId = await inserir(
      dataSource,
      `INSERT INTO atendimento_contatos (empresa_id, nome, telefone) VALUES ($1, 'Maria', '+5511987654321') RETURNING id`,
      [empresaId],
    );
    const canalId = await inserir(
      dataSource,
      `INSERT INTO atendimento_canais (empresa_id, tipo, nome, chave_roteamento) VALUES ($1, 'whatsapp', 'WhatsApp', $2) RETURNING id`,
      [empresaId, `pnid-${rotulo}`],
    );
    return { empresaId, contatoId, canalId };
  }

  async function criarTicket(
    empresaId: string,
    contatoId: string,
    canalId: string,
    numero: number,
    status = 'aberto',
  ): Promise<string> {
    return inserir(
      dataSource,
      `INSERT INTO atendimento_tickets (empresa_id, numero, contato_id, canal_id, status) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [empresaId, numero, contatoId, canalId, status],
    );
  }

  it('creates every table of the data model, and no other', async () => {
    const tabelas = (await tabelasPublicas(dataSource)).filter((tabela) => tabela !== 'migrations');
    expect(tabelas).toEqual(TABELAS);
  });

  it('gives every tenant table a NOT NULL empresa_id that cascades from empresas', async () => {
    const colunas: { table_name: string; is_nullable: string }[] = await dataSource.query(
      `SELECT table_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'empresa_id'`,
    );
    const cascatas: { tabela: string }[] = await dataSource.query(
      `SELECT c.conrelid::regclass::text AS tabela
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.confrelid = 'empresas'::regclass AND a.attname = 'empresa_id'
          AND array_length(c.conkey, 1) = 1 AND c.confdeltype = 'c'`,
    );
    for (const tabela of TABELAS_DE_EMPRESA) {
      expect(colunas.find((coluna) => coluna.table_name === tabela)?.is_nullable, tabela).toBe('NO');
      expect(
        cascatas.some((cascata) => cascata.tabela === tabela),
        `${tabela}: FK empresa_id ON DELETE CASCADE`,
      ).toBe(true);
    }
  });

  it('starts the indexes of tenant tables with empresa_id (documented exceptions aside)', async () => {
    const indices: { tabela: string; indice: string; primaria: boolean; primeira: string | null }[] = await dataSource.query(
      `SELECT t.relname AS tabela, i.relname AS indice, x.indisprimary AS primaria, a.attname AS primeira
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
        WHERE t.relnamespace = 'public'::regnamespace`,
    );
    for (const tabela of TABELAS_DE_EMPRESA) {
      const daTabela = indices.filter((indice) => indice.tabela === tabela);
      expect(
        daTabela.some((indice) => indice.primeira === 'empresa_id'),
        `${tabela}: an index on empresa_id`,
      ).toBe(true);
      const foraDaRegra = daTabela
        .filter((indice) => !indice.primaria && indice.primeira !== 'empresa_id' && !(indice.indice in INDICES_SEM_EMPRESA))
        .map((indice) => indice.indice);
      expect(foraDaRegra, tabela).toEqual([]);
    }
    for (const indice of Object.keys(INDICES_SEM_EMPRESA)) {
      expect(
        indices.some((existente) => existente.indice === indice),
        `exception ${indice} still exists`,
      ).toBe(true);
    }
  });

  it('constrains every enum column to exactly the values the code knows', async () => {
    const checks: { tabela: string; def: string }[] = await dataSource.query(
      `SELECT conrelid::regclass::text AS tabela, pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace`,
    );
    for (const [tabela, coluna, valores] of ENUMS) {
      const prefixo = `(${coluna} = ANY (ARRAY[`;
      const def = checks.find((check) => check.tabela === tabela && check.def.includes(prefixo))?.def;
      expect(def, `${tabela}.${coluna} has a CHECK`).toBeDefined();
      const lista = (def ?? '').slice((def ?? '').indexOf(prefixo));
      const permitidos = [...lista.slice(0, lista.indexOf(']')).matchAll(/'([^']*)'/g)].map((match) => match[1]);
      expect(permitidos.sort(), `${tabela}.${coluna}`).toEqual([...valores].sort());
    }
  });

  it('maps every entity column to a table column of the same type and nullability, and every table column to an entity', async () => {
    const colunas: ColunaDb[] = await dataSource.query(
      `SELECT table_name, column_name, is_nullable, udt_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const porNome = new Map(colunas.map((coluna) => [`${coluna.table_name}.${coluna.column_name}`, coluna]));
    const mapeadas = new Set<string>();
    expect(dataSource.entityMetadatas).toHaveLength(ENTITIES.length);
    for (const entidade of dataSource.entityMetadatas) {
      expect(TABELAS, entidade.name).toContain(entidade.tableName);
      for (const coluna of entidade.columns) {
        const chave = `${entidade.tableName}.${coluna.databaseName}`;
        const db = porNome.get(chave);
        expect(db, `${entidade.name}.${coluna.propertyName} → ${chave}`).toBeDefined();
        if (!db) continue;
        mapeadas.add(chave);
        const tipo = typeof coluna.type === 'string' ? UDT[coluna.type] : undefined;
        expect(tipo, `${chave}: explicit column type`).toBeDefined();
        expect(db.udt_name, `${chave} type`).toBe(coluna.isArray ? `_${tipo}` : tipo);
        expect(db.is_nullable === 'YES', `${chave} nullable`).toBe(coluna.isNullable);
      }
    }
    const semEntidade = colunas
      .filter((coluna) => coluna.table_name !== 'migrations')
      .map((coluna) => `${coluna.table_name}.${coluna.column_name}`)
      .filter((chave) => !mapeadas.has(chave) && !COLUNAS_SO_SQL.has(chave));
    expect(semEntidade).toEqual([]);
  });

  it('round-trips entities through TypeORM with the database defaults and pg types', async () => {
    const empresa = await dataSource
      .getRepository(Empresa)
      .save(dataSource.getRepository(Empresa).create({ nome: 'Round Trip', slug: 'round-trip' }));
    expect(empresa).toMatchObject({ fusoHorario: 'America/Sao_Paulo', ticketSeq: 0, configuracoes: {}, ativo: true });
    const canal = await dataSource
      .getRepository(Canal)
      .save(
        dataSource
          .getRepository(Canal)
          .create({ empresaId: empresa.id, tipo: 'telegram', nome: 'Bot', configuracao: { botUsername: 'x' } }),
      );
    expect(canal.status).toBe('pendente');
    const contatoId = await inserir(dataSource, `INSERT INTO atendimento_contatos (empresa_id) VALUES ($1) RETURNING id`, [
      empresa.id,
    ]);
    const tickets = dataSource.getRepository(Ticket);
    const ticket = await tickets.save(tickets.create({ empresaId: empresa.id, numero: 1, contatoId, canalId: canal.id }));
    expect(ticket).toMatchObject({ status: 'aberto', prioridade: 'normal', naoLidas: 0, flags: {} });
    const lido = await tickets.findOneOrFail({ where: { id: ticket.id }, relations: { contato: true } });
    expect(lido.contato.id).toBe(contatoId);
    expect(lido.ultimaAtividadeEm).toBeInstanceOf(Date);

    const anexos = dataSource.getRepository(Anexo);
    const anexo = await anexos.save(
      anexos.create({ empresaId: empresa.id, storageChave: 'a/b.jpg', mimeTipo: 'image/jpeg', tamanhoBytes: '5000000000' }),
    );
    expect((await anexos.findOneByOrFail({ id: anexo.id })).tamanhoBytes).toBe('5000000000');

    const automacoes = dataSource.getRepository(Automacao);
    const automacao = await automacoes.save(
      automacoes.create({
        empresaId: empresa.id,
        nome: 'Tag VIP',
        gatilho: 'ticket_criado',
        acoes: [{ tipo: 'adicionar_tag', tagId: 'x' }],
      }),
    );
    expect(await automacoes.findOneByOrFail({ id: automacao.id })).toMatchObject({
      condicoes: {},
      acoes: [{ tipo: 'adicionar_tag' }],
    });
  });

  it('allows one open ticket per contato and canal (23505), and a new one once it is resolved', async () => {
    const { empresaId, contatoId, canalId } = await cenario('aberto-unico');
    const primeiro = await criarTicket(empresaId, contatoId, canalId, 1);
    expect(await sqlstate(criarTicket(empresaId, contatoId, canalId, 2))).toBe('23505');
    expect(await sqlstate(criarTicket(empresaId, contatoId, canalId, 2, 'pendente'))).toBe('23505');

    const outroCanal = await inserir(
      dataSource,
      `INSERT INTO atendimento_canais (empresa_id, tipo, nome) VALUES ($1, 'email', 'E-mail') RETURNING id`,
      [empresaId],
    );
    await criarTicket(empresaId, contatoId, outroCanal, 3);

    await dataSource.query(`UPDATE atendimento_tickets SET status = 'resolvido', resolvido_em = now() WHERE id = $1`, [primeiro]);
    await criarTicket(empresaId, contatoId, canalId, 4);
    // Reopening the resolved one now would make two open tickets.
    expect(await sqlstate(dataSource.query(`UPDATE atendimento_tickets SET status = 'aberto' WHERE id = $1`, [primeiro]))).toBe(
      '23505',
    );
    // Ticket numbers are unique per empresa.
    expect(await sqlstate(criarTicket(empresaId, contatoId, outroCanal, 4, 'fechado'))).toBe('23505');
  });

  it('keeps provider ids unique per canal for mensagens and inbound events (23505, ON CONFLICT no-op)', async () => {
    const { empresaId, contatoId, canalId } = await cenario('external-id');
    const ticketId = await criarTicket(empresaId, contatoId, canalId, 1);
    const inserirMensagem = (externalId: string | null, canal = canalId) =>
      dataSource.query(
        `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, contato_id, canal_id, direcao, status, conteudo, external_id)
         VALUES ($1, $2, $3, $4, 'recebida', 'recebida', 'oi', $5)`,
        [empresaId, ticketId, contatoId, canal, externalId],
      );
    await inserirMensagem('wamid.1');
    expect(await sqlstate(inserirMensagem('wamid.1'))).toBe('23505');
    await inserirMensagem(null);
    await inserirMensagem(null);
    const outroCanal = await inserir(
      dataSource,
      `INSERT INTO atendimento_canais (empresa_id, tipo, nome) VALUES ($1, 'whatsapp', 'Outro número') RETURNING id`,
      [empresaId],
    );
    await inserirMensagem('wamid.1', outroCanal);

    const evento = `INSERT INTO atendimento_eventos_entrada (empresa_id, canal_id, tipo, external_id, payload)
                    VALUES ($1, $2, 'whatsapp', 'wamid.9', '{}')`;
    await dataSource.query(evento, [empresaId, canalId]);
    expect(await sqlstate(dataSource.query(evento, [empresaId, canalId]))).toBe('23505');
    const repetido: unknown[] = await dataSource.query(`${evento} ON CONFLICT (canal_id, external_id) DO NOTHING RETURNING id`, [
      empresaId,
      canalId,
    ]);
    expect(repetido).toHaveLength(0);
    const semCanal = `INSERT INTO atendimento_eventos_entrada (empresa_id, tipo, external_id, corpo_bruto) VALUES ($1, 'email', '<m@x>', '\\x00ff')`;
    await dataSource.query(semCanal, [empresaId]);
    expect(await sqlstate(dataSource.query(semCanal, [empresaId]))).toBe('23505');
  });

  it('finds mensagens by Portuguese word stem, without accents, in text and transcripts', async () => {
    const { empresaId, contatoId, canalId } = await cenario('busca');
    const ticketId = await criarTicket(empresaId, contatoId, canalId, 1);
    const mensagens = [
      ['Quero o cancelamento da minha assinatura', null],
      ['Bom dia, tudo bem?', null],
      [null, 'Não consigo acessar o aplicativo desde ontem'],
    ];
    for (const [conteudo, transcricao] of mensagens) {
      await dataSource.query(
        `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, canal_id, direcao, status, tipo, conteudo, transcricao)
         VALUES ($1, $2, $3, 'recebida', 'recebida', $4, $5, $6)`,
        [empresaId, ticketId, canalId, conteudo ? 'texto' : 'audio', conteudo, transcricao],
      );
    }
    const buscar = async (termo: string): Promise<string[]> => {
      const rows: { texto: string }[] = await dataSource.query(
        `SELECT coalesce(conteudo, transcricao) AS texto FROM atendimento_mensagens
          WHERE empresa_id = $1 AND busca @@ websearch_to_tsquery($2::regconfig, $3)`,
        [empresaId, CONFIG_BUSCA_TEXTO, termo],
      );
      return rows.map((row) => row.texto);
    };
    expect(await buscar('cancelar')).toEqual(['Quero o cancelamento da minha assinatura']);
    expect(await buscar('assinaturas canceladas')).toEqual(['Quero o cancelamento da minha assinatura']);
    expect(await buscar('nao acesso')).toEqual(['Não consigo acessar o aplicativo desde ontem']);
    expect(await buscar('reembolso')).toEqual([]);

    await dataSource.query(
      `UPDATE atendimento_mensagens SET transcricao = 'quero falar com o reembolso' WHERE empresa_id = $1 AND conteudo LIKE 'Bom dia%'`,
      [empresaId],
    );
    expect(await buscar('reembolso')).toEqual(['Bom dia, tudo bem?']);
  });

  it('deletes an empresa with all of its rows, in whatever order the cascades run', async () => {
    const { empresaId, contatoId, canalId } = await cenario('cascata');
    const ticketId = await criarTicket(empresaId, contatoId, canalId, 1);
    const mensagemId = await inserir(
      dataSource,
      `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, contato_id, canal_id, direcao, status, conteudo)
       VALUES ($1, $2, $3, $4, 'recebida', 'recebida', 'oi') RETURNING id`,
      [empresaId, ticketId, contatoId, canalId],
    );
    await dataSource.query(`UPDATE atendimento_tickets SET ultima_mensagem_id = $1 WHERE id = $2`, [mensagemId, ticketId]);
    await dataSource.query(
      `INSERT INTO atendimento_ticket_eventos (empresa_id, ticket_id, tipo, para_status) VALUES ($1, $2, 'criado', 'aberto')`,
      [empresaId, ticketId],
    );
    await dataSource.query(
      `INSERT INTO atendimento_sentimento (empresa_id, ticket_id, mensagem_id, contato_id, score, rotulo, provedor)
                            VALUES ($1, $2, $3, $4, -0.8, 'negativo', 'local')`,
      [empresaId, ticketId, mensagemId, contatoId],
    );
    await dataSource.query(`DELETE FROM empresas WHERE id = $1`, [empresaId]);
    for (const tabela of TABELAS_DE_EMPRESA) {
      const [{ n }]: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM ${tabela} WHERE empresa_id = $1`, [
        empresaId,
      ]);
      expect(n, tabela).toBe(0);
    }
  });

  it('migrates down to nothing and up again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    expect(await tabelasPublicas(dataSource)).toEqual(['migrations']);
    const configs: unknown[] = await dataSource.query(`SELECT 1 FROM pg_ts_config WHERE cfgname = $1`, [CONFIG_BUSCA_TEXTO]);
    expect(configs).toHaveLength(0);

    await dataSource.runMigrations();
    expect((await tabelasPublicas(dataSource)).filter((tabela) => tabela !== 'migrations')).toEqual(TABELAS);
    const { empresaId, contatoId, canalId } = await cenario('depois-do-down');
    await criarTicket(empresaId, contatoId, canalId, 1);
    expect(await sqlstate(criarTicket(empresaId, contatoId, canalId, 2))).toBe('23505');
  });
});
