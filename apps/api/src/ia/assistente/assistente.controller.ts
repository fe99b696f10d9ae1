import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AtorAtual } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { IaException } from '../ia.exception.js';
import { AssistenteService } from './assistente.service.js';

const idDoTicket = new ParseUUIDPipe({ exceptionFactory: () => IaException.idInvalido('id') });

@ApiTags('ia')
@ApiBearerAuth()
@Controller('atendimento/tickets')
export class AssistenteController {
  constructor(private readonly assistente: AssistenteService) {}

  @Get(':id/sugestoes')
  @ApiOperation({ summary: 'Até 3 rascunhos de resposta baseados na base de conhecimento e em atendimentos resolvidos' })
  sugestoes(@Param('id', idDoTicket) id: string, @AtorAtual() ator: Ator) {
    return this.assistente.sugestoes(id, ator);
  }

  @Post(':id/resumo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Gerar (e guardar no ticket) um resumo da conversa' })
  resumir(@Param('id', idDoTicket) id: string, @AtorAtual() ator: Ator) {
    return this.assistente.resumir(id, ator);
  }
}
