import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Injectable, Logger, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import {
  type WebchatConfigPublica,
  type WebchatConversaIniciada,
  type WebchatEnviarMensagem,
  type WebchatEnvioAceito,
  type WebchatIniciarConversa,
  type WebchatListarMensagensQuery,
  type WebchatMensagemDto,
  type WebchatMensagens,
  webchatMensagemIdSchema,
} from '@atende/shared';
import { ContatoService } from '../../atendimento/contatos/contato.service.js';
import { normalizarEmail } from '../../atendimento/contatos/identidade-canal.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { StorageService } from '../../storage/storage.service.js';
import type { Canal } from '../canal.entity.js';
import { CanalService } from '../canal.service.js';
import { EventoEntradaRepository } from '../inbound/evento-entrada.repository.js';
import type { ProcessarEntradaJob } from '../inbound/processador-de-entrada.service.js';
import { LimiteDeVisitantes } from './limite-de-visitantes.js';
import { assinarTokenDeVisitante, verificarTokenDeVisitante } from './webchat-token.js';
import { parseWebchatEvento } from './webchat.adapter.js';
import { WebchatException } from './webchat.exception.js';
import { type LinhaMensagemDoVisitante, WebchatRepository } from './webchat.repository.js';
import { CHAVE_PUBLICA_PATTERN, type WebchatCredentials, type WebchatEvento, WebchatIds, webchatCredentialsSchema } from './webchat.types.js';

/** `packages/widget/dist/widget.js`, from `apps/api/{src,dist}/canais/webchat`. */
const WIDGET_JS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../packages/widget/dist/widget.js');

/** Canal lookups by public key are reused this long: every visitor call needs one. */
const CACHE_CANAL_MS = 5_000;
const MINUTO_MS = 60_000;
/** New conversations per IP address and canal per minute (each one creates a contato). */
const CONVERSAS_POR_MINUTO_POR_IP = 30;
/** Delivery/read acknowledgements per visitor per minute. */
const CONFIRMACOES_POR_MINUTO = 240;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CanalDoWebchat {
  canal: Canal;
  credenciais: WebchatCredentials;
}

/** A verified visitor of one canal. */
export interface VisitanteAutenticado extends CanalDoWebchat {
  visitanteId: string;
}

export interface ArquivoDoVisitante {
  dados: Buffer;
  nome: string;
  mimeType: string;
}

/** How a visitor call names itself: the public key, the page's Origin and the `Authorization` header. */
export interface AcessoDoVisitante {
  chave: string;
  origem: string | undefined;
  autorizacao: string | undefined;
}

/** Called with the response headers a 429 must carry (Retry-After) before the exception is thrown. */
export type DefinirCabecalho = (nome: string, valor: string) => void;

/**
 * The public visitor API behind the widget: no agent authentication; the canal's public key names the canal,
 * the page's Origin must be one the canal allows, and a token signed with the canal's secret (HMAC) names the
 * visitor. Visitor messages are stored as raw inbound events with their processing job, exactly like a
 * provider's webhook, so deduplication (the client's message id), retries and parking are the shared
 * pipeline's.
 */
@Injectable()
export class WebchatService {
  private readonly logger = new Logger(WebchatService.name);
  private readonly canaisPorChave = new Map<string, { valor: Promise<CanalDoWebchat | null>; ate: number }>();

  constructor(
    private readonly tx: TransactionHost,
    private readonly canais: CanalService,
    private readonly contatos: ContatoService,
    private readonly eventos: EventoEntradaRepository,
    private readonly jobs: JobQueue,
    private readonly storage: StorageService,
    private readonly repositorio: WebchatRepository,
    private readonly limites: LimiteDeVisitantes,
  ) {}

  // ------------------------------------------------------------------------------------------- lookups

  /** The active canal of a public key; 404 when there is none. */
  async canalDaChave(chave: string): Promise<CanalDoWebchat> {
    if (!CHAVE_PUBLICA_PATTERN.test(chave)) throw WebchatException.canalNaoEncontrado();
    const agora = Date.now();
    let entrada = this.canaisPorChave.get(chave);
    if (entrada === undefined || entrada.ate <= agora) {
      if (this.canaisPorChave.size > 10_000) this.canaisPorChave.clear();
      entrada = { valor: this.carregarCanal(chave), ate: agora + CACHE_CANAL_MS };
      this.canaisPorChave.set(chave, entrada);
      entrada.valor.catch(() => this.canaisPorChave.delete(chave));
    }
    const encontrado = await entrada.valor;
    if (encontrado === null) throw WebchatException.canalNaoEncontrado();
    return encontrado;
  }

