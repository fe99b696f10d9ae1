import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AtorAtual } from '../auth/auth.decorators.js';
import type { Ator } from '../common/request-context.js';
import { StorageService } from './storage.service.js';
import { StorageException } from './storage.exception.js';

@ApiTags('anexos')
@ApiBearerAuth()
@Controller('atendimento/anexos')
export class StorageController {
  constructor(private readonly storage: StorageService) {}

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
}
