import { HttpException, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { WebhookRecebido } from '@atende/shared';
import { RequestContext } from '../../common/request-context.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import type { Canal } from '../canal.entity.js';
import { CanalService } from '../canal.service.js';
import type { AnyChannelAdapter, CanalTipo, InboundHttpRequest, InboundPayload } from '../channel-adapter.js';
import { ChannelAdapterRegistry } from '../channel-adapter.registry.js';
import { flattenQuery } from '../webhook.util.js';
import { CanalWebhookRepository } from './canal-webhook.repository.js';
import { CanaisDoWebhookCache, type CanalVerificavel } from './canais-do-webhook.cache.js';
import { EventoEntradaRepository, type NovoEventoEntrada, type SeloDeCanal } from './evento-entrada.repository.js';
import { InboundException } from './inbound.exception.js';
import { LoteAssincrono } from './lote-assincrono.js';

/** Headers never stored with an event: credentials travel in some of them (Telegram's secret token). */
const HEADERS_SIGILOSOS = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|api-key|password/i;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CanalDoWebhook extends CanalVerificavel {
  /** The routing key the payload named it by (payload-routed kinds); parsing keeps only its items. */
  chave?: string;
  /** How it was found, to look it up again when its cached secret does not verify. */
  chaveDaBusca: string;
  buscar: () => Promise<Canal | null>;
}

/** The canal lookups of one batch attempt, shared by its requests. */
interface BuscaDeCanais {
  usarCache: boolean;
  /** `fresco`: read from the database in this attempt (not from the cache). */
  canais: Map<string, { valor: Promise<CanalVerificavel | null>; fresco: boolean }>;
}

/** One empresa's part of a batch: its events and the canais they were verified with. */
interface GrupoDaEmpresa {
  itens: ItemDoLote[];
  selos: Map<string, SeloDeCanal>;
}

/** The guarded write found a canal changed since its lookup: nothing was written. */
class CanalAlterado extends Error {}

/** One webhook request, ready for the batch: parsed enough to know which canais it names. */
interface PedidoWebhook {
  adapter: AnyChannelAdapter;
  /** URL-routed kinds: the canal id of the URL; payload-routed ones: the routing keys of the payload. */
  canalId?: string;
  chaves: string[];
  http: InboundHttpRequest;
  payload: InboundPayload;
  recebidoEm: string;
}

/** Events of one ingestion batch for one empresa, each with the request it came in. */
interface ItemDoLote {
  pedido: number;
  evento: NovoEventoEntrada;
}

/**
 * The receiving half of the inbound pipeline, the same for every channel: find the canal (by the payload's
 * routing keys or the URL), verify the raw bytes with that canal's secret, and store one durable row per
 * normalized event together with its processing job, in one transaction. The webhook answers 2xx only after
 * that commit, so a 2xx always means the events are safe; everything else happens in the job.
 *
 * Requests that arrive while the database is busy are committed together (group commit, `LoteAssincrono`):
 * one transaction, one canal lookup per canal, one multi-row insert and one job per ten events, instead of
 * five round trips per request. A request alone is written at once, without waiting for company. Each
 * request still gets its own verdict: a forged one in a batch is refused (401) without touching the others.
 */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);
  private readonly lote: LoteAssincrono<PedidoWebhook, WebhookRecebido>;

  constructor(
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
    private readonly registry: ChannelAdapterRegistry,
    private readonly canais: CanalService,
    private readonly canaisWebhook: CanalWebhookRepository,
    private readonly eventos: EventoEntradaRepository,
    private readonly jobs: JobQueue,
    private readonly cache: CanaisDoWebhookCache,
  ) {
    // The embedded database has a single session: more than one batch in flight would only queue on it.
    this.lote = new LoteAssincrono((pedidos) => this.gravarLote(pedidos), {
      maxEmVoo: config.databaseMode === 'postgres' ? 4 : 1,
      maxPorLote: 200,
    });
  }

  /**
   * Answers the provider's subscription check with its challenge (the adapter decides the content type);
   * an error keeps the JSON error shape.
   */
  async handshake(tipo: string, canalId: string | undefined, query: unknown, response: Response): Promise<string> {
    const adapter = this.adapterDoTipo(tipo, canalId);
    if (adapter.handshake === undefined) throw InboundException.semHandshake(tipo);
    const handshake = adapter.handshake.bind(adapter);
    const flat = flattenQuery(query);
    const aceito = await this.tx.run(async () => {
      const candidatos =
        canalId === undefined
          ? await this.canais.listarAtivosPorTipo(adapter.kind)
          : [(await this.canalDaUrl(adapter.kind, canalId, { usarCache: false, canais: new Map() })).canal];
      for (const canal of candidatos) {
        // Only canais this adapter serves: a WhatsApp canal through Twilio has no Meta verify token.
        if (!this.registry.has(canal.tipo, canal.provedor) || this.registry.get(canal.tipo, canal.provedor) !== adapter) continue;
        const resultado = handshake(flat, this.canais.credenciais(canal));
        if (resultado.ok) return resultado;
      }
      return null;
    });
    if (aceito === null) {
      this.logger.warn({ tipo, canalId: canalId ?? null }, 'handshake de webhook recusado');
      throw InboundException.handshakeRecusado();
    }
    response.type(aceito.contentType);
    return aceito.body;
  }

  async receber(tipo: string, canalId: string | undefined, request: Request & { rawBody?: Buffer }): Promise<WebhookRecebido> {
    const adapter = this.adapterDoTipo(tipo, canalId);
    const rawBody = request.rawBody;
    if (rawBody === undefined || rawBody.length === 0) throw InboundException.corpoAusente();
    const headers = headersArmazenaveis(request.headers);
    const payload: InboundPayload = {
      contentType: headers['content-type'] ?? 'application/octet-stream',
      body: rawBody,
      headers,
    };
    return this.lote.submeter({
      adapter,
      ...(canalId !== undefined ? { canalId } : {}),
      // A body that is not the provider's format is a 400 here, before it waits for a batch.
      chaves: canalId === undefined ? adapter.routingKeys(payload) : [],
      http: {
        method: request.method,
        url: this.urlPublica(request),
        headers: request.headers,
        query: flattenQuery(request.query),
        rawBody,
      },
      payload,
      recebidoEm: new Date().toISOString(),
    });
  }

  /**
   * The whole batch in one statement (per empresa): canais come from the cache where possible, and the
   * statement's guard tells when one of them changed meanwhile; then the batch is verified again from fresh
   * lookups. A request-level refusal (401, 404, 400) is that request's result.
   */
  private async gravarLote(pedidos: PedidoWebhook[]): Promise<(WebhookRecebido | Error)[]> {
    return (await this.tentarGravar(pedidos, true)) ?? (await this.tentarGravar(pedidos, false)) ?? this.canalInstavel();
  }

  /** null: a canal's credentials or state changed since it was looked up, and nothing was written. */
  private async tentarGravar(pedidos: PedidoWebhook[], usarCache: boolean): Promise<(WebhookRecebido | Error)[] | null> {
    const busca: BuscaDeCanais = { usarCache, canais: new Map() };
    const resultados: (WebhookRecebido | Error)[] = [];
    const porEmpresa = new Map<string, GrupoDaEmpresa>();
    for (const [indice, pedido] of pedidos.entries()) {
      try {
        const itens = await this.eventosDoPedido(pedido, busca);
        resultados.push({ recebido: true, eventos: itens.length, novos: 0 });
        for (const { canal, evento } of itens) {
          const grupo: GrupoDaEmpresa = porEmpresa.get(canal.empresaId) ?? { itens: [], selos: new Map() };
          grupo.itens.push({ pedido: indice, evento });
          grupo.selos.set(canal.id, { canalId: canal.id, credenciaisCifradas: canal.credenciaisCifradas });
          porEmpresa.set(canal.empresaId, grupo);
        }
      } catch (error) {
        if (!(error instanceof HttpException)) throw error;
        resultados.push(error);
      }
    }
    const gravarTodos = async (): Promise<void> => {
      for (const [empresaId, { itens, selos }] of porEmpresa) {
        const { selosValidos, inseridos } = await RequestContext.runForEmpresa(empresaId, () =>
          this.eventos.inserirNovosComJobs(
            itens.map((item) => item.evento),
            [...selos.values()],
            (dados, primeiro) => this.jobs.insercaoComoCte('processarEntrada', dados, primeiro),
          ),
        );
        if (!selosValidos) throw new CanalAlterado();
        this.contarNovos(itens, inseridos, resultados);
        if (inseridos.length > 0) this.jobs.avisarEnfileirados('processarEntrada');
      }
    };
    try {
      // One empresa (the usual batch) is one statement, atomic by itself; several share a transaction.
      if (porEmpresa.size > 1) await this.tx.run(gravarTodos);
      else await gravarTodos();
    } catch (error) {
      if (!(error instanceof CanalAlterado)) throw error;
      for (const chave of busca.canais.keys()) this.cache.esquecer(chave);
      return null;
    }
    return resultados;
  }

  /** A redelivery that came twice in the same batch counts as new for the first request only. */
  private contarNovos(
    itens: readonly ItemDoLote[],
    inseridos: readonly { canalId: string; externalId: string }[],
    resultados: (WebhookRecebido | Error)[],
  ): void {
    const dono = new Map<string, number>();
    for (const item of itens) {
      const chave = `${item.evento.canalId}|${item.evento.externalId}`;
      if (!dono.has(chave)) dono.set(chave, item.pedido);
    }
    for (const inserido of inseridos) {
      const resultado = resultados[dono.get(`${inserido.canalId}|${inserido.externalId}`) ?? -1];
      if (resultado !== undefined && !(resultado instanceof Error)) resultado.novos += 1;
    }
  }

  /** Canais changed under two lookups in a row: a 503 the provider retries, rather than a guess. */
  private canalInstavel(): never {
    this.logger.warn('canal alterado durante duas gravações seguidas de webhooks: lote recusado para reenvio');
    throw InboundException.canalEmAlteracao();
  }

  /** Finds and verifies the request's canais, then lists its events: nothing is stored unless all of it verifies. */
  private async eventosDoPedido(
    pedido: PedidoWebhook,
    busca: BuscaDeCanais,
  ): Promise<{ canal: Canal; evento: NovoEventoEntrada }[]> {
    const destinos =
      pedido.canalId !== undefined
        ? [await this.canalDaUrl(pedido.adapter.kind, pedido.canalId, busca)]
        : await this.canaisDoPayload(pedido, busca);
    // A URL names one canal, served by its own provider's adapter (WhatsApp through Twilio).
    const adapter =
      pedido.canalId !== undefined && destinos[0] !== undefined ? this.adapterDaUrl(destinos[0].canal) : pedido.adapter;
    // Every canal named is verified first: one forged part refuses the whole request.
    for (const [indice, destino] of destinos.entries()) {
      let verificacao = await adapter.verify(pedido.http, destino.credenciais);
      if (!verificacao.ok && !busca.canais.get(destino.chaveDaBusca)?.fresco) {
        // A cached secret may be one the canal no longer has: check once more against the stored one.
        const atual = await this.buscarCanal(destino.chaveDaBusca, destino.buscar, { ...busca, usarCache: false });
        if (atual !== null) {
          destinos[indice] = { ...destino, ...atual };
          verificacao = await adapter.verify(pedido.http, atual.credenciais);
        }
      }
      if (!verificacao.ok) {
        this.logger.warn(
          { tipo: adapter.kind, canalId: destino.canal.id, motivo: verificacao.reason },
          'webhook com assinatura recusada',
        );
        throw InboundException.assinaturaInvalida(verificacao.detail);
      }
    }
    const itens: { canal: Canal; evento: NovoEventoEntrada }[] = [];
    for (const { canal, chave } of destinos) {
      const normalizados = await adapter.parseInbound(pedido.payload, {
        receivedAt: pedido.recebidoEm,
        ...(chave !== undefined ? { routingKey: chave } : {}),
      });
      for (const externalId of new Set(normalizados.map((evento) => evento.dedupId))) {
        itens.push({
          canal,
          evento: {
            canalId: canal.id,
            tipo: canal.tipo,
            externalId,
            corpoBruto: pedido.http.rawBody,
            headers: pedido.payload.headers ?? {},
          },
        });
      }
    }
    return itens;
  }

  /**
   * Payload-routed kinds (WhatsApp): each routing key names a canal. An unknown key (a number not
   * configured here, or removed) is logged and dropped with a 2xx: the provider retries non-2xx answers for
   * days, and no retry can make an unknown number known. Lookups are shared by the requests of a batch.
   */
  private async canaisDoPayload(pedido: PedidoWebhook, busca: BuscaDeCanais): Promise<CanalDoWebhook[]> {
    const destinos: CanalDoWebhook[] = [];
    for (const chave of pedido.chaves) {
      const tipo = pedido.adapter.kind;
      const chaveDaBusca = `chave|${tipo}|${chave}`;
      const buscar = () => this.canais.buscarAtivoPorChaveRoteamento(tipo, chave);
      const encontrado = await this.buscarCanal(chaveDaBusca, buscar, busca);
      if (encontrado === null) {
        this.logger.warn({ tipo, chaveRoteamento: chave }, 'webhook para canal desconhecido ou inativo: descartado');
        continue;
      }
      destinos.push({ ...encontrado, chave, chaveDaBusca, buscar });
    }
    return destinos;
  }

  /** A canal by its lookup key: from this batch's lookups, then the cache (when allowed), then the database. */
  private async buscarCanal(
    chaveDaBusca: string,
    buscar: () => Promise<Canal | null>,
    busca: BuscaDeCanais,
  ): Promise<CanalVerificavel | null> {
    const desteLote = busca.canais.get(chaveDaBusca);
    if (desteLote !== undefined && (busca.usarCache || desteLote.fresco)) return desteLote.valor;
    const doCache = busca.usarCache ? this.cache.obter(chaveDaBusca) : undefined;
    if (doCache !== undefined) {
      busca.canais.set(chaveDaBusca, { valor: Promise.resolve(doCache), fresco: false });
      return doCache;
    }
    const valor = buscar().then((canal) => {
      if (canal === null) return null;
      const verificavel = { canal, credenciais: this.canais.credenciais(canal) };
      this.cache.guardar(chaveDaBusca, verificavel);
      return verificavel;
    });
    busca.canais.set(chaveDaBusca, { valor, fresco: true });
    return valor;
  }

  private async canalDaUrl(tipo: CanalTipo, canalId: string, busca: BuscaDeCanais): Promise<CanalDoWebhook> {
    if (!UUID.test(canalId)) throw InboundException.canalNaoEncontrado();
    const chaveDaBusca = `url|${tipo}|${canalId}`;
    const buscar = () => this.tx.run(() => this.canaisWebhook.findAtivoParaWebhook(tipo, canalId));
    const encontrado = await this.buscarCanal(chaveDaBusca, buscar, busca);
    if (encontrado === null) throw InboundException.canalNaoEncontrado();
    return { ...encontrado, chaveDaBusca, buscar };
  }

  /** The kind's own adapter, checking the route form matches how the kind finds its canal. */
  private adapterDoTipo(tipo: string, canalId: string | undefined): AnyChannelAdapter {
    if (!this.registry.has(tipo)) throw InboundException.tipoDesconhecido(tipo, this.registry.kinds());
    const adapter = this.registry.get(tipo);
    const porUrl = adapter.capabilities.webhookRouting === 'url';
    // A kind whose own API routes by payload may also be served through a provider that routes by URL.
    const algumPorUrl = this.registry.all().some((a) => a.kind === adapter.kind && a.capabilities.webhookRouting === 'url');
    if (canalId === undefined ? porUrl : !algumPorUrl) throw InboundException.rotaDoCanal(tipo, porUrl);
    return adapter;
  }

  /** The adapter of the canal a URL names; it must be one that routes by URL. */
  private adapterDaUrl(canal: Canal): AnyChannelAdapter {
    const adapter = this.registry.get(canal.tipo, canal.provedor);
    if (adapter.capabilities.webhookRouting !== 'url') throw InboundException.rotaDoCanal(canal.tipo, false);
    return adapter;
  }

  /** As the provider signed it (Twilio signs the URL): the configured public URL wins over the Host header. */
  private urlPublica(request: Request): string {
    const base =
      this.config.values.ATENDE_PUBLIC_URL?.replace(/\/+$/, '') ?? `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    return `${base}${request.originalUrl}`;
  }
}

function headersArmazenaveis(headers: Request['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [nome, valor] of Object.entries(headers)) {
    if (valor === undefined || HEADERS_SIGILOSOS.test(nome)) continue;
    result[nome.toLowerCase()] = Array.isArray(valor) ? valor.join(', ') : valor;
  }
  return result;
}