  private async carregarCanal(chave: string): Promise<CanalDoWebchat | null> {
    const canal = await this.canais.buscarAtivoPorChaveRoteamento('webchat', chave);
    if (canal === null) return null;
    return { canal, credenciais: webchatCredentialsSchema.parse(this.canais.credenciais(canal)) };
  }

  /** CORS and socket handshakes: may a page of `origem` use this canal? (404 for an unknown key.) */
  async origemPermitida(chave: string, origem: string): Promise<boolean> {
    const { credenciais } = await this.canalDaChave(chave);
    return permiteOrigem(credenciais, origem);
  }

  /**
   * Browsers always send Origin on these calls; a request without one is not a web page (curl, a server)
   * and an Origin check could not stop it anyway, so only a present, unlisted Origin is refused.
   */
  private verificarOrigem(credenciais: WebchatCredentials, origem: string | undefined): void {
    if (origem !== undefined && !permiteOrigem(credenciais, origem)) throw WebchatException.origemNaoPermitida(origem);
  }

  /** Canal, Origin and visitor token (`Bearer <token>`), in that order: 404, 403, 401. */
  async autenticar(chave: string, origem: string | undefined, autorizacao: string | undefined): Promise<VisitanteAutenticado> {
    const doCanal = await this.canalDaChave(chave);
    this.verificarOrigem(doCanal.credenciais, origem);
    const token = autorizacao?.replace(/^Bearer\s+/i, '').trim() ?? '';
    if (token === '') throw WebchatException.tokenAusente();
    const dados = verificarTokenDeVisitante(doCanal.credenciais.segredoToken, token, Date.now());
    if (dados === null || dados.canalId !== doCanal.canal.id) throw WebchatException.tokenInvalido();
    return { ...doCanal, visitanteId: dados.visitanteId };
  }

  private autenticarAcesso(acesso: AcessoDoVisitante): Promise<VisitanteAutenticado> {
    return this.autenticar(acesso.chave, acesso.origem, acesso.autorizacao);
  }

  // -------------------------------------------------------------------------------------------- REST

  async configPublica(chave: string, origem: string | undefined): Promise<WebchatConfigPublica> {
    const { credenciais } = await this.canalDaChave(chave);
    this.verificarOrigem(credenciais, origem);
    return {
      titulo: credenciais.titulo,
      cor: credenciais.cor,
      saudacao: credenciais.saudacao,
      idioma: credenciais.idioma ?? null,
      preChat: { ...credenciais.preChat },
    };
  }

  /**
   * The pre-chat form: the visitor becomes a contato (matched by e-mail with the contato of any other channel)
   * with a `webchat` identity of its own, and gets the signed token that names it from now on.
   */
  async iniciarConversa(
    chave: string,
    origem: string | undefined,
    ip: string,
    dto: WebchatIniciarConversa,
    cabecalho: DefinirCabecalho,
  ): Promise<WebchatConversaIniciada> {
    const { canal, credenciais } = await this.canalDaChave(chave);
    this.verificarOrigem(credenciais, origem);
    const nome = credenciais.preChat.nome === 'oculto' ? '' : (dto.nome ?? '');
    const emailInformado = credenciais.preChat.email === 'oculto' ? '' : (dto.email ?? '');
    if (credenciais.preChat.nome === 'obrigatorio' && nome === '') throw WebchatException.validacao('nome', 'informe seu nome');
    if (credenciais.preChat.email === 'obrigatorio' && emailInformado === '')
      throw WebchatException.validacao('email', 'informe seu e-mail');
    const email = emailInformado === '' ? null : normalizarEmail(emailInformado);
    if (emailInformado !== '' && email === null)
      throw WebchatException.validacao('email', `"${emailInformado}" não é um e-mail válido`);
    await this.consumirLimite(`conversa:${canal.id}:${ip}`, CONVERSAS_POR_MINUTO_POR_IP, cabecalho);

    const visitanteId = randomUUID();
    const { contato } = await RequestContext.runForEmpresa(canal.empresaId, () =>
      this.tx.run(() =>
        this.contatos.resolverPorIdentidade({
          tipo: 'webchat',
          valor: visitanteId,
          ...(nome !== '' ? { nome } : {}),
          ...(email !== null ? { email } : {}),
        }),
      ),
    );
    const emitidoEm = Date.now();
    const token = assinarTokenDeVisitante(credenciais.segredoToken, { canalId: canal.id, visitanteId, emitidoEm });
    const dados = verificarTokenDeVisitante(credenciais.segredoToken, token, emitidoEm);
    this.logger.log({ canalId: canal.id, visitanteId, contatoId: contato.id }, 'conversa de WebChat iniciada');
    return { token, visitanteId, expiraEm: new Date(dados?.expiraEm ?? emitidoEm).toISOString() };
  }

