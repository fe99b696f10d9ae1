import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IaException } from '../ia.exception.js';
import { ChurnService } from './churn.service.js';

@ApiTags('ia')
@ApiBearerAuth()
@Controller('atendimento/contatos')
export class ChurnController {
  constructor(private readonly churn: ChurnService) {}

  @Get(':id/churn')
  @ApiOperation({ summary: 'Risco de churn do contato (0–100) com os motivos que o compõem' })
  obter(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => IaException.idInvalido('id') })) id: string) {
    return this.churn.obter(id);
  }
}
