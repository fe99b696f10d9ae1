import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type {
  AtualizarCanal,
  CanalDto,
  CanalLista,
  CanalMenuDto,
  CanalSaude,
  CanalSincronizacao,
  CriarCanal,
  ListarCanaisQuery,
  TestarMensagemCanal,
  TesteMensagemCanal,
} from '@atende/shared';
import { FilaRepository } from '../atendimento/filas/fila.repository.js';
import { decodificarCursor, paginar } from '../common/keyset-cursor.js';
import { TemplateService } from '../atendimento/templates/template.service.js';
import { CredenciaisCipher, mascarar } from '../common/crypto/credenciais-cipher.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { Canal, CanalConfiguracao, CanalTipo, CanalUltimoErro } from './canal.entity.js';
import { CanalErro, CanalException, ChannelApiError, type ChannelErrorCategory } from './canal.exception.js';
import { type ChaveCanal, CanalRepository } from './canal.repository.js';
import type { AnyChannelAdapter, ChannelHealth } from './channel-adapter.js';
import { ChannelAdapterRegistry } from './channel-adapter.registry.js';

type Credenciais = Record<string, unknown>;

/** Prefix of every masked secret (`mascarar`): a value sent back with it means "keep the stored one". */
const PREFIXO_MASCARA = '••••';

/** Marks the last error written by a status check, so that the next successful check clears it. */
const ORIGEM_VERIFICACAO = 'verificacao';

/**
 * Canais: CRUD with credentials encrypted at rest (AES-256-GCM, the canal id as associated data), never
 * returned or logged in clear; provider checks (status), provider sync (templates, webhook registration) and
 * a direct test send. Also the lookups the webhook pipeline needs before it knows the empresa.
 */
@Injectable()
export class CanalService {
  private readonly logger = new Logger(CanalService.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
    private readonly canais: CanalRepository,
    private readonly registry: ChannelAdapterRegistry,
    private readonly cipher: CredenciaisCipher,
    private readonly filas: FilaRepository,
    private readonly templates: TemplateService,
  ) {}

  // ------------------------------------------------------------------------------------------------ REST

  async listar(query: ListarCanaisQuery, origem: string): Promise<CanalLista> {
    return this.tx.run(async () => {
      const apos = query.cursor ? decodificarCursor<ChaveCanal>(query.cursor, ['string', 'string']) : undefined;
      const linhas = await this.canais.listar({ tipo: query.tipo, apos, limite: query.limite });
      return paginar(
        linhas,
        query.limite,
        (c): ChaveCanal => [c.nome, c.id],
        (c) => this.toDto(c, origem),
      );
    });
  }

  async buscar(id: string, origem: string): Promise<CanalDto> {
    return this.toDto(await this.obterAtual(id), origem);
  }

  async criar(dto: CriarCanal, origem: string): Promise<CanalDto> {
    const adapter = this.registry.get(dto.tipo, dto.provedor ?? null);
    const credenciais = this.validarConfiguracao(adapter, dto.configuracao);
    return this.tx.run(async () => {
      await this.validarFilas(dto.filaPadraoId ?? null, dto.menu ?? null);
      const chave = adapter.routingKeyOf(credenciais);
      if (chave !== null && (await this.canais.existeChaveRoteamento(adapter.kind, chave))) {
        throw chaveEmUso(adapter.kind, chave);
      }
      const id = randomUUID();
      await this.canais.create({
        id,
        tipo: adapter.kind,
        provedor: dto.provedor ?? null,
        nome: dto.nome,
        status: 'pendente',
        ativo: dto.ativo ?? true,
        ...this.colunasDeCredenciais(adapter, id, credenciais),
        filaPadraoId: dto.filaPadraoId ?? null,
        menu: dto.menu ?? null,
        limiteEnviosPorSegundo: dto.limiteEnviosPorSegundo ?? null,
      });
      this.logger.log({ canalId: id, tipo: adapter.kind }, 'canal criado');
      // The admin who creates it sees the verify token once, to paste it into Meta's console.
      return this.toDto(await this.obterAtual(id), origem, { verifyTokenEmClaro: true });
    });
  }

