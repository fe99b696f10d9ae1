import { Injectable } from '@nestjs/common';
import type { IaTrechoDto } from '@atende/shared';
import { RequestContext } from '../../common/request-context.js';
import { TenantContextMissingError } from '../../database/tenant.repository.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { ArtigoRepository } from '../artigos/artigo.repository.js';
import { RecuperacaoService } from '../rag/recuperacao.service.js';
import type { FonteSugestao } from '../tarefas.js';

/** Per question, at most this many KB articles and resolved tickets (articles first: they are the policy). */
const MAX_ARTIGOS = 3;
const MAX_TICKETS = 2;
/** Chunks retrieved per question: room for both kinds when one source has several matching chunks. */
const TRECHOS = 12;

/** The id a draft or the bot cites: `artigo:<uuid>` or `ticket:<número>` (IaCitacao). */
function idDaFonte(trecho: IaTrechoDto): string {
  return trecho.fonte === 'artigo' ? `artigo:${trecho.artigoId}` : `ticket:${trecho.ticketNumero}`;
}

function tituloDaFonte(trecho: IaTrechoDto): string {
  if (trecho.fonte === 'ticket' && trecho.ticketNumero !== null) return `Ticket #${trecho.ticketNumero}`;
  return trecho.titulo ?? '';
}

/**
 * What grounded answers (reply drafts, the bot) are based on: the hybrid RAG retrieval over the indexed KB and
 * resolved tickets (full text, plus vectors when the empresa has embeddings), its chunks grouped per source in
 * rank order. Published articles the indexer has not caught up with yet are matched by full text on the
 * article itself, so a new or just edited article is usable at once.
 */
@Injectable()
export class FontesService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly recuperacao: RecuperacaoService,
    private readonly artigos: ArtigoRepository,
  ) {}

  /** Sources for the customer's question on `ticketId` (never that ticket's own conversation). */
  async daPergunta(pergunta: string, ticketId: string): Promise<FonteSugestao[]> {
    const empresaId = RequestContext.empresaId;
    if (!empresaId) throw new TenantContextMissingError();
    const trechos = await this.recuperacao.buscar(empresaId, pergunta, TRECHOS, { excluirTicketId: ticketId });
    const porFonte = new Map<string, { tipo: IaTrechoDto['fonte']; artigoId: string | null; fonte: FonteSugestao }>();
    for (const trecho of trechos) {
      const id = idDaFonte(trecho);
      const achada = porFonte.get(id);
      if (achada) achada.fonte.texto += `\n\n${trecho.texto}`;
      else
        porFonte.set(id, {
          tipo: trecho.fonte,
          artigoId: trecho.artigoId,
          fonte: { id, titulo: tituloDaFonte(trecho), texto: trecho.texto },
        });
    }
    const achadas = [...porFonte.values()];
    const artigos = achadas.filter((a) => a.tipo === 'artigo').map((a) => a.fonte);
    const tickets = achadas.filter((a) => a.tipo === 'ticket').map((a) => a.fonte);
    if (artigos.length < MAX_ARTIGOS) {
      const vistos = achadas.flatMap((a) => (a.artigoId ? [a.artigoId] : []));
      const pendentes = await this.tx.run(() =>
        this.artigos.publicadosNaoIndexados(pergunta, vistos, MAX_ARTIGOS - artigos.length),
      );
      artigos.push(...pendentes.map((a) => ({ id: `artigo:${a.id}`, titulo: a.titulo, texto: a.conteudo })));
    }
    return [...artigos.slice(0, MAX_ARTIGOS), ...tickets.slice(0, MAX_TICKETS)];
  }
}
