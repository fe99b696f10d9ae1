import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Papeis } from '../../auth/auth.decorators.js';
import { DistribuicaoException } from './distribuicao.exception.js';
import { PainelService } from './painel.service.js';

@ApiTags('filas')
@ApiBearerAuth()
@Controller('atendimento/filas')
export class PainelController {
  constructor(private readonly painel: PainelService) {}

  @Get(':id/painel')
  @Papeis('supervisor', 'admin')
  @ApiOperation({ summary: 'Painel da fila: espera (com tempos), atendentes com carga/capacidade/status e vazão de hoje' })
  buscar(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => DistribuicaoException.idInvalido() })) id: string) {
    return this.painel.painel(id);
  }
}
