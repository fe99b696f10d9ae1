import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RealtimeDesdeQuery, realtimeDesdeQuerySchema, realtimeDesdeRespostaSchema } from '@atende/shared';
import { ApiZodResposta } from '../atendimento/tickets/api-resposta.decorator.js';
import { AtorAtual } from '../auth/auth.decorators.js';
import type { Ator } from '../common/request-context.js';
import { ApiZodQuery, ZodQuery } from '../common/zod-api.decorators.js';
import { RealtimeDesdeService } from './realtime-desde.service.js';

@ApiTags('tempo real')
@ApiBearerAuth()
@Controller('atendimento/realtime')
export class RealtimeController {
  constructor(private readonly desde: RealtimeDesdeService) {}

  @Get('desde')
  @ApiOperation({
    summary: 'O que mudou desde um cursor do tempo real (reconexão sem recuperação de sessão)',
    description:
      'Tickets visíveis alterados e mensagens criadas ou alteradas desde o cursor (o do último evento recebido, do evento ' +
      '`conectado` ou da resposta anterior), com o novo cursor. Sem cursor: listas vazias e o cursor atual. ' +
      '`completo: false` quando mudou mais do que cabe numa resposta: recarregue as listas.',
  })
  @ApiZodQuery(realtimeDesdeQuerySchema)
  @ApiZodResposta(realtimeDesdeRespostaSchema)
  buscar(@ZodQuery(realtimeDesdeQuerySchema) query: RealtimeDesdeQuery, @AtorAtual() ator: Ator) {
    return this.desde.desde(query, ator);
  }
}
