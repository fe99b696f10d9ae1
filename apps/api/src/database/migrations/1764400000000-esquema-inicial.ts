import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The whole data model. Conventions (docs/CONVENTIONS.md): uuid keys, timestamptz `criado_em`/`atualizado_em`,
 * `empresa_id … on delete cascade` on every tenant table with indexes that start with it, CHECKs for every
 * enum. Append-only tables (events, logs) have no `atualizado_em`.
 *
 * Exceptions to "indexes start with empresa_id", each because the lookup happens before the empresa is
 * known or because the index kind cannot lead with a uuid:
 *   - usuarios(email): login by e-mail alone; e-mails are unique across the installation.
 *   - auth_sessoes(token_hash), atendimento_atendentes(usuario_id): lookups by a globally unique key.
 *   - atendimento_canais(tipo, chave_roteamento): a webhook finds its canal (and so its empresa) by it.
 *   - (canal_id, external_id) on mensagens and inbound events: the provider's id is unique per canal,
 *     and a canal belongs to one empresa.
 *   - GIN trigram/full-text indexes: a uuid column in a GIN index needs btree_gin, which PGlite and the
 *     Debian PostgreSQL here do not both ship. Queries still filter by empresa_id.
 *
 * Event and log rows (ticket events, presence, metrics, audit) keep the ids of filas, atendentes and usuarios
 * without a foreign key: reports and audits must outlive the rows they name.
 */