  async atualizar(id: string, dto: AtualizarCanal, origem: string): Promise<CanalDto> {
    return this.tx.run(async () => {
      const canal = await this.obterAtual(id);
      const adapter = this.adapterDe(canal);
      await this.validarFilas(dto.filaPadraoId ?? null, dto.menu ?? null);
      if (dto.configuracao !== undefined) {
        const atuais = this.credenciaisOuVazias(canal);
        const novas = this.validarConfiguracao(adapter, mesclarConfiguracao(adapter, atuais, dto.configuracao));
        if (!mesmasCredenciais(atuais, novas)) {
          const chave = adapter.routingKeyOf(novas);
          if (chave !== null && (await this.canais.existeChaveRoteamento(adapter.kind, chave, canal.id))) {
            throw chaveEmUso(adapter.kind, chave);
          }
          Object.assign(canal, this.colunasDeCredenciais(adapter, canal.id, novas));
          // New credentials are unverified until the next status check.
          canal.status = 'pendente';
          canal.verificadoEm = null;
        }
      }
      if (dto.nome !== undefined) canal.nome = dto.nome;
      if (dto.ativo !== undefined) canal.ativo = dto.ativo;
      if (dto.filaPadraoId !== undefined) canal.filaPadraoId = dto.filaPadraoId;
      if (dto.menu !== undefined) canal.menu = dto.menu;
      if (dto.limiteEnviosPorSegundo !== undefined) canal.limiteEnviosPorSegundo = dto.limiteEnviosPorSegundo;
      await this.canais.save(canal);
      return this.toDto(await this.obterAtual(canal.id), origem);
    });
  }

  /**
   * Soft delete: the row stays for the tickets and mensagens that name it, and the routing key is free for a
   * new canal at once (the unique index only covers canais not removed). Webhooks for it are dropped.
   */
  async remover(id: string): Promise<void> {
    await this.tx.run(async () => {
      const canal = await this.obterAtual(id);
      await this.canais.update(canal.id, { removidoEm: new Date(), ativo: false, status: 'desconectado' });
      this.logger.log({ canalId: canal.id, tipo: canal.tipo }, 'canal removido');
    });
  }

  /** Checks the credentials with the provider and records the outcome on the canal. */
  async verificarStatus(id: string, origem: string): Promise<CanalSaude> {
    const canal = await this.obterAtual(id);
    const adapter = this.adapterDe(canal);
    let saude: ChannelHealth;
    try {
      saude = await adapter.checkStatus(this.credenciais(canal));
    } catch (error) {
      if (error instanceof ChannelApiError) throw erroDoProvedor(error);
      throw error;
    }
    const em = new Date();
    const atualizado = await this.tx.run(async () => {
      const status = saude.ok ? 'conectado' : 'erro';
      await this.canais.update(canal.id, { status, verificadoEm: em });
      if (!saude.ok) {
        await this.canais.registrarErro(canal.id, erroDaVerificacao(saude, em));
      } else if (canal.ultimoErro?.detalhes?.origem === ORIGEM_VERIFICACAO) {
        await this.canais.registrarErro(canal.id, null);
      }
      return this.obterAtual(canal.id);
    });
    if (!saude.ok) this.logger.warn({ canalId: canal.id, codigo: saude.code }, 'verificação do canal falhou');
    return {
      canalId: atualizado.id,
      ok: saude.ok,
      codigo: saude.code,
      mensagem: saude.message,
      acao: saude.action ?? null,
      erroProvedor: saude.providerError ? { ...saude.providerError } : null,
      detalhes: { ...(saude.details ?? {}) },
      status: atualizado.status,
      verificadoEm: atualizado.verificadoEm?.toISOString() ?? null,
      ultimoEventoEm: atualizado.ultimoEventoEm?.toISOString() ?? null,
      ultimoErro: atualizado.ultimoErro,
      webhook: this.webhookDe(atualizado, adapter, this.credenciaisOuVazias(atualizado), origem, false),
    };
  }