  async listarMensagens(acesso: AcessoDoVisitante, query: WebchatListarMensagensQuery): Promise<WebchatMensagens> {
    const { canal, visitanteId } = await this.autenticarAcesso(acesso);
    const linhas = await RequestContext.runForEmpresa(canal.empresaId, () =>
      this.repositorio.listarDoVisitante(canal.id, visitanteId, query.limite),
    );
    return { items: linhas.map((linha) => mensagemDoVisitante(linha, visitanteId)) };
  }

  async enviarMensagem(
    acesso: AcessoDoVisitante,
    dto: WebchatEnviarMensagem,
    cabecalho: DefinirCabecalho,
  ): Promise<WebchatEnvioAceito> {
    const visitante = await this.autenticarAcesso(acesso);
    await this.limitarMensagens(visitante, cabecalho);
    const novo = await this.gravarEvento(visitante.canal, {
      tipo: 'mensagem',
      visitanteId: visitante.visitanteId,
      mensagemId: dto.id,
      texto: dto.texto,
      em: new Date().toISOString(),
    });
    return { id: dto.id, duplicada: !novo };
  }

  /** A file (already read and size-limited by AnexoUploadInterceptor), as one mensagem with an optional caption. */
  async enviarAnexo(
    acesso: AcessoDoVisitante,
    campos: Record<string, unknown>,
    arquivo: ArquivoDoVisitante | undefined,
    cabecalho: DefinirCabecalho,
  ): Promise<WebchatEnvioAceito> {
    const visitante = await this.autenticarAcesso(acesso);
    const id = webchatMensagemIdSchema.safeParse(campos.id);
    if (!id.success) throw WebchatException.validacao('id', id.error.issues[0]?.message ?? 'id inválido');
    const legenda = typeof campos.texto === 'string' ? campos.texto.trim() : '';
    if (legenda.length > 4096) throw WebchatException.validacao('texto', 'a legenda aceita no máximo 4096 caracteres');
    if (arquivo === undefined)
      throw WebchatException.validacao('arquivo', 'envie o arquivo no campo "arquivo" de um multipart/form-data');
    if (arquivo.dados.length === 0) throw WebchatException.validacao('arquivo', 'o arquivo está vazio');
    await this.limitarMensagens(visitante, cabecalho);
    const novo = await this.gravarEvento(visitante.canal, {
      tipo: 'mensagem',
      visitanteId: visitante.visitanteId,
      mensagemId: id.data,
      ...(legenda !== '' ? { texto: legenda } : {}),
      anexo: {
        nome: arquivo.nome === '' ? null : arquivo.nome,
        mimeType: arquivo.mimeType === '' ? 'application/octet-stream' : arquivo.mimeType,
        tamanhoBytes: arquivo.dados.length,
        base64: arquivo.dados.toString('base64'),
      },
      em: new Date().toISOString(),
    });
    return { id: id.data, duplicada: !novo };
  }

  /** The file of a mensagem of the visitor's own conversation; anything else is 404. */
  async baixarAnexo(acesso: AcessoDoVisitante, mensagemId: string): Promise<StreamableFile> {
    const { canal, visitanteId } = await this.autenticarAcesso(acesso);
    return RequestContext.runForEmpresa(canal.empresaId, async () => {
      const anexoId = await this.repositorio.anexoDoVisitante(
        canal.id,
        visitanteId,
        mensagemId,
        WebchatIds.daMensagemDoVisitante(visitanteId, mensagemId),
      );
      if (anexoId === null) throw WebchatException.anexoNaoEncontrado();
      const { anexo, stream } = await this.storage.abrir(anexoId);
      const nome = anexo.nomeArquivo;
      return new StreamableFile(stream instanceof Readable ? stream : Readable.from(stream), {
        type: anexo.mimeTipo,
        length: Number(anexo.tamanhoBytes),
        disposition: nome
          ? `attachment; filename="${nome.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(nome)}`
          : 'attachment',
      });
    });
  }

  /**
   * The built widget (`packages/widget/dist/widget.js`). Loaded by `<script>` from other sites, so the
   * Cross-Origin-Resource-Policy that helmet sets is relaxed for it.
   */
  servirWidget(response: Response): void {
    if (!existsSync(WIDGET_JS)) throw WebchatException.widgetNaoConstruido();
    response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    response.setHeader('Cache-Control', 'public, max-age=300');
    response.type('application/javascript');
    response.sendFile(WIDGET_JS);
  }