const UP: readonly string[] = [
  `CREATE EXTENSION IF NOT EXISTS pgcrypto`,
  `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
  `CREATE EXTENSION IF NOT EXISTS unaccent`,

  // Portuguese stemming on unaccented words: customers type "nao", "voce", "atencao" as often as the
  // accented forms. Both the stored vectors and the queries use this configuration.
  `CREATE TEXT SEARCH CONFIGURATION atende_portugues (COPY = pg_catalog.portuguese)`,
  `ALTER TEXT SEARCH CONFIGURATION atende_portugues
     ALTER MAPPING FOR hword, hword_part, word WITH unaccent, portuguese_stem`,

  // ---------------------------------------------------------------------------------------------- tenants
  `CREATE TABLE empresas (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     slug text NOT NULL CONSTRAINT empresas_slug_key UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
     fuso_horario text NOT NULL DEFAULT 'America/Sao_Paulo',
     idioma text NOT NULL DEFAULT 'pt-BR',
     configuracoes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(configuracoes) = 'object'),
     -- Per-empresa ticket numbers (#1042): incremented with UPDATE … RETURNING when a ticket is created.
     ticket_seq integer NOT NULL DEFAULT 0 CHECK (ticket_seq >= 0),
     ativo boolean NOT NULL DEFAULT true,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,

  `CREATE TABLE usuarios (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     email text NOT NULL CHECK (email = lower(btrim(email)) AND position('@' IN email) > 1),
     senha_hash text NOT NULL,
     papel text NOT NULL CHECK (papel IN ('admin', 'supervisor', 'atendente')),
     ativo boolean NOT NULL DEFAULT true,
     ultimo_login_em timestamptz,
     preferencias jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(preferencias) = 'object'),
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     -- Login is by e-mail alone (no empresa in the request), so an e-mail names one usuario installation-wide.
     CONSTRAINT usuarios_email_key UNIQUE (email)
   )`,
  `CREATE INDEX usuarios_empresa_papel_idx ON usuarios (empresa_id, papel, nome)`,

  `CREATE TABLE auth_sessoes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     usuario_id uuid NOT NULL REFERENCES usuarios (id) ON DELETE CASCADE,
     token_hash text NOT NULL CONSTRAINT auth_sessoes_token_hash_key UNIQUE,
     expira_em timestamptz NOT NULL,
     revogada_em timestamptz,
     substituida_por uuid REFERENCES auth_sessoes (id) ON DELETE SET NULL,
     user_agent text,
     ip text,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX auth_sessoes_empresa_usuario_idx ON auth_sessoes (empresa_id, usuario_id, criado_em)`,
  `CREATE INDEX auth_sessoes_empresa_expira_idx ON auth_sessoes (empresa_id, expira_em)`,

  // ------------------------------------------------------------------------------------ business hours, SLA
  `CREATE TABLE atendimento_expedientes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     fuso_horario text NOT NULL DEFAULT 'America/Sao_Paulo',
     -- [{ "diaSemana": 0-6, "inicio": "08:00", "fim": "12:00" }, …]
     intervalos jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(intervalos) = 'array'),
     mensagem_fora_expediente text,
     padrao boolean NOT NULL DEFAULT false,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX atendimento_expedientes_empresa_nome_key ON atendimento_expedientes (empresa_id, lower(nome))`,
  `CREATE UNIQUE INDEX atendimento_expedientes_empresa_padrao_key ON atendimento_expedientes (empresa_id) WHERE padrao`,

  // Every schedule an expediente ever had: business-hour metrics use the one in force when the event
  // happened, so changing the hours never rewrites the past (and recomputation stays exact).
  `CREATE TABLE atendimento_expediente_versoes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     expediente_id uuid NOT NULL REFERENCES atendimento_expedientes (id) ON DELETE CASCADE,
     vigente_desde timestamptz NOT NULL,
     fuso_horario text NOT NULL,
     intervalos jsonb NOT NULL CHECK (jsonb_typeof(intervalos) = 'array'),
     criado_em timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT atendimento_expediente_versoes_vigencia_key UNIQUE (empresa_id, expediente_id, vigente_desde)
   )`,

  `CREATE TABLE atendimento_feriados (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     -- NULL: applies to every expediente of the empresa.
     expediente_id uuid REFERENCES atendimento_expedientes (id) ON DELETE CASCADE,
     data date NOT NULL,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     recorrente boolean NOT NULL DEFAULT false,
     nacional boolean NOT NULL DEFAULT false,
     -- NULL: closed all day; otherwise the reduced hours of that day.
     intervalos jsonb CHECK (intervalos IS NULL OR jsonb_typeof(intervalos) = 'array'),
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX atendimento_feriados_empresa_data_key
     ON atendimento_feriados (empresa_id, expediente_id, data) NULLS NOT DISTINCT`,
  `CREATE INDEX atendimento_feriados_empresa_data_idx ON atendimento_feriados (empresa_id, data)`,

  `CREATE TABLE atendimento_sla_politicas (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     descricao text,
     primeira_resposta_segundos integer CHECK (primeira_resposta_segundos > 0),
     proxima_resposta_segundos integer CHECK (proxima_resposta_segundos > 0),
     resolucao_segundos integer CHECK (resolucao_segundos > 0),
     apenas_horario_comercial boolean NOT NULL DEFAULT true,
     -- NULL: the fila's expediente, else the empresa's default one.
     expediente_id uuid REFERENCES atendimento_expedientes (id) ON DELETE SET NULL,
     alerta_percentual smallint NOT NULL DEFAULT 80 CHECK (alerta_percentual BETWEEN 1 AND 99),
     acao_violacao text NOT NULL DEFAULT 'notificar' CHECK (acao_violacao IN
       ('notificar', 'aumentar_prioridade', 'reatribuir_fila', 'reatribuir_atendente', 'executar_automacao')),
     acao_config jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(acao_config) = 'object'),
     -- Matching when no fila policy applies: by priority and/or tag, lowest ordem first.
     prioridades text[] NOT NULL DEFAULT '{}'
       CHECK (prioridades <@ ARRAY['baixa', 'normal', 'alta', 'urgente']::text[]),
     tag_ids uuid[] NOT NULL DEFAULT '{}',
     ordem integer NOT NULL DEFAULT 0,
     ativo boolean NOT NULL DEFAULT true,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     CHECK (num_nonnulls(primeira_resposta_segundos, proxima_resposta_segundos, resolucao_segundos) > 0)
   )`,
  `CREATE UNIQUE INDEX atendimento_sla_politicas_empresa_nome_key ON atendimento_sla_politicas (empresa_id, lower(nome))`,
  `CREATE INDEX atendimento_sla_politicas_empresa_ordem_idx ON atendimento_sla_politicas (empresa_id, ordem) WHERE ativo`,

  // ------------------------------------------------------------------------------------------- filas, canais
  `CREATE TABLE atendimento_filas (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     descricao text,
     cor text NOT NULL DEFAULT '#2563eb' CHECK (cor ~ '^#[0-9a-fA-F]{6}$'),
     estrategia text NOT NULL DEFAULT 'round_robin' CHECK (estrategia IN ('manual', 'round_robin', 'menos_ocupado')),
     ordem integer NOT NULL DEFAULT 0,
     mensagem_saudacao text,
     -- "Você está na posição {{posicao}} da fila"; NULL: no position message.
     mensagem_posicao text,
     devolver_ao_ficar_offline boolean NOT NULL DEFAULT false,
     carencia_offline_segundos integer NOT NULL DEFAULT 300 CHECK (carencia_offline_segundos >= 0),
     -- Sticky routing to the last atendente within this window; NULL: off.
     fidelizacao_janela_minutos integer CHECK (fidelizacao_janela_minutos > 0),
     sla_politica_id uuid REFERENCES atendimento_sla_politicas (id) ON DELETE SET NULL,
     expediente_id uuid REFERENCES atendimento_expedientes (id) ON DELETE SET NULL,
     -- Round-robin cursor; foreign key added once atendimento_atendentes exists.
     rr_ultimo_atendente_id uuid,
     ativo boolean NOT NULL DEFAULT true,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX atendimento_filas_empresa_nome_key ON atendimento_filas (empresa_id, lower(nome))`,
  `CREATE INDEX atendimento_filas_empresa_ordem_idx ON atendimento_filas (empresa_id, ordem)`,

  `CREATE TABLE atendimento_canais (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     tipo text NOT NULL CHECK (tipo IN ('whatsapp', 'telegram', 'email', 'messenger', 'instagram', 'sms', 'webchat')),
     -- Which API serves the kind when there is more than one (whatsapp: meta or twilio); NULL: the kind's own.
     provedor text,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     status text NOT NULL DEFAULT 'pendente' CHECK (status IN ('pendente', 'conectado', 'erro', 'desconectado')),
     ativo boolean NOT NULL DEFAULT true,
     -- AES-256-GCM blob of the secret fields; never returned in clear.
     credenciais_cifradas text,
     configuracao jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(configuracao) = 'object'),
     chave_roteamento text,
     -- SHA-256 of the webhook verify token (Meta handshake): matched without decrypting every canal.
     token_verificacao_hash text,
     fila_padrao_id uuid REFERENCES atendimento_filas (id) ON DELETE SET NULL,
     menu jsonb CHECK (menu IS NULL OR jsonb_typeof(menu) = 'object'),
     -- Token bucket rate; NULL: the adapter's default.
     limite_envios_por_segundo real CHECK (limite_envios_por_segundo > 0),
     ultimo_evento_em timestamptz,
     ultimo_erro jsonb CHECK (ultimo_erro IS NULL OR jsonb_typeof(ultimo_erro) = 'object'),
     verificado_em timestamptz,
     removido_em timestamptz,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX atendimento_canais_roteamento_key ON atendimento_canais (tipo, chave_roteamento)
     WHERE removido_em IS NULL AND chave_roteamento IS NOT NULL`,
  `CREATE INDEX atendimento_canais_empresa_tipo_idx ON atendimento_canais (empresa_id, tipo) WHERE removido_em IS NULL`,

  // ----------------------------------------------------------------------------------------------- contatos
  `CREATE TABLE atendimento_contatos (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     nome text,
     telefone text CHECK (telefone ~ '^\\+[1-9][0-9]{6,14}$'),
     email text CHECK (email = lower(btrim(email))),
     avatar_url text,
     campos jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(campos) = 'object'),
     observacoes text,
     bloqueado boolean NOT NULL DEFAULT false,
     bloqueado_em timestamptz,
     churn_score real CHECK (churn_score BETWEEN 0 AND 1),
     churn_motivos jsonb CHECK (churn_motivos IS NULL OR jsonb_typeof(churn_motivos) = 'array'),
     churn_calculado_em timestamptz,
     mesclado_para_id uuid REFERENCES atendimento_contatos (id) ON DELETE SET NULL,
     mesclado_em timestamptz,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     CHECK (mesclado_para_id IS NULL OR (mesclado_para_id <> id AND mesclado_em IS NOT NULL))
   )`,
  `CREATE INDEX atendimento_contatos_empresa_telefone_idx ON atendimento_contatos (empresa_id, telefone) WHERE telefone IS NOT NULL`,
  `CREATE INDEX atendimento_contatos_empresa_email_idx ON atendimento_contatos (empresa_id, email) WHERE email IS NOT NULL`,
  `CREATE INDEX atendimento_contatos_empresa_criado_idx ON atendimento_contatos (empresa_id, criado_em, id)`,
  `CREATE INDEX atendimento_contatos_empresa_mesclado_idx ON atendimento_contatos (empresa_id, mesclado_para_id)
     WHERE mesclado_para_id IS NOT NULL`,
  `CREATE INDEX atendimento_contatos_nome_trgm_idx ON atendimento_contatos USING gin (nome gin_trgm_ops)`,

  `CREATE TABLE atendimento_contato_identidades (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     contato_id uuid NOT NULL REFERENCES atendimento_contatos (id) ON DELETE CASCADE,
     -- The canal that first saw it (PSIDs and IGSIDs are scoped to one page/account).
     canal_id uuid REFERENCES atendimento_canais (id) ON DELETE SET NULL,
     tipo text NOT NULL CHECK (tipo IN
       ('whatsapp', 'whatsapp_bsuid', 'telegram', 'email', 'messenger', 'instagram', 'telefone', 'webchat')),
     valor text NOT NULL CHECK (btrim(valor) <> ''),
     nome_exibicao text,
     dados jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(dados) = 'object'),
     -- The customer blocked us on this channel (Telegram 403, my_chat_member).
     bloqueado_pelo_contato_em timestamptz,
     ultima_mensagem_em timestamptz,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT atendimento_contato_identidades_valor_key UNIQUE (empresa_id, tipo, valor)
   )`,
  `CREATE INDEX atendimento_contato_identidades_empresa_contato_idx ON atendimento_contato_identidades (empresa_id, contato_id)`,

  // ------------------------------------------------------------------------------------------------ atendentes
  `CREATE TABLE atendimento_atendentes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     usuario_id uuid NOT NULL CONSTRAINT atendimento_atendentes_usuario_key UNIQUE
       REFERENCES usuarios (id) ON DELETE CASCADE,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     max_tickets_simultaneos integer NOT NULL DEFAULT 5 CHECK (max_tickets_simultaneos > 0),
     status text NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'ausente', 'offline')),
     status_em timestamptz NOT NULL DEFAULT now(),
     -- Tie-break of menos_ocupado: the longest idle first.
     ultimo_atendimento_em timestamptz,
     ativo boolean NOT NULL DEFAULT true,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX atendimento_atendentes_empresa_status_idx ON atendimento_atendentes (empresa_id, status) WHERE ativo`,
  `ALTER TABLE atendimento_filas ADD CONSTRAINT atendimento_filas_rr_ultimo_atendente_fk
     FOREIGN KEY (rr_ultimo_atendente_id) REFERENCES atendimento_atendentes (id) ON DELETE SET NULL`,

  `CREATE TABLE atendimento_atendentes_filas (
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     atendente_id uuid NOT NULL REFERENCES atendimento_atendentes (id) ON DELETE CASCADE,
     fila_id uuid NOT NULL REFERENCES atendimento_filas (id) ON DELETE CASCADE,
     -- Tickets of this fila the atendente may hold at once; NULL: only max_tickets_simultaneos applies.
     capacidade integer CHECK (capacidade >= 0),
     ultima_atribuicao_em timestamptz,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (empresa_id, atendente_id, fila_id)
   )`,
  `CREATE INDEX atendimento_atendentes_filas_empresa_fila_idx ON atendimento_atendentes_filas (empresa_id, fila_id, atendente_id)`,

  // Presence history: agent occupation is computed from it.
  `CREATE TABLE atendimento_atendente_presencas (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     atendente_id uuid NOT NULL REFERENCES atendimento_atendentes (id) ON DELETE CASCADE,
     de_status text CHECK (de_status IN ('online', 'ausente', 'offline')),
     status text NOT NULL CHECK (status IN ('online', 'ausente', 'offline')),
     ocorrido_em timestamptz NOT NULL DEFAULT now(),
     criado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX atendimento_atendente_presencas_empresa_atendente_idx
     ON atendimento_atendente_presencas (empresa_id, atendente_id, ocorrido_em)`,
  `CREATE INDEX atendimento_atendente_presencas_empresa_ocorrido_idx ON atendimento_atendente_presencas (empresa_id, ocorrido_em)`,

  // ------------------------------------------------------------------------------------------ templates, tags
  `CREATE TABLE atendimento_templates (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     -- Set for provider templates synced from a canal (WhatsApp); NULL: usable on every canal.
     canal_id uuid REFERENCES atendimento_canais (id) ON DELETE CASCADE,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     categoria text,
     -- Stored without the leading '/'.
     atalho text CHECK (atalho = lower(atalho) AND atalho ~ '^[^[:space:]/]+$'),
     conteudo text NOT NULL,
     variaveis jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(variaveis) = 'array'),
     idioma text NOT NULL DEFAULT 'pt_BR',
     whatsapp_nome text,
     whatsapp_id text,
     whatsapp_status text CHECK (whatsapp_status IN ('aprovado', 'pendente', 'rejeitado', 'pausado', 'desativado', 'outro')),
     whatsapp_status_provedor text,
     whatsapp_categoria text,
     whatsapp_componentes jsonb CHECK (whatsapp_componentes IS NULL OR jsonb_typeof(whatsapp_componentes) = 'array'),
     sincronizado_em timestamptz,
     ativo boolean NOT NULL DEFAULT true,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     CHECK (whatsapp_nome IS NULL OR canal_id IS NOT NULL)
   )`,
  // text_pattern_ops: the composer searches shortcuts by prefix (atalho LIKE 'sau%').
  `CREATE UNIQUE INDEX atendimento_templates_empresa_atalho_key ON atendimento_templates (empresa_id, atalho text_pattern_ops)
     WHERE atalho IS NOT NULL`,
  `CREATE UNIQUE INDEX atendimento_templates_empresa_whatsapp_key ON atendimento_templates (empresa_id, canal_id, whatsapp_nome, idioma)
     WHERE whatsapp_nome IS NOT NULL`,
  `CREATE INDEX atendimento_templates_empresa_nome_idx ON atendimento_templates (empresa_id, nome)`,

  `CREATE TABLE atendimento_tags (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     cor text NOT NULL DEFAULT '#64748b' CHECK (cor ~ '^#[0-9a-fA-F]{6}$'),
     descricao text,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX atendimento_tags_empresa_nome_key ON atendimento_tags (empresa_id, lower(nome))`,

  // ------------------------------------------------------------------------------------------------- tickets
  `CREATE TABLE atendimento_tickets (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     numero integer NOT NULL CHECK (numero > 0),
     -- NO ACTION (not RESTRICT): checked at the end of the statement, so deleting an empresa can cascade
     -- to contatos and tickets in any order.
     contato_id uuid NOT NULL REFERENCES atendimento_contatos (id),
     canal_id uuid REFERENCES atendimento_canais (id) ON DELETE SET NULL,
     fila_id uuid REFERENCES atendimento_filas (id) ON DELETE SET NULL,
     atendente_id uuid REFERENCES atendimento_atendentes (id) ON DELETE SET NULL,
     status text NOT NULL DEFAULT 'aberto'
       CHECK (status IN ('aberto', 'em_atendimento', 'pendente', 'resolvido', 'fechado')),
     prioridade text NOT NULL DEFAULT 'normal' CHECK (prioridade IN ('baixa', 'normal', 'alta', 'urgente')),
     assunto text,
     origem_ticket_id uuid REFERENCES atendimento_tickets (id) ON DELETE SET NULL,
     ultima_atividade_em timestamptz NOT NULL DEFAULT now(),
     ultima_mensagem_em timestamptz,
     -- The reply window (WhatsApp 24 h, Messenger 7 days) counts from here.
     ultima_mensagem_cliente_em timestamptz,
     -- Foreign key added once atendimento_mensagens exists. Denormalized for the ticket list preview.
     ultima_mensagem_id uuid,
     ultima_mensagem_resumo text,
     nao_lidas integer NOT NULL DEFAULT 0 CHECK (nao_lidas >= 0),
     -- Set while waiting in a fila's backlog (FIFO order); NULL otherwise.
     entrou_na_fila_em timestamptz,
     atribuido_em timestamptz,
     primeira_resposta_em timestamptz,
     resolvido_em timestamptz,
     fechado_em timestamptz,
     reaberto_em timestamptz,
     reaberturas integer NOT NULL DEFAULT 0 CHECK (reaberturas >= 0),
     avaliacao_nota smallint CHECK (avaliacao_nota BETWEEN 1 AND 5),
     avaliacao_comentario text,
     avaliado_em timestamptz,
     avaliacao_solicitada_em timestamptz,
     sla_politica_id uuid REFERENCES atendimento_sla_politicas (id) ON DELETE SET NULL,
     sla_primeira_resposta_prazo timestamptz,
     sla_proxima_resposta_prazo timestamptz,
     sla_resolucao_prazo timestamptz,
     sla_primeira_resposta_violado boolean NOT NULL DEFAULT false,
     sla_proxima_resposta_violado boolean NOT NULL DEFAULT false,
     sla_resolucao_violado boolean NOT NULL DEFAULT false,
     -- Pending (waiting for the customer) pauses the clocks from this instant.
     sla_pausado_em timestamptz,
     sentimento_score real CHECK (sentimento_score BETWEEN -1 AND 1),
     sentimento_rotulo text CHECK (sentimento_rotulo IN ('negativo', 'neutro', 'positivo')),
     intencao text,
     categoria text,
     bot_ativo boolean NOT NULL DEFAULT false,
     bot_turnos integer NOT NULL DEFAULT 0 CHECK (bot_turnos >= 0),
     menu_enviado_em timestamptz,
     menu_tentativas smallint NOT NULL DEFAULT 0 CHECK (menu_tentativas >= 0),
     fora_expediente_avisado_em timestamptz,
     resumo text,
     resumo_em timestamptz,
     flags jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(flags) = 'object'),
     removido_em timestamptz,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT atendimento_tickets_empresa_numero_key UNIQUE (empresa_id, numero),
     CHECK ((avaliacao_nota IS NULL) = (avaliado_em IS NULL))
   )`,
  // One open ticket per contato and canal: buscarOuCriarTicket relies on it under concurrency (23505).
  `CREATE UNIQUE INDEX atendimento_tickets_aberto_contato_canal_key ON atendimento_tickets (empresa_id, contato_id, canal_id)
     WHERE status NOT IN ('resolvido', 'fechado') AND removido_em IS NULL`,
  `CREATE INDEX atendimento_tickets_empresa_atividade_idx ON atendimento_tickets (empresa_id, ultima_atividade_em, id)
     WHERE removido_em IS NULL`,
  `CREATE INDEX atendimento_tickets_empresa_status_atividade_idx
     ON atendimento_tickets (empresa_id, status, ultima_atividade_em, id) WHERE removido_em IS NULL`,
  `CREATE INDEX atendimento_tickets_empresa_atendente_idx ON atendimento_tickets (empresa_id, atendente_id, status)
     WHERE removido_em IS NULL`,
  `CREATE INDEX atendimento_tickets_empresa_fila_idx ON atendimento_tickets (empresa_id, fila_id, status) WHERE removido_em IS NULL`,
  `CREATE INDEX atendimento_tickets_empresa_contato_idx ON atendimento_tickets (empresa_id, contato_id, criado_em)`,
  `CREATE INDEX atendimento_tickets_empresa_canal_idx ON atendimento_tickets (empresa_id, canal_id, criado_em)`,
  `CREATE INDEX atendimento_tickets_empresa_criado_idx ON atendimento_tickets (empresa_id, criado_em, id)`,
  // The backlog: urgente first (false sorts before true), then FIFO.
  `CREATE INDEX atendimento_tickets_backlog_idx
     ON atendimento_tickets (empresa_id, fila_id, (prioridade <> 'urgente'), entrou_na_fila_em, id)
     WHERE status = 'aberto' AND atendente_id IS NULL AND removido_em IS NULL`,

  `CREATE TABLE atendimento_ticket_eventos (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     ticket_id uuid NOT NULL REFERENCES atendimento_tickets (id) ON DELETE CASCADE,
     tipo text NOT NULL CHECK (tipo IN (
       'criado', 'status_alterado', 'atribuido', 'desatribuido', 'transferido', 'fila_entrada',
       'prioridade_alterada', 'tag_adicionada', 'tag_removida', 'mensagem_recebida', 'mensagem_enviada',
       'nota_interna', 'avaliacao_solicitada', 'avaliado', 'sla_alerta', 'sla_violado', 'bot_iniciado',
       'bot_handoff', 'fora_expediente', 'automacao_executada', 'workflow_iniciado', 'workflow_concluido',
       'contato_mesclado', 'atualizado', 'removido', 'restaurado')),
     ator text NOT NULL DEFAULT 'sistema' CHECK (ator IN ('usuario', 'cliente', 'bot', 'automacao', 'sistema')),
     usuario_id uuid,
     de_status text CHECK (de_status IN ('aberto', 'em_atendimento', 'pendente', 'resolvido', 'fechado')),
     para_status text CHECK (para_status IN ('aberto', 'em_atendimento', 'pendente', 'resolvido', 'fechado')),
     de_atendente_id uuid,
     para_atendente_id uuid,
     de_fila_id uuid,
     para_fila_id uuid,
     mensagem_id uuid,
     motivo text,
     dados jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(dados) = 'object'),
     ocorrido_em timestamptz NOT NULL DEFAULT now(),
     criado_em timestamptz NOT NULL DEFAULT now(),
     CHECK (tipo <> 'status_alterado' OR (para_status IS NOT NULL AND de_status IS DISTINCT FROM para_status))
   )`,
  `CREATE INDEX atendimento_ticket_eventos_empresa_ticket_idx ON atendimento_ticket_eventos (empresa_id, ticket_id, ocorrido_em, id)`,
  `CREATE INDEX atendimento_ticket_eventos_empresa_ocorrido_idx ON atendimento_ticket_eventos (empresa_id, ocorrido_em)`,

  // ----------------------------------------------------------------------------------------------- mensagens
  `CREATE TABLE atendimento_mensagens (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     ticket_id uuid NOT NULL REFERENCES atendimento_tickets (id) ON DELETE CASCADE,
     contato_id uuid REFERENCES atendimento_contatos (id) ON DELETE SET NULL,
     canal_id uuid REFERENCES atendimento_canais (id) ON DELETE SET NULL,
     direcao text NOT NULL CHECK (direcao IN ('recebida', 'enviada')),
     privada boolean NOT NULL DEFAULT false,
     tipo text NOT NULL DEFAULT 'texto' CHECK (tipo IN (
       'texto', 'imagem', 'audio', 'video', 'documento', 'localizacao', 'contato', 'sticker', 'reacao',
       'interativa', 'template', 'sistema', 'desconhecido')),
     conteudo text,
     payload jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object'),
     external_id text,
     responde_a_id uuid REFERENCES atendimento_mensagens (id) ON DELETE SET NULL,
     responde_a_external_id text,
     status text NOT NULL CHECK (status IN ('pendente', 'enviada', 'entregue', 'lida', 'falhou', 'recebida')),
     erro_codigo text,
     erro_mensagem text,
     remetente_usuario_id uuid REFERENCES usuarios (id) ON DELETE SET NULL,
     remetente_atendente_id uuid REFERENCES atendimento_atendentes (id) ON DELETE SET NULL,
     bot boolean NOT NULL DEFAULT false,
     template_id uuid REFERENCES atendimento_templates (id) ON DELETE SET NULL,
     reacoes jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(reacoes) = 'array'),
     -- The provider's timestamp of the message, when it gives one.
     provedor_em timestamptz,
     enviada_em timestamptz,
     entregue_em timestamptz,
     lida_em timestamptz,
     editada_em timestamptz,
     removida_em timestamptz,
     transcricao text,
     transcricao_status text CHECK (transcricao_status IN ('pendente', 'concluida', 'indisponivel', 'falhou')),
     -- Generated (not a trigger) so it cannot drift from the text; see atende_portugues above.
     busca tsvector GENERATED ALWAYS AS (
       to_tsvector('atende_portugues'::regconfig, coalesce(conteudo, '') || ' ' || coalesce(transcricao, ''))
     ) STORED,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     -- A plain constraint (NULLs are distinct, so notes and unsent rows never collide) lets the pipeline
     -- write ON CONFLICT (canal_id, external_id) DO NOTHING without an index predicate.
     CONSTRAINT atendimento_mensagens_canal_external_key UNIQUE (canal_id, external_id),
     CHECK (NOT privada OR (direcao = 'enviada' AND external_id IS NULL)),
     CHECK ((direcao = 'recebida') = (status = 'recebida'))
   )`,
  `CREATE INDEX atendimento_mensagens_ticket_keyset_idx ON atendimento_mensagens (empresa_id, ticket_id, criado_em, id)`,
  `CREATE INDEX atendimento_mensagens_empresa_criado_idx ON atendimento_mensagens (empresa_id, criado_em)`,
  `CREATE INDEX atendimento_mensagens_busca_idx ON atendimento_mensagens USING gin (busca)`,
  `ALTER TABLE atendimento_tickets ADD CONSTRAINT atendimento_tickets_ultima_mensagem_fk
     FOREIGN KEY (ultima_mensagem_id) REFERENCES atendimento_mensagens (id) ON DELETE SET NULL`,

  `CREATE TABLE atendimento_anexos (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     -- NULL while an upload waits for its mensagem (the composer uploads first, then sends).
     mensagem_id uuid REFERENCES atendimento_mensagens (id) ON DELETE CASCADE,
     storage_chave text NOT NULL,
     nome_arquivo text,
     mime_tipo text NOT NULL,
     tamanho_bytes bigint NOT NULL CHECK (tamanho_bytes >= 0),
     sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
     -- Provider media handle (WhatsApp media id, Telegram file_id).
     external_id text,
     metadados jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadados) = 'object'),
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT atendimento_anexos_storage_key UNIQUE (empresa_id, storage_chave)
   )`,
  `CREATE INDEX atendimento_anexos_empresa_mensagem_idx ON atendimento_anexos (empresa_id, mensagem_id)`,

  `CREATE TABLE atendimento_tickets_tags (
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     ticket_id uuid NOT NULL REFERENCES atendimento_tickets (id) ON DELETE CASCADE,
     tag_id uuid NOT NULL REFERENCES atendimento_tags (id) ON DELETE CASCADE,
     usuario_id uuid REFERENCES usuarios (id) ON DELETE SET NULL,
     criado_em timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (empresa_id, ticket_id, tag_id)
   )`,
  `CREATE INDEX atendimento_tickets_tags_empresa_tag_idx ON atendimento_tickets_tags (empresa_id, tag_id, ticket_id)`,

  `CREATE TABLE atendimento_contatos_tags (
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     contato_id uuid NOT NULL REFERENCES atendimento_contatos (id) ON DELETE CASCADE,
     tag_id uuid NOT NULL REFERENCES atendimento_tags (id) ON DELETE CASCADE,
     usuario_id uuid REFERENCES usuarios (id) ON DELETE SET NULL,
     criado_em timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (empresa_id, contato_id, tag_id)
   )`,
  `CREATE INDEX atendimento_contatos_tags_empresa_tag_idx ON atendimento_contatos_tags (empresa_id, tag_id, contato_id)`,

  `CREATE TABLE atendimento_mensagens_agendadas (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     ticket_id uuid NOT NULL REFERENCES atendimento_tickets (id) ON DELETE CASCADE,
     criado_por_usuario_id uuid REFERENCES usuarios (id) ON DELETE SET NULL,
     conteudo text,
     template_id uuid REFERENCES atendimento_templates (id) ON DELETE SET NULL,
     template_variaveis jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(template_variaveis) = 'object'),
     anexo_ids uuid[] NOT NULL DEFAULT '{}',
     agendada_para timestamptz NOT NULL,
     status text NOT NULL DEFAULT 'agendada' CHECK (status IN ('agendada', 'enviando', 'enviada', 'cancelada', 'falhou')),
     job_id text,
     mensagem_id uuid REFERENCES atendimento_mensagens (id) ON DELETE SET NULL,
     erro text,
     enviada_em timestamptz,
     cancelada_em timestamptz,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX atendimento_mensagens_agendadas_empresa_ticket_idx ON atendimento_mensagens_agendadas (empresa_id, ticket_id, agendada_para)`,
  `CREATE INDEX atendimento_mensagens_agendadas_empresa_pendentes_idx ON atendimento_mensagens_agendadas (empresa_id, agendada_para)
     WHERE status = 'agendada'`,

  // ---------------------------------------------------------------------------------- automations, workflows
  `CREATE TABLE atendimento_automacoes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     descricao text,
     gatilho text NOT NULL CHECK (gatilho IN ('ticket_criado', 'mensagem_recebida', 'status_alterado', 'sla_alerta',
       'sla_violado', 'ticket_ocioso', 'avaliacao_recebida')),
     gatilho_config jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(gatilho_config) = 'object'),
     -- An AND/OR tree; {} matches everything.
     condicoes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(condicoes) = 'object'),
     acoes jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(acoes) = 'array'),
     -- AES-256-GCM blob (outgoing webhook HMAC secrets).
     segredos_cifrados text,
     ordem integer NOT NULL DEFAULT 0,
     parar_apos_executar boolean NOT NULL DEFAULT false,
     ativo boolean NOT NULL DEFAULT true,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX atendimento_automacoes_empresa_gatilho_idx ON atendimento_automacoes (empresa_id, gatilho, ordem) WHERE ativo`,

  `CREATE TABLE atendimento_automacao_execucoes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     automacao_id uuid NOT NULL REFERENCES atendimento_automacoes (id) ON DELETE CASCADE,
     ticket_id uuid REFERENCES atendimento_tickets (id) ON DELETE SET NULL,
     gatilho text NOT NULL,
     -- The originating event: a rule runs at most once per ticket per cadeia (loop prevention).
     cadeia_id uuid NOT NULL,
     resultado text NOT NULL CHECK (resultado IN ('executada', 'condicoes_falsas', 'ignorada_loop', 'falhou')),
     acoes_executadas jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(acoes_executadas) = 'array'),
     erro text,
     duracao_ms integer CHECK (duracao_ms >= 0),
     executada_em timestamptz NOT NULL DEFAULT now(),
     criado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX atendimento_automacao_execucoes_empresa_automacao_idx
     ON atendimento_automacao_execucoes (empresa_id, automacao_id, executada_em)`,
  `CREATE INDEX atendimento_automacao_execucoes_empresa_ticket_idx ON atendimento_automacao_execucoes (empresa_id, ticket_id, cadeia_id)`,

  `CREATE TABLE atendimento_workflows (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     nome text NOT NULL CHECK (btrim(nome) <> ''),
     descricao text,
     gatilho text NOT NULL DEFAULT 'manual' CHECK (gatilho IN ('manual', 'ticket_criado', 'mensagem_recebida', 'fora_expediente')),
     gatilho_config jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(gatilho_config) = 'object'),
     definicao jsonb NOT NULL CHECK (jsonb_typeof(definicao) = 'object'),
     versao integer NOT NULL DEFAULT 1 CHECK (versao >= 1),
     ativo boolean NOT NULL DEFAULT true,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX atendimento_workflows_empresa_nome_key ON atendimento_workflows (empresa_id, lower(nome))`,
  `CREATE INDEX atendimento_workflows_empresa_gatilho_idx ON atendimento_workflows (empresa_id, gatilho) WHERE ativo`,

  `CREATE TABLE atendimento_workflow_estados (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     workflow_id uuid NOT NULL REFERENCES atendimento_workflows (id) ON DELETE CASCADE,
     ticket_id uuid NOT NULL REFERENCES atendimento_tickets (id) ON DELETE CASCADE,
     workflow_versao integer NOT NULL,
     -- Snapshot taken at start: editing the workflow never breaks a conversation in flight.
     definicao jsonb NOT NULL CHECK (jsonb_typeof(definicao) = 'object'),
     passo_atual text,
     variaveis jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(variaveis) = 'object'),
     status text NOT NULL DEFAULT 'ativo' CHECK (status IN
       ('ativo', 'aguardando_resposta', 'aguardando_tempo', 'concluido', 'cancelado', 'falhou')),
     aguardando_ate timestamptz,
     tentativas_invalidas integer NOT NULL DEFAULT 0 CHECK (tentativas_invalidas >= 0),
     erro text,
     iniciado_em timestamptz NOT NULL DEFAULT now(),
     concluido_em timestamptz,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX atendimento_workflow_estados_ativo_key ON atendimento_workflow_estados (empresa_id, ticket_id)
     WHERE status IN ('ativo', 'aguardando_resposta', 'aguardando_tempo')`,
  `CREATE INDEX atendimento_workflow_estados_empresa_workflow_idx ON atendimento_workflow_estados (empresa_id, workflow_id, status)`,

  // --------------------------------------------------------------------------------------------------- reports
  `CREATE TABLE atendimento_metricas (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     -- The day in the empresa's time zone.
     dia date NOT NULL,
     dimensao text NOT NULL CHECK (dimensao IN ('empresa', 'fila', 'atendente', 'canal')),
     -- The fila/atendente/canal id, or the empresa id for the empresa dimension.
     dimensao_id uuid NOT NULL,
     metrica text NOT NULL CHECK (metrica ~ '^[a-z][a-z0-9_]*$'),
     contagem integer NOT NULL DEFAULT 0 CHECK (contagem >= 0),
     soma double precision NOT NULL DEFAULT 0,
     minimo double precision,
     maximo double precision,
     -- Gauges (backlog at end of day, occupation %).
     valor double precision,
     -- Fixed buckets, so percentiles can be merged across days.
     histograma jsonb CHECK (histograma IS NULL OR jsonb_typeof(histograma) = 'object'),
     calculado_em timestamptz NOT NULL DEFAULT now(),
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT atendimento_metricas_chave_key UNIQUE (empresa_id, dia, dimensao, dimensao_id, metrica)
   )`,
  `CREATE INDEX atendimento_metricas_empresa_metrica_idx ON atendimento_metricas (empresa_id, metrica, dimensao, dia)`,

  // ---------------------------------------------------------------------------------------------------- AI
  `CREATE TABLE atendimento_ia_configs (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL CONSTRAINT atendimento_ia_configs_empresa_key UNIQUE REFERENCES empresas (id) ON DELETE CASCADE,
     provedor text NOT NULL DEFAULT 'local' CHECK (provedor IN ('openai', 'anthropic', 'local')),
     modelo text,
     base_url text,
     -- AES-256-GCM blob of the API key.
     chave_cifrada text,
     provedor_embeddings text CHECK (provedor_embeddings IN ('openai', 'local')),
     modelo_embeddings text,
     modelo_transcricao text,
     recursos jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(recursos) = 'object'),
     auto_resposta_modo text NOT NULL DEFAULT 'desligado' CHECK (auto_resposta_modo IN ('desligado', 'sugerir', 'automatico')),
     limiar_confianca real NOT NULL DEFAULT 0.7 CHECK (limiar_confianca BETWEEN 0 AND 1),
     max_turnos_bot integer NOT NULL DEFAULT 3 CHECK (max_turnos_bot >= 0),
     orcamento_mensal_tokens bigint CHECK (orcamento_mensal_tokens > 0),
     orcamento_mensal_custo numeric(12, 4) CHECK (orcamento_mensal_custo > 0),
     moeda text NOT NULL DEFAULT 'USD' CHECK (moeda ~ '^[A-Z]{3}$'),
     redacao_lgpd boolean NOT NULL DEFAULT true,
     -- NULL: the default intents (comprar, cancelar, reclamar, suporte, financeiro, falar_com_humano).
     intencoes jsonb CHECK (intencoes IS NULL OR jsonb_typeof(intencoes) = 'array'),
     churn_alerta_limiar real NOT NULL DEFAULT 0.7 CHECK (churn_alerta_limiar BETWEEN 0 AND 1),
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,

  `CREATE TABLE atendimento_ia_logs (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     recurso text NOT NULL CHECK (recurso IN ('auto_resposta', 'sentimento', 'classificacao', 'sugestao', 'intencao',
       'rag', 'embeddings', 'churn', 'resumo', 'transcricao')),
     provedor text NOT NULL CHECK (provedor IN ('openai', 'anthropic', 'local')),
     modelo text,
     tokens_entrada integer NOT NULL DEFAULT 0 CHECK (tokens_entrada >= 0),
     tokens_saida integer NOT NULL DEFAULT 0 CHECK (tokens_saida >= 0),
     custo_estimado numeric(14, 6) NOT NULL DEFAULT 0 CHECK (custo_estimado >= 0),
     latencia_ms integer CHECK (latencia_ms >= 0),
     resultado text NOT NULL CHECK (resultado IN ('sucesso', 'erro', 'timeout', 'limite_taxa', 'resposta_invalida',
       'orcamento_excedido', 'fallback')),
     tentativa smallint NOT NULL DEFAULT 1 CHECK (tentativa >= 1),
     erro text,
     ticket_id uuid REFERENCES atendimento_tickets (id) ON DELETE SET NULL,
     mensagem_id uuid REFERENCES atendimento_mensagens (id) ON DELETE SET NULL,
     dados jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(dados) = 'object'),
     criado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX atendimento_ia_logs_empresa_criado_idx ON atendimento_ia_logs (empresa_id, criado_em)`,
  `CREATE INDEX atendimento_ia_logs_empresa_ticket_idx ON atendimento_ia_logs (empresa_id, ticket_id) WHERE ticket_id IS NOT NULL`,

  `CREATE TABLE atendimento_sentimento (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     ticket_id uuid NOT NULL REFERENCES atendimento_tickets (id) ON DELETE CASCADE,
     -- NULL: the ticket-level aggregate (one per ticket).
     mensagem_id uuid REFERENCES atendimento_mensagens (id) ON DELETE CASCADE,
     contato_id uuid REFERENCES atendimento_contatos (id) ON DELETE SET NULL,
     score real NOT NULL CHECK (score BETWEEN -1 AND 1),
     rotulo text NOT NULL CHECK (rotulo IN ('negativo', 'neutro', 'positivo')),
     confianca real CHECK (confianca BETWEEN 0 AND 1),
     provedor text NOT NULL CHECK (provedor IN ('openai', 'anthropic', 'local')),
     modelo text,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX atendimento_sentimento_mensagem_key ON atendimento_sentimento (empresa_id, mensagem_id)
     WHERE mensagem_id IS NOT NULL`,
  `CREATE UNIQUE INDEX atendimento_sentimento_ticket_key ON atendimento_sentimento (empresa_id, ticket_id) WHERE mensagem_id IS NULL`,
  `CREATE INDEX atendimento_sentimento_empresa_contato_idx ON atendimento_sentimento (empresa_id, contato_id, criado_em)`,

  `CREATE TABLE atendimento_artigos (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     titulo text NOT NULL CHECK (btrim(titulo) <> ''),
     conteudo text NOT NULL,
     categoria text,
     tags text[] NOT NULL DEFAULT '{}',
     origem text NOT NULL DEFAULT 'manual' CHECK (origem IN ('manual', 'markdown', 'csv')),
     publicado boolean NOT NULL DEFAULT true,
     -- SHA-256 of the indexed text: unchanged articles are not re-embedded.
     conteudo_hash text,
     indexacao_status text NOT NULL DEFAULT 'pendente' CHECK (indexacao_status IN ('pendente', 'indexando', 'indexado', 'falhou')),
     indexado_em timestamptz,
     indexacao_erro text,
     criado_por_usuario_id uuid REFERENCES usuarios (id) ON DELETE SET NULL,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX atendimento_artigos_empresa_atualizado_idx ON atendimento_artigos (empresa_id, atualizado_em)`,
  `CREATE INDEX atendimento_artigos_empresa_indexacao_idx ON atendimento_artigos (empresa_id, indexacao_status)`,

  // Retrieval units for RAG, from articles or resolved tickets. No pgvector on either database: embeddings are
  // real[] (stored L2-normalised, so cosine similarity is a dot product in SQL).
  `CREATE TABLE atendimento_chunks (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     fonte text NOT NULL CHECK (fonte IN ('artigo', 'ticket')),
     artigo_id uuid REFERENCES atendimento_artigos (id) ON DELETE CASCADE,
     ticket_id uuid REFERENCES atendimento_tickets (id) ON DELETE CASCADE,
     ordem integer NOT NULL DEFAULT 0 CHECK (ordem >= 0),
     titulo text,
     texto text NOT NULL,
     tokens integer CHECK (tokens >= 0),
     embedding real[],
     embedding_modelo text,
     fts tsvector GENERATED ALWAYS AS (
       to_tsvector('atende_portugues'::regconfig, coalesce(titulo, '') || ' ' || texto)
     ) STORED,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     CHECK ((fonte = 'artigo' AND artigo_id IS NOT NULL AND ticket_id IS NULL)
         OR (fonte = 'ticket' AND ticket_id IS NOT NULL AND artigo_id IS NULL)),
     CHECK (embedding IS NULL OR (array_ndims(embedding) = 1 AND embedding_modelo IS NOT NULL))
   )`,
  `CREATE INDEX atendimento_chunks_empresa_artigo_idx ON atendimento_chunks (empresa_id, artigo_id, ordem)`,
  `CREATE INDEX atendimento_chunks_empresa_ticket_idx ON atendimento_chunks (empresa_id, ticket_id, ordem)`,
  `CREATE INDEX atendimento_chunks_fts_idx ON atendimento_chunks USING gin (fts)`,

  // ----------------------------------------------------------------------------------- inbound and outbound
  // Written before the webhook answers 2xx; processing happens in a job. Events whose empresa cannot be found
  // are logged, not stored.
  `CREATE TABLE atendimento_eventos_entrada (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     -- NULL when the endpoint names only the empresa (e.g. an inbound e-mail route).
     canal_id uuid REFERENCES atendimento_canais (id) ON DELETE CASCADE,
     -- The adapter that parses it.
     tipo text NOT NULL CHECK (tipo IN ('whatsapp', 'telegram', 'email', 'messenger', 'instagram', 'sms', 'webchat')),
     -- Provider event/message id; adapters without one derive it (hash of the raw body).
     external_id text NOT NULL,
     payload jsonb,
     -- Raw bytes as received (bytea: multipart e-mail bodies carry binary attachments).
     corpo_bruto bytea,
     headers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(headers) = 'object'),
     status text NOT NULL DEFAULT 'recebido' CHECK (status IN ('recebido', 'processando', 'processado', 'falhou', 'ignorado')),
     tentativas integer NOT NULL DEFAULT 0 CHECK (tentativas >= 0),
     erro text,
     recebido_em timestamptz NOT NULL DEFAULT now(),
     processado_em timestamptz,
     criado_em timestamptz NOT NULL DEFAULT now(),
     atualizado_em timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT atendimento_eventos_entrada_canal_external_key UNIQUE (canal_id, external_id),
     CHECK (payload IS NOT NULL OR corpo_bruto IS NOT NULL)
   )`,
  `CREATE UNIQUE INDEX atendimento_eventos_entrada_sem_canal_key ON atendimento_eventos_entrada (empresa_id, tipo, external_id)
     WHERE canal_id IS NULL`,
  `CREATE INDEX atendimento_eventos_entrada_empresa_status_idx ON atendimento_eventos_entrada (empresa_id, status, recebido_em)`,

  `CREATE TABLE atendimento_envios (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     mensagem_id uuid REFERENCES atendimento_mensagens (id) ON DELETE CASCADE,
     -- NULL for calls that are not a canal's (outgoing automation webhooks).
     canal_id uuid REFERENCES atendimento_canais (id) ON DELETE CASCADE,
     operacao text NOT NULL DEFAULT 'enviar' CHECK (operacao IN
       ('enviar', 'marcar_lida', 'digitando', 'reagir', 'sincronizar', 'verificar', 'webhook')),
     tentativa integer NOT NULL DEFAULT 1 CHECK (tentativa >= 1),
     -- Bodies without credentials or authorization headers.
     requisicao jsonb,
     resposta jsonb,
     http_status integer,
     status text NOT NULL CHECK (status IN ('sucesso', 'erro_transitorio', 'erro_permanente')),
     provedor_codigo text,
     provedor_mensagem text,
     external_id text,
     latencia_ms integer CHECK (latencia_ms >= 0),
     criado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX atendimento_envios_empresa_mensagem_idx ON atendimento_envios (empresa_id, mensagem_id, tentativa)`,
  `CREATE INDEX atendimento_envios_empresa_canal_idx ON atendimento_envios (empresa_id, canal_id, criado_em)`,

  // ----------------------------------------------------------------------------------------------------- audit
  `CREATE TABLE audit_log (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     empresa_id uuid NOT NULL REFERENCES empresas (id) ON DELETE CASCADE,
     usuario_id uuid,
     acao text NOT NULL CHECK (btrim(acao) <> ''),
     entidade text NOT NULL CHECK (btrim(entidade) <> ''),
     entidade_id text,
     dados jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(dados) = 'object'),
     ip text,
     user_agent text,
     criado_em timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX audit_log_empresa_criado_idx ON audit_log (empresa_id, criado_em)`,
  `CREATE INDEX audit_log_empresa_entidade_idx ON audit_log (empresa_id, entidade, entidade_id, criado_em)`,
];

/** Reverse dependency order; the two late foreign keys go first so their tables can be dropped. */
const DOWN: readonly string[] = [
  `ALTER TABLE atendimento_tickets DROP CONSTRAINT atendimento_tickets_ultima_mensagem_fk`,
  `ALTER TABLE atendimento_filas DROP CONSTRAINT atendimento_filas_rr_ultimo_atendente_fk`,
  `DROP TABLE audit_log`,
  `DROP TABLE atendimento_envios`,
  `DROP TABLE atendimento_eventos_entrada`,
  `DROP TABLE atendimento_chunks`,
  `DROP TABLE atendimento_artigos`,
  `DROP TABLE atendimento_sentimento`,
  `DROP TABLE atendimento_ia_logs`,
  `DROP TABLE atendimento_ia_configs`,
  `DROP TABLE atendimento_metricas`,
  `DROP TABLE atendimento_workflow_estados`,
  `DROP TABLE atendimento_workflows`,
  `DROP TABLE atendimento_automacao_execucoes`,
  `DROP TABLE atendimento_automacoes`,
  `DROP TABLE atendimento_mensagens_agendadas`,
  `DROP TABLE atendimento_contatos_tags`,
  `DROP TABLE atendimento_tickets_tags`,
  `DROP TABLE atendimento_anexos`,
  `DROP TABLE atendimento_mensagens`,
  `DROP TABLE atendimento_ticket_eventos`,
  `DROP TABLE atendimento_tickets`,
  `DROP TABLE atendimento_tags`,
  `DROP TABLE atendimento_templates`,
  `DROP TABLE atendimento_atendente_presencas`,
  `DROP TABLE atendimento_atendentes_filas`,
  `DROP TABLE atendimento_atendentes`,
  `DROP TABLE atendimento_contato_identidades`,
  `DROP TABLE atendimento_contatos`,
  `DROP TABLE atendimento_canais`,
  `DROP TABLE atendimento_filas`,
  `DROP TABLE atendimento_sla_politicas`,
  `DROP TABLE atendimento_feriados`,
  `DROP TABLE atendimento_expediente_versoes`,
  `DROP TABLE atendimento_expedientes`,
  `DROP TABLE auth_sessoes`,
  `DROP TABLE usuarios`,
  `DROP TABLE empresas`,
  `DROP TEXT SEARCH CONFIGURATION atende_portugues`,
  // The extensions stay: they are database-wide and may serve other schemas (the job library's, for one).
];

export class EsquemaInicial1764400000000 implements MigrationInterface {
  name = 'EsquemaInicial1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of DOWN) await queryRunner.query(sql);
  }
}
