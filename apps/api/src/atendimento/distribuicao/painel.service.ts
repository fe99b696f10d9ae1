import { Injectable } from '@nestjs/common';
import type { PainelFilaDto } from '@atende/shared';
import { TransactionHost } from '../../database/transaction-host.js';
import { DistribuicaoException } from './distribuicao.exception.js';
import { DistribuicaoRepository } from './distribuicao.repository.js';
import { elegivel } from './estrategias.js';

/** How many waiting tickets the painel lists (the totals count all of them). */
const LIMITE_BACKLOG = 200;

/** The supervisor's view of a fila: who waits and for how long, who works and how loaded, and today's flow. */
@Injectable()
export class PainelService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repositorio: DistribuicaoRepository,
  ) {}

  async painel(filaId: string): Promise<PainelFilaDto> {
    return this.tx.run(async () => {
      const fila = await this.repositorio.findById(filaId);
      if (!fila) throw DistribuicaoException.filaNaoEncontrada();
      const agora = new Date();
      const desde = new Date(Date.UTC(agora.getUTCFullYear(), agora.getUTCMonth(), agora.getUTCDate()));
      const espera = (em: Date) => Math.max(0, Math.floor((agora.getTime() - em.getTime()) / 1000));
      const backlog = await this.repositorio.backlog(fila.id, LIMITE_BACKLOG);
      const membros = await this.repositorio.membros(fila.id);
      const hoje = await this.repositorio.vazao(fila.id, desde);
      return {
        filaId: fila.id,
        nome: fila.nome,
        estrategia: fila.estrategia,
        backlog: backlog.tickets.map((t, i) => ({
          ticketId: t.id,
          numero: t.numero,
          posicao: i + 1,
          prioridade: t.prioridade,
          contatoNome: t.contatoNome,
          entrouNaFilaEm: t.entrouNaFilaEm.toISOString(),
          esperaSegundos: espera(t.entrouNaFilaEm),
        })),
        totalEsperando: backlog.total,
        maiorEsperaSegundos: backlog.maisAntigo ? espera(backlog.maisAntigo) : 0,
        atendentes: membros
          .sort((a, b) => a.nome.localeCompare(b.nome, 'pt-BR') || (a.atendenteId < b.atendenteId ? -1 : 1))
          .map((m) => ({
            atendenteId: m.atendenteId,
            nome: m.nome,
            status: m.status,
            ativo: m.ativo,
            elegivel: elegivel(m),
            ticketsNaFila: m.ticketsNaFila,
            ticketsTotal: m.ticketsTotal,
            capacidadeNaFila: m.capacidadeNaFila,
            maxTicketsSimultaneos: m.maxTicketsSimultaneos,
            ultimoAtendimentoEm: m.ultimoAtendimentoEm?.toISOString() ?? null,
          })),
        hoje: { desde: desde.toISOString(), ...hoje },
      };
    });
  }
}
