import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ListarEventosEntradaQuery, listarEventosEntradaQuerySchema } from '@atende/shared';
import { Papeis } from '../../auth/auth.decorators.js';
import { ApiZodQuery, ZodQuery } from '../../common/zod-api.decorators.js';
import { EventoEntradaService } from './evento-entrada.service.js';

@ApiTags('eventos-entrada')
@ApiBearerAuth()
@Papeis('admin')
@Controller('atendimento/eventos-entrada')
export class EventoEntradaController {
  constructor(private readonly eventos: EventoEntradaService) {}

  @Get()
  @ApiOperation({
    summary: 'Eventos recebidos pelos webhooks (mais novos primeiro)',
    description: 'Filtre por status=falhou para ver os que esgotaram as tentativas e podem ser reprocessados.',
  })
  @ApiZodQuery(listarEventosEntradaQuerySchema)
  listar(@ZodQuery(listarEventosEntradaQuerySchema) query: ListarEventosEntradaQuery) {
    return this.eventos.listar(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Um evento recebido, com o corpo original e o último erro' })
  buscar(@Param('id', ParseUUIDPipe) id: string) {
    return this.eventos.buscar(id);
  }

  @Post(':id/reprocessar')
  @HttpCode(202)
  @ApiOperation({ summary: 'Reprocessar um evento que falhou (ou foi ignorado): volta para a fila de processamento' })
  reprocessar(@Param('id', ParseUUIDPipe) id: string) {
    return this.eventos.reprocessar(id);
  }
}