  /**
   * Provider-specific sync, by what the adapter offers: pulls the message templates (WhatsApp) and/or
   * registers this canal's webhook with a fresh secret (Telegram). Provider calls run outside any
   * transaction; only the writes that follow are transactional.
   */
  async sincronizar(id: string, origem: string): Promise<CanalSincronizacao> {
    const canal = await this.obterAtual(id);
    const adapter = this.adapterDe(canal);
    const credenciais = this.credenciais<Credenciais>(canal);
    if (adapter.syncTemplates === undefined && adapter.setupWebhook === undefined) {
      throw new CanalException(
        CanalErro.SEM_SINCRONIZACAO,
        `Canais do tipo ${canal.tipo} não têm o que sincronizar com o provedor.`,
        { tipo: canal.tipo },
      );
    }
    const resultado: CanalSincronizacao = { canalId: canal.id, templates: null, webhook: null };
    try {
      if (adapter.syncTemplates !== undefined) {
        const lista = await adapter.syncTemplates(credenciais);
        const contagem = await this.tx.run(() => this.templates.sincronizarDoCanal(canal.id, lista));
        resultado.templates = { total: lista.length, ...contagem };
      }
      if (adapter.setupWebhook !== undefined) {
        const url = this.urlDoWebhook(canal, adapter, origem);
        const { credentialsUpdate } = await adapter.setupWebhook(credenciais, { url });
        await this.tx.run(async () => {
          const atual = await this.obterAtual(canal.id);
          const novas = this.validarConfiguracao(adapter, { ...this.credenciais<Credenciais>(atual), ...credentialsUpdate });
          await this.canais.update(atual.id, this.colunasDeCredenciais(adapter, atual.id, novas));
        });
        resultado.webhook = { url, registrado: true };
      }
    } catch (error) {
      if (error instanceof ChannelApiError) throw erroDoProvedor(error);
      throw error;
    }
    this.logger.log(
      { canalId: canal.id, templates: resultado.templates, webhook: resultado.webhook !== null },
      'canal sincronizado',
    );
    return resultado;
  }

  /** Sends a text straight through the adapter (no ticket, no mensagem): checks credentials end to end. */
  async testarMensagem(id: string, dto: TestarMensagemCanal): Promise<TesteMensagemCanal> {
    const canal = await this.obterAtual(id);
    const adapter = this.adapterDe(canal);
    try {
      const enviado = await adapter.send(this.credenciais(canal), { to: dto.para, content: { type: 'texto', text: dto.texto } });
      return {
        enviada: true,
        externalId: enviado.externalId,
        statusProvedor: enviado.providerStatus ?? null,
        destinatarioId: enviado.recipientId ?? null,
      };
    } catch (error) {
      if (error instanceof ChannelApiError) throw erroDoProvedor(error);
      throw error;
    }
  }

  // ------------------------------------------------------------------- contract for the channel pipelines

  /** Across empresas: the active canal a webhook payload names by its routing key (WhatsApp phone_number_id). */
  async buscarAtivoPorChaveRoteamento(tipo: CanalTipo, chave: string): Promise<Canal | null> {
    return this.tx.run(() => this.canais.findAtivoPorChaveRoteamento(tipo, chave));
  }

  /** Across empresas: the active canais of a kind (Meta's GET handshake matches the verify token among them). */
  async listarAtivosPorTipo(tipo: CanalTipo): Promise<Canal[]> {
    return this.tx.run(() => this.canais.listarAtivosPorTipo(tipo));
  }

  /** A canal of the current empresa by id, removed ones included (tickets and mensagens keep naming them). */
  async buscarPorId(id: string): Promise<Canal | null> {
    return this.tx.run(() => this.canais.findById(id));
  }

