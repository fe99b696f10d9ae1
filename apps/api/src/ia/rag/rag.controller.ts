import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type IaTrechosQuery, iaTrechosQuerySchema } from '@atende/shared';
import { AtorAtual, Papeis } from '../../auth/auth.decorators.js';
import type { Ator } from '../../common/request-context.js';
import { ApiZodQuery, ZodQuery } from '../../common/zod-api.decorators.js';
import { IaException } from '../ia.exception.js';
import { IndexadorService } from './indexador.service.js';
import { RecuperacaoService } from './recuperacao.service.js';

const idDaIndexacao = new ParseUUIDPipe({ exceptionFactory: () => IaException.idInvalido('id') });

@ApiTags('ia')
@ApiBearerAuth()
@Controller('atendimento/ia')
export class RagController {
  constructor(
    private readonly indexador: IndexadorService,
    private readonly recuperacao: RecuperacaoService,
  ) {}

  @Post('reindexar')
  @Papeis('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Reindexar a base de conhecimento e os tickets resolvidos (admin): roda como job; devolve a execução com o progresso (a que já está em andamento, se houver)',
  })
  reindexar(@AtorAtual() ator: Ator) {
    return this.indexador.solicitar(ator);
  }

  @Get('reindexar')
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'A última reindexação e seu progresso (feitos/total); 404 se nunca houve uma' })
  async ultima() {
    const ultima = await this.indexador.ultima();
    if (!ultima) throw IaException.indexacaoNaoEncontrada();
    return ultima;
  }

  @Get('reindexar/:id')
  @Papeis('admin', 'supervisor')
  @ApiOperation({ summary: 'Uma reindexação e seu progresso (feitos/total)' })
  obter(@Param('id', idDaIndexacao) id: string) {
    return this.indexador.obter(id);
  }

  @Get('trechos')
  @ApiOperation({ summary: 'Busca híbrida (texto + vetores, fusão por posição recíproca) nos artigos e tickets resolvidos' })
  @ApiZodQuery(iaTrechosQuerySchema)
  trechos(@ZodQuery(iaTrechosQuerySchema) query: IaTrechosQuery, @AtorAtual() ator: Ator) {
    return this.recuperacao.buscar(ator.empresaId, query.q, query.limite);
  }
}
