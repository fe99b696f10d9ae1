import { Injectable } from '@nestjs/common';
import type { Expediente } from './expediente.entity.js';
import { ExpedienteRepository, ExpedienteVersaoRepository } from './expediente.repository.js';
import type { Feriado } from './feriado.entity.js';
import { FeriadoRepository } from './feriado.repository.js';
import type { CalendarioComercial } from './horario-comercial.js';

/**
 * Builds the business-hour calendars (an expediente's versions and holidays). Kept apart from the expediente
 * CRUD so that modules below SLA (distribution) can read calendars without importing the SLA module.
 */
@Injectable()
export class CalendarioComercialService {
  constructor(
    private readonly expedientes: ExpedienteRepository,
    private readonly versoes: ExpedienteVersaoRepository,
    private readonly feriados: FeriadoRepository,
  ) {}

  /**
   * The calendar business time is counted with: the given expediente, else the fila's, else the empresa's
   * default. Null when none applies (the clock then runs around the clock).
   */
  async calendarioAplicavel(opcoes: {
    expedienteId?: string | null;
    filaId?: string | null;
  }): Promise<{ expediente: Expediente; calendario: CalendarioComercial } | null> {
    const id = opcoes.expedienteId ?? (opcoes.filaId ? await this.expedientes.findIdDaFila(opcoes.filaId) : null);
    const expediente = (id ? await this.expedientes.findById(id) : null) ?? (await this.expedientes.findPadrao());
    if (!expediente) return null;
    return { expediente, calendario: await this.calendarioDe(expediente.id) };
  }

  async calendarioDe(expedienteId: string): Promise<CalendarioComercial> {
    const versoes = await this.versoes.listarDe([expedienteId]);
    const feriados = await this.feriados.doCalendario(expedienteId);
    // The expediente's own holiday wins over an empresa-wide one on the same date (listed first).
    const porData = new Map<string, Feriado>();
    for (const feriado of feriados) if (!porData.has(feriado.data)) porData.set(feriado.data, feriado);
    return {
      versoes: versoes.map((v) => ({ vigenteDesde: v.vigenteDesde, fusoHorario: v.fusoHorario, intervalos: v.intervalos })),
      feriados: [...porData.values()].map((f) => ({ data: f.data, recorrente: f.recorrente, intervalos: f.intervalos })),
    };
  }
}