  /**
   * The canal's decrypted credentials, merged over its non-secret configuration, in the adapter's
   * credentials shape. Throws `CREDENCIAIS_ILEGIVEIS` (409) when they cannot be decrypted with the current
   * key (ATENDE_SECRET_KEY changed).
   */
  credenciais<C>(canal: Canal): C {
    const base: CanalConfiguracao = { ...canal.configuracao };
    if (canal.credenciaisCifradas === null) return base as C;
    try {
      return { ...base, ...this.cipher.decrypt<Credenciais>(canal.credenciaisCifradas, canal.id) } as C;
    } catch (error) {
      this.logger.error({ canalId: canal.id }, 'credenciais do canal ilegíveis com a chave atual');
      throw new CanalException(
        CanalErro.CREDENCIAIS_ILEGIVEIS,
        'As credenciais deste canal não podem ser lidas com a chave atual (ATENDE_SECRET_KEY mudou?): ' +
          'informe-as de novo com PATCH /api/atendimento/canais/:id { configuracao }.',
        { canalId: canal.id },
        { cause: error },
      );
    }
  }

  /** When the last webhook event arrived (throttled: a burst writes the row every few seconds at most). */
  async registrarEvento(canalId: string, em: Date): Promise<void> {
    await this.tx.run(() => this.canais.registrarEvento(canalId, em));
  }

  /** The last provider/account error shown on the canal status; null clears it. */
  async registrarErro(canalId: string, erro: { codigo: string; mensagem: string; em: Date } | null): Promise<void> {
    await this.tx.run(() =>
      this.canais.registrarErro(
        canalId,
        erro === null ? null : { codigo: erro.codigo, mensagem: erro.mensagem, em: erro.em.toISOString() },
      ),
    );
  }

  // --------------------------------------------------------------------------------------------- helpers

  private async obterAtual(id: string): Promise<Canal> {
    const canal = await this.tx.run(() => this.canais.findAtual(id));
    if (!canal) throw new CanalException(CanalErro.NAO_ENCONTRADO, 'Canal não encontrado.', { canalId: id });
    return canal;
  }

  private adapterDe(canal: Canal): AnyChannelAdapter {
    return this.registry.get(canal.tipo, canal.provedor);
  }

  /** Validates `configuracao` with the adapter's schema: 400 naming `configuracao.<field>`. */
  private validarConfiguracao(adapter: AnyChannelAdapter, configuracao: unknown): Credenciais {
    const resultado = adapter.credentialsSchema.safeParse(configuracao);
    if (!resultado.success) {
      const problemas = resultado.error.issues.map((issue) => ({
        campo: ['configuracao', ...issue.path.map(String)].join('.'),
        mensagem: issue.message,
      }));
      throw new CanalException(
        CanalErro.CREDENCIAIS_INVALIDAS,
        `Configuração do canal ${adapter.kind} inválida: ${problemas.map((p) => `${p.campo}: ${p.mensagem}`).join('; ')}`,
        {
          campo: problemas[0]?.campo ?? 'configuracao',
          campos: problemas.map((p) => p.campo),
          problemas: problemas.map((p) => p.mensagem),
        },
      );
    }
    return resultado.data as Credenciais;
  }

  /**
   * The stored form of a set of credentials: all of them encrypted together (the canal id binds the blob to
   * the row), the non-secret ones also in clear in `configuracao` for display, the routing key, and the
   * hash of a webhook verify token (Meta) for matching without decrypting.
   */
  private colunasDeCredenciais(
    adapter: AnyChannelAdapter,
    canalId: string,
    credenciais: Credenciais,
  ): Pick<Canal, 'credenciaisCifradas' | 'configuracao' | 'chaveRoteamento' | 'tokenVerificacaoHash'> {
    const configuracao: CanalConfiguracao = {};
    for (const [campo, valor] of Object.entries(credenciais)) {
      if (!adapter.secretFields.includes(campo)) configuracao[campo] = valor;
    }
    const verifyToken = credenciais.verifyToken;
    return {
      credenciaisCifradas: this.cipher.encrypt(credenciais, canalId),
      configuracao,
      chaveRoteamento: adapter.routingKeyOf(credenciais),
      tokenVerificacaoHash:
        typeof verifyToken === 'string' ? createHash('sha256').update(verifyToken, 'utf8').digest('hex') : null,
    };
  }

