import { Injectable } from '@nestjs/common';
import type { IaResumoDto, IaSugestoesDto } from '@atende/shared';
import { TicketService } from '../../atendimento/tickets/ticket.service.js';
import { type Ator, RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EventosDominio } from '../../eventos/eventos-dominio.js';
import { IaLeituraRepository } from '../analise/ia-leitura.repository.js';
import { type IaConfigEfetiva, IaConfigService } from '../ia-config.service.js';
import { IaExecutor } from '../ia-executor.service.js';
import { IaException } from '../ia.exception.js';
import { TAREFA_RESUMO, TAREFA_SUGESTOES } from '../tarefas.js';
import { FontesService } from './fontes.service.js';

/** On-demand help for agents: reply drafts grounded in the KB and past answers, and conversation summaries. */
@Injectable()
export class AssistenteService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly tickets: TicketService,
    private readonly configs: IaConfigService,
    private readonly executor: IaExecutor,
    private readonly leitura: IaLeituraRepository,
    private readonly fontes: FontesService,
    private readonly eventos: EventosDominio,
  ) {}

  async sugestoes(ticketId: string, ator: Ator): Promise<IaSugestoesDto> {
    await this.tickets.garantirVisivel(ticketId, ator);
    const cfg = await this.configs.efetiva();
    if (!cfg.recursos.sugestao) throw IaException.recursoDesligado('sugestao');
    return this.calcularSugestoes(ticketId, cfg);
  }

  /** The drafts for a ticket, for the caller that already checked who may see them (the REST route, the socket push). */
  async calcularSugestoes(ticketId: string, cfg: IaConfigEfetiva): Promise<IaSugestoesDto> {
    const turnos = await this.leitura.conversa(ticketId, 12);
    const pergunta = turnos
      .filter((t) => t.autor === 'cliente')
      .slice(-3)
      .map((t) => t.texto)
      .join('\n');
    if (!pergunta) return { sugestoes: [], provedor: 'local', citacoes: [] };
    const fontes = await this.fontes.daPergunta(pergunta, ticketId);
    // With nothing to ground a draft on, no draft: the bot must not make policy up.
    if (fontes.length === 0) return { sugestoes: [], provedor: 'local', citacoes: [] };
    const r = await this.executor.executar(TAREFA_SUGESTOES, { turnos, fontes }, { ticketId }, cfg);
    const titulos = new Map(fontes.map((f) => [f.id, f.titulo]));
    const sugestoes = r.saida.sugestoes
      .slice(0, 3)
      .map((s) => ({ texto: s.texto, fontes: s.fontes.filter((id) => titulos.has(id)) }));
    const citadas = [...new Set(sugestoes.flatMap((s) => s.fontes))];
    return { sugestoes, provedor: r.provedor, citacoes: citadas.map((id) => ({ id, titulo: titulos.get(id) ?? id })) };
  }

  async resumir(ticketId: string, ator: Ator): Promise<IaResumoDto> {
    await this.tickets.garantirVisivel(ticketId, ator);
    const cfg = await this.configs.efetiva();
    if (!cfg.recursos.resumo) throw IaException.recursoDesligado('resumo');
    const resumo = await this.gerarResumo(ticketId, cfg);
    await this.gravarResumo(ticketId, resumo);
    return resumo;
  }

  /** The summary of the conversation (the model call: run it outside transactions). */
  async gerarResumo(ticketId: string, cfg: IaConfigEfetiva): Promise<IaResumoDto> {
    const turnos = await this.leitura.conversa(ticketId, 60);
    const r = await this.executor.executar(TAREFA_RESUMO, { turnos }, { ticketId }, cfg);
    return { resumo: r.saida.resumo, provedor: r.provedor, geradoEm: new Date().toISOString() };
  }

  /** Stores the summary on the ticket (joining the caller's transaction, if any) and tells the screens. */
  async gravarResumo(ticketId: string, resumo: IaResumoDto): Promise<void> {
    await this.tx.run(async () => {
      const ticket = await this.leitura.ticketParaAtualizar(ticketId);
      if (!ticket) throw IaException.ticketNaoEncontrado();
      await this.leitura.gravarResumo(ticketId, resumo.resumo, new Date(resumo.geradoEm));
      this.eventos.publicar({
        tipo: 'ticket.atualizado',
        empresaId: RequestContext.empresaId ?? '',
        ticketId,
        filaId: ticket.filaId,
        atendenteId: ticket.atendenteId,
        mudancas: ['resumo'],
      });
    });
  }
}
