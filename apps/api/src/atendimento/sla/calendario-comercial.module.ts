import { Module } from '@nestjs/common';
import { CalendarioComercialService } from './calendario-comercial.service.js';
import { ExpedienteRepository, ExpedienteVersaoRepository } from './expediente.repository.js';
import { FeriadoRepository } from './feriado.repository.js';
import { Relogio } from './relogio.js';

/** The clock and the business-hour calendars, with no dependency on tickets: importable from any module. */
@Module({
  providers: [Relogio, ExpedienteRepository, ExpedienteVersaoRepository, FeriadoRepository, CalendarioComercialService],
  exports: [Relogio, ExpedienteRepository, ExpedienteVersaoRepository, FeriadoRepository, CalendarioComercialService],
})
export class CalendarioComercialModule {}