  // --------------------------------------------------------------------------------- socket (visitor)

  /** Visitor acknowledgements of our mensagens, as status events through the inbound pipeline. */
  async confirmar(visitante: VisitanteAutenticado, ids: readonly string[], status: 'entregue' | 'lida'): Promise<void> {
    const validos = [...new Set(ids)].filter((id) => UUID.test(id)).slice(0, 50);
    if (validos.length === 0) return;
    const limite = await this.limites.consumir(`confirmacao:${visitante.visitanteId}`, CONFIRMACOES_POR_MINUTO, MINUTO_MS);
    if (!limite.permitido) return;
    for (const mensagemId of validos) {
      await this.gravarEvento(visitante.canal, {
        tipo: 'status',
        visitanteId: visitante.visitanteId,
        mensagemId,
        status,
        em: new Date().toISOString(),
      });
    }
  }

  /** The visitor's open ticket (typing goes to whoever has it open). */
  ticketAberto(visitante: VisitanteAutenticado): Promise<string | null> {
    return RequestContext.runForEmpresa(visitante.canal.empresaId, () =>
      this.repositorio.ticketAbertoDoVisitante(visitante.canal.id, visitante.visitanteId),
    );
  }

  // ----------------------------------------------------------------------------------------- internals

  private async limitarMensagens(visitante: VisitanteAutenticado, cabecalho: DefinirCabecalho): Promise<void> {
    await this.consumirLimite(
      `mensagem:${visitante.canal.id}:${visitante.visitanteId}`,
      visitante.credenciais.limiteMensagensPorMinuto,
      cabecalho,
    );
  }

  private async consumirLimite(chave: string, limite: number, cabecalho: DefinirCabecalho): Promise<void> {
    const resultado = await this.limites.consumir(chave, limite, MINUTO_MS);
    if (resultado.permitido) return;
    const segundos = Math.max(1, Math.ceil(resultado.retryAfterMs / 1000));
    cabecalho('Retry-After', String(segundos));
    throw WebchatException.limiteExcedido(segundos);
  }

  /**
   * The durable half of the inbound pipeline, as the webhook does it: the raw event row and its processing
   * job in one transaction. A repeated event (same client message id) hits the (canal, external id) key and
   * stores nothing; returns whether it was new.
   */
  private async gravarEvento(canal: Canal, evento: WebchatEvento): Promise<boolean> {
    const corpoBruto = Buffer.from(JSON.stringify(evento), 'utf8');
    const [normalizado] = parseWebchatEvento(
      { contentType: 'application/json', body: corpoBruto },
      { receivedAt: new Date().toISOString() },
    );
    return RequestContext.runForEmpresa(canal.empresaId, () =>
      this.tx.run(async () => {
        const inseridos = await this.eventos.inserirNovos([
          {
            canalId: canal.id,
            tipo: 'webchat',
            externalId: normalizado.dedupId,
            corpoBruto,
            headers: { 'content-type': 'application/json' },
          },
        ]);
        for (const inserido of inseridos) {
          const job: ProcessarEntradaJob = { empresaId: canal.empresaId, eventoIds: [inserido.id] };
          await this.jobs.enviar('processarEntrada', job);
        }
        return inseridos.length > 0;
      }),
    );
  }
}

function permiteOrigem(credenciais: WebchatCredentials, origem: string): boolean {
  return credenciais.origensPermitidas.includes('*') || credenciais.origensPermitidas.includes(origem.toLowerCase());
}

function mensagemDoVisitante(linha: LinhaMensagemDoVisitante, visitanteId: string): WebchatMensagemDto {
  const doVisitante = linha.direcao === 'recebida';
  const idDoCliente = doVisitante && linha.external_id !== null ? WebchatIds.separarDoVisitante(linha.external_id) : null;
  return {
    id: idDoCliente !== null && idDoCliente.visitanteId === visitanteId ? idDoCliente.mensagemId : linha.id,
    autor: doVisitante ? 'visitante' : 'atendente',
    tipo: linha.tipo,
    texto: linha.conteudo,
    anexo:
      linha.anexo_mime === null
        ? null
        : { nome: linha.anexo_nome, mimeType: linha.anexo_mime, tamanhoBytes: Number(linha.anexo_tamanho ?? 0) },
    status: doVisitante ? (linha.lida_em !== null ? 'lida' : 'recebida') : linha.status,
    em: linha.criado_em.toISOString(),
  };
}
