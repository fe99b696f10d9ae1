import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AtualizarConfiguracaoCsat, atualizarConfiguracaoCsatSchema } from '@atende/shared';
import { Papeis } from '../../auth/auth.decorators.js';
import { ApiZodBody, ZodBody } from '../../common/zod-api.decorators.js';
import { CsatService } from './csat.service.js';

@ApiTags('csat')
@ApiBearerAuth()
@Controller('atendimento/csat')
@Papeis('supervisor', 'admin')
export class CsatController {
  constructor(private readonly csat: CsatService) {}

  @Get('configuracao')
  @ApiOperation({ summary: 'Pesquisa de satisfação da empresa: ligada, texto, atraso após a resolução, janela de resposta' })
  configuracao() {
    return this.csat.configuracao();
  }

  @Put('configuracao')
  @Papeis('admin')
  @ApiOperation({ summary: 'Alterar a pesquisa de satisfação (campos omitidos mantêm o valor)' })
  @ApiZodBody(atualizarConfiguracaoCsatSchema)
  atualizar(@ZodBody(atualizarConfiguracaoCsatSchema) dto: AtualizarConfiguracaoCsat) {
    return this.csat.atualizarConfiguracao(dto);
  }

  @Post('tickets/:ticketId/enviar')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Enviar agora a pesquisa de satisfação de um ticket resolvido' })
  enviar(@Param('ticketId', ParseUUIDPipe) ticketId: string) {
    return this.csat.enviarManualmente(ticketId);
  }
}
