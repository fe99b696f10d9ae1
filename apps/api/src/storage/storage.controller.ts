import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AtorAtual, Publico } from '../auth/auth.decorators.js';
import type { Ator } from '../common/request-context.js';
import { LinkPublicoDeAnexoService } from './link-publico-de-anexo.service.js';
import { StorageService } from './storage.service.js';
import { StorageException } from './storage.exception.js';

@ApiTags('anexos')
@ApiBearerAuth()
@Controller('atendimento/anexos')
export class StorageController {
  constructor(
    private readonly storage: StorageService,
    private readonly links: LinkPublicoDeAnexoService,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Baixa o arquivo de um anexo',
    description:
      'Com o Content-Type do arquivo e o nome em Content-Disposition (inline para imagens, áudio, vídeo e PDF). Atendentes só baixam anexos de tickets que podem ver.',
  })
  @ApiProduces('application/octet-stream')
  baixar(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => StorageException.idInvalido() })) id: string,
    @AtorAtual() ator: Ator,
  ) {
    return this.storage.baixar(id, ator);
  }

  @Publico()
  @Get('publico/:token/:nome')
  @ApiOperation({
    summary: 'Baixa um anexo por link assinado, sem login',
    description:
      'Para provedores que só recebem mídia por URL (Twilio, Instagram): o link vale 24 h para um único anexo. Token alterado, de outro anexo ou vencido: 404.',
  })
  @ApiProduces('application/octet-stream')
  baixarPorLink(@Param('token') token: string) {
    return this.links.baixar(token);
  }
}
