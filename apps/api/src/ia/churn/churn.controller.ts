import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ListarRiscoChurnQuery, listarRiscoChurnQuerySchema } from '@atende/shared';
import { Papeis } from '../../auth/auth.decorators.js';
import { ApiZodQuery, ZodQuery } from '../../common/zod-api.decorators.js';
import { IaException } from '../ia.exception.js';
import { ChurnService } from './churn.service.js';

@ApiTags('ia')
@ApiBearerAuth()
@Controller('atendimento/contatos')
export class ChurnController {
  constructor(private readonly churn: ChurnService) {}

  @Get('risco-churn')
  @Papeis('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Contatos com risco de churn a partir de minimo (padrão: o limiar de alerta), do maior para o menor, com o último ticket (supervisor ou admin)',
  })
  @ApiZodQuery(listarRiscoChurnQuerySchema)
  listarRisco(@ZodQuery(listarRiscoChurnQuerySchema) query: ListarRiscoChurnQuery) {
    return this.churn.listarRisco(query);
  }

  @Get(':id/churn')
  @ApiOperation({ summary: 'Risco de churn do contato (0–100) com os motivos que o compõem' })
  obter(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => IaException.idInvalido('id') })) id: string) {
    return this.churn.obter(id);
  }
}
