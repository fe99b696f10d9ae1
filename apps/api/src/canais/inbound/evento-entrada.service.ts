import { Injectable } from '@nestjs/common';
import type { EventoEntradaDto, EventoEntradaLista, ListarEventosEntradaQuery } from '@atende/shared';
import { codificarCursor, lerCursor } from '../../common/keyset-cursor.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import type { EventoEntrada } from './evento-entrada.entity.js';
import { EventoEntradaRepository, type PosicaoEventoEntrada } from './evento-entrada.repository.js';
import { InboundException } from './inbound.exception.js';
import type { ProcessarEntradaJob } from './processador-de-entrada.service.js';

export function toEventoEntradaDto(evento: EventoEntrada): EventoEntradaDto {
  return {
    id: evento.id,
    canalId: evento.canalId,
    tipo: evento.tipo,
    externalId: evento.externalId,
    status: evento.status,
    tentativas: evento.tentativas,
    erro: evento.erro,
    corpo: evento.payload ?? corpoLegivel(evento.corpoBruto),
    headers: evento.headers,
    recebidoEm: evento.recebidoEm.toISOString(),
    processadoEm: evento.processadoEm?.toISOString() ?? null,
  };
}

/** JSON bodies are shown parsed; anything else as text. */
function corpoLegivel(corpo: Buffer | null): unknown {
  if (corpo === null) return null;
  const texto = corpo.toString('utf8');
  try {
    return JSON.parse(texto) as unknown;
  } catch {
    return texto;
  }
}

/** Admin view of the inbound events: find the parked ones and replay them. */
@Injectable()
export class EventoEntradaService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly eventos: EventoEntradaRepository,
    private readonly jobs: JobQueue,
  ) {}

  async listar(query: ListarEventosEntradaQuery): Promise<EventoEntradaLista> {
    const apos = query.cursor === undefined ? undefined : decodificarCursor(query.cursor);
    const linhas = await this.tx.run(() =>
      this.eventos.listar({
        ...(query.status !== undefined ? { status: query.status } : {}),
        ...(query.canalId !== undefined ? { canalId: query.canalId } : {}),
        limite: query.limite + 1,
        ...(apos !== undefined ? { apos } : {}),
      }),
    );
    const pagina = linhas.slice(0, query.limite);
    const ultima = pagina.at(-1);
    return {
      items: pagina.map((linha) => toEventoEntradaDto(linha.evento)),
      nextCursor:
        linhas.length > query.limite && ultima !== undefined
          ? codificarCursor([ultima.posicao.recebidoEm, ultima.posicao.id])
          : null,
    };
  }

  async buscar(id: string): Promise<EventoEntradaDto> {
    const evento = await this.tx.run(() => this.eventos.findById(id));
    if (evento === null) throw InboundException.eventoNaoEncontrado();
    return toEventoEntradaDto(evento);
  }

  /** Puts a parked event back in line with a fresh job, in one transaction (the job sees the reset row). */
  async reprocessar(id: string): Promise<EventoEntradaDto> {
    return this.tx.run(async () => {
      const evento = await this.eventos.findParaProcessar(id);
      if (evento === null) throw InboundException.eventoNaoEncontrado();
      if (evento.status !== 'falhou' && evento.status !== 'ignorado')
        throw InboundException.eventoNaoReprocessavel(evento.status);
      await this.eventos.rearmar(evento.id);
      const job: ProcessarEntradaJob = { empresaId: evento.empresaId, eventoIds: [evento.id] };
      await this.jobs.enviar('processarEntrada', job);
      return toEventoEntradaDto({ ...evento, status: 'recebido', erro: null, processadoEm: null });
    });
  }
}

function decodificarCursor(cursor: string): PosicaoEventoEntrada {
  const chave = lerCursor<[string, string]>(cursor, ['timestamp', 'uuid']);
  if (chave === null) throw InboundException.cursorInvalido();
  return { recebidoEm: chave[0], id: chave[1] };
}
