import { Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AtualizarIaConfig, atualizarIaConfigSchema } from '@atende/shared';
import { Papeis } from '../auth/auth.decorators.js';
import { ApiZodBody, ZodBody } from '../common/zod-api.decorators.js';
import { IaConfigService } from './ia-config.service.js';

@ApiTags('ia')
@ApiBearerAuth()
@Papeis('admin')
@Controller('atendimento/ia/config')
export class IaConfigController {
  constructor(private readonly configs: IaConfigService) {}

  @Get()
  @ApiOperation({ summary: 'Configuração de IA da empresa (a chave vem mascarada) e o consumo do mês (admin)' })
  obter() {
    return this.configs.obter();
  }

  @Get('intencoes-padrao')
  @ApiOperation({
    summary: 'As intenções padrão com seus exemplos, para restaurar a lista (admin); PUT com intencoes null volta a segui-las',
  })
  intencoesPadrao() {
    return this.configs.intencoesPadrao();
  }

  @Put()
  @ApiOperation({ summary: 'Alterar a configuração de IA; campos omitidos ficam como estão, chave null remove a chave (admin)' })
  @ApiZodBody(atualizarIaConfigSchema)
  atualizar(@ZodBody(atualizarIaConfigSchema) dto: AtualizarIaConfig) {
    return this.configs.atualizar(dto);
  }
}