  /** For display and PATCH merges: unreadable credentials degrade to the non-secret configuration. */
  private credenciaisOuVazias(canal: Canal): Credenciais {
    try {
      return this.credenciais<Credenciais>(canal);
    } catch {
      return { ...canal.configuracao };
    }
  }

  private async validarFilas(filaPadraoId: string | null, menu: CanalMenuDto | null): Promise<void> {
    const referencias = [
      ...(filaPadraoId ? [{ campo: 'filaPadraoId', id: filaPadraoId }] : []),
      ...(menu?.opcoes ?? []).map((opcao, i) => ({ campo: `menu.opcoes.${i}.filaId`, id: opcao.filaId })),
    ];
    if (referencias.length === 0) return;
    const existentes = new Set((await this.filas.findByIds([...new Set(referencias.map((r) => r.id))])).map((f) => f.id));
    const faltando = referencias.filter((r) => !existentes.has(r.id));
    if (faltando.length > 0) {
      throw new CanalException(
        CanalErro.REFERENCIA_INVALIDA,
        `Fila não encontrada nesta empresa: ${faltando.map((r) => `${r.campo} (${r.id})`).join(', ')}. Confira o id em GET /api/atendimento/filas.`,
        { campo: faltando[0].campo, campos: faltando.map((r) => r.campo) },
      );
    }
  }

  private urlDoWebhook(canal: Canal, adapter: AnyChannelAdapter, origem: string): string {
    const base = (this.config.values.ATENDE_PUBLIC_URL ?? origem).replace(/\/+$/, '');
    const porUrl = adapter.capabilities.webhookRouting === 'url' ? `/${canal.id}` : '';
    return `${base}/api/atendimento/webhooks/${canal.tipo}${porUrl}`;
  }

  private webhookDe(
    canal: Canal,
    adapter: AnyChannelAdapter,
    credenciais: Credenciais,
    origem: string,
    verifyTokenEmClaro: boolean,
  ): CanalDto['webhook'] {
    const webhook: CanalDto['webhook'] = { url: this.urlDoWebhook(canal, adapter, origem) };
    const verifyToken = credenciais.verifyToken;
    if (adapter.handshake !== undefined && typeof verifyToken === 'string') {
      webhook.verifyToken = verifyTokenEmClaro ? verifyToken : mascarar(verifyToken);
    }
    return webhook;
  }

  private toDto(canal: Canal, origem: string, opcoes: { verifyTokenEmClaro?: boolean } = {}): CanalDto {
    const adapter = this.adapterDe(canal);
    const credenciais = this.credenciaisOuVazias(canal);
    const configuracao: Record<string, unknown> = { ...canal.configuracao };
    for (const campo of adapter.secretFields) {
      const valor = credenciais[campo];
      if (typeof valor === 'string') configuracao[campo] = mascarar(valor);
    }
    return {
      id: canal.id,
      tipo: canal.tipo,
      provedor: canal.provedor,
      nome: canal.nome,
      status: canal.status,
      ativo: canal.ativo,
      configuracao,
      chaveRoteamento: canal.chaveRoteamento,
      filaPadraoId: canal.filaPadraoId,
      menu: canal.menu,
      limiteEnviosPorSegundo: canal.limiteEnviosPorSegundo,
      webhook: this.webhookDe(canal, adapter, credenciais, origem, opcoes.verifyTokenEmClaro === true),
      ultimoEventoEm: canal.ultimoEventoEm?.toISOString() ?? null,
      ultimoErro: canal.ultimoErro,
      verificadoEm: canal.verificadoEm?.toISOString() ?? null,
      criadoEm: canal.criadoEm.toISOString(),
      atualizadoEm: canal.atualizadoEm.toISOString(),
    };
  }
}

/**
 * A PATCH's partial configuration over the stored one. A secret sent back masked exactly as the API showed
 * it keeps the stored value; a different masked-looking value is a mistake (400); null removes an optional
 * field.
 */
