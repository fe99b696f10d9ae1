import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RecalcularRelatorios, type RelatorioQuery, recalcularRelatoriosSchema, relatorioQuerySchema } from '@atende/shared';
import { Papeis } from '../../auth/auth.decorators.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../../common/zod-api.decorators.js';
import { RelatorioException } from './relatorio.exception.js';
import { RelatorioService } from './relatorio.service.js';

@ApiTags('relatorios')
@ApiBearerAuth()
@Papeis('supervisor', 'admin')
@Controller('atendimento/relatorios')
export class RelatorioController {
  constructor(private readonly relatorios: RelatorioService) {}

  @Get('resumo')
  @ApiOperation({ summary: 'Totais do período: volume, tempos, CSAT, SLA e backlog atual (?formato=csv exporta)' })
  @ApiZodQuery(relatorioQuerySchema)
  resumo(@ZodQuery(relatorioQuerySchema) q: RelatorioQuery) {
    return this.relatorios.responder('resumo', q);
  }

  @Get('volume')
  @ApiOperation({ summary: 'Tickets recebidos e resolvidos por dia, e recebidos por canal e dia' })
  @ApiZodQuery(relatorioQuerySchema)
  volume(@ZodQuery(relatorioQuerySchema) q: RelatorioQuery) {
    return this.relatorios.responder('volume', q);
  }

  @Get('tempos')
  @ApiOperation({ summary: 'Médias diárias de primeira resposta, próxima resposta e resolução (segundos)' })
  @ApiZodQuery(relatorioQuerySchema)
  tempos(@ZodQuery(relatorioQuerySchema) q: RelatorioQuery) {
    return this.relatorios.responder('tempos', q);
  }

  @Get('csat')
  @ApiOperation({ summary: 'CSAT: média, % satisfeitos (4–5), taxa de resposta, por dia e distribuição das notas' })
  @ApiZodQuery(relatorioQuerySchema)
  csat(@ZodQuery(relatorioQuerySchema) q: RelatorioQuery) {
    return this.relatorios.responder('csat', q);
  }

  @Get('filas')
  @ApiOperation({ summary: 'Por fila: backlog e maior espera atuais, volume e espera na fila do período' })
  @ApiZodQuery(relatorioQuerySchema)
  filas(@ZodQuery(relatorioQuerySchema) q: RelatorioQuery) {
    return this.relatorios.responder('filas', q);
  }

  @Get('atendentes')
  @ApiOperation({ summary: 'Por atendente: carga e ocupação atuais, resoluções, tempos e CSAT do período' })
  @ApiZodQuery(relatorioQuerySchema)
  atendentes(@ZodQuery(relatorioQuerySchema) q: RelatorioQuery) {
    return this.relatorios.responder('atendentes', q);
  }

  @Post('recalcular')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Recalcula os agregados dos dias [de, ate] a partir dos eventos: até 31 dias responde 200 já concluído; períodos maiores ' +
      'respondem 202 e rodam como job (acompanhe em GET recalcular/:id)',
  })
  @ApiZodBody(recalcularRelatoriosSchema)
  async recalcular(@ZodBody(recalcularRelatoriosSchema) body: RecalcularRelatorios, @Res({ passthrough: true }) res: Response) {
    const recalculo = await this.relatorios.solicitarRecalculo(body.de, body.ate);
    if (recalculo.estado !== 'concluido') res.status(202);
    return recalculo;
  }

  @Get('recalcular/:id')
  @ApiOperation({ summary: 'Progresso de um recálculo: estado, dias concluídos de dias, erro' })
  statusRecalculo(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => RelatorioException.idInvalido() })) id: string) {
    return this.relatorios.statusRecalculo(id);
  }
}