function mesclarConfiguracao(adapter: AnyChannelAdapter, atuais: Credenciais, patch: Record<string, unknown>): Credenciais {
  const mescladas: Credenciais = { ...atuais };
  for (const [campo, valor] of Object.entries(patch)) {
    if (valor === undefined) continue;
    if (valor === null) {
      delete mescladas[campo];
      continue;
    }
    if (adapter.secretFields.includes(campo) && typeof valor === 'string' && valor.startsWith(PREFIXO_MASCARA)) {
      const atual = atuais[campo];
      if (typeof atual === 'string' && mascarar(atual) === valor) continue;
      throw new CanalException(
        CanalErro.CREDENCIAIS_INVALIDAS,
        `configuracao.${campo}: o valor mascarado não corresponde ao armazenado; envie o valor completo para trocá-lo, ou omita o campo para mantê-lo.`,
        { campo: `configuracao.${campo}` },
      );
    }
    mescladas[campo] = valor;
  }
  return mescladas;
}

function mesmasCredenciais(a: Credenciais, b: Credenciais): boolean {
  const chaves = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...chaves].every((chave) => JSON.stringify(a[chave]) === JSON.stringify(b[chave]));
}

function chaveEmUso(tipo: CanalTipo, chave: string): CanalException {
  return new CanalException(
    CanalErro.CHAVE_ROTEAMENTO_EM_USO,
    `Já existe um canal ${tipo} ativo para ${chave}: cada número/conta só pode estar em um canal. ` +
      'Remova o canal existente ou use outro número.',
    { campo: 'configuracao', tipo, chaveRoteamento: chave },
  );
}

function erroDaVerificacao(saude: ChannelHealth, em: Date): CanalUltimoErro {
  return {
    codigo: saude.providerError?.code ?? saude.code,
    mensagem: saude.message,
    em: em.toISOString(),
    detalhes: { origem: ORIGEM_VERIFICACAO, codigoSaude: saude.code, ...(saude.action ? { acao: saude.action } : {}) },
  };
}

const DICA_POR_CATEGORIA: Partial<Record<ChannelErrorCategory, string>> = {
  autenticacao: 'Confira o token de acesso do canal (GET /api/atendimento/canais/:id/status) e atualize-o com PATCH.',
  permissao: 'O token não tem permissão para esta operação: revise as permissões do app/usuário do sistema no provedor.',
  requisicao_invalida: 'Confira o destinatário (com DDI, só dígitos) e o conteúdo.',
  janela_fechada: 'A janela de atendimento fechou: envie um template aprovado.',
  destinatario_indisponivel: 'O destinatário não pode receber mensagens neste canal.',
  bloqueado_pelo_contato: 'O contato bloqueou as mensagens deste canal.',
  template: 'Confira o nome, o idioma e as variáveis do template.',
  midia: 'Confira o tipo e o tamanho da mídia.',
};

/**
 * A provider failure as the API answers it: transient ones (rate limit, 5xx, network) are 502 "try again",
 * permanent ones are 422 with the provider's code and text and what to do.
 */
function erroDoProvedor(error: ChannelApiError): CanalException {
  const detalhes = {
    codigoProvedor: error.providerCode,
    mensagemProvedor: error.providerMessage,
    categoria: error.category,
    transitorio: error.transient,
  };
  if (error.transient) {
    return new CanalException(
      CanalErro.PROVEDOR_ERRO,
      `O provedor não respondeu como esperado: ${error.providerMessage} (código ${error.providerCode}). Tente de novo em instantes.`,
      detalhes,
      { cause: error },
    );
  }
  const dica = DICA_POR_CATEGORIA[error.category];
  return new CanalException(
    CanalErro.PROVEDOR_RECUSOU,
    `O provedor recusou a operação: ${error.providerMessage} (código ${error.providerCode}).${dica ? ` ${dica}` : ''}`,
    detalhes,
    { cause: error },
  );
}
