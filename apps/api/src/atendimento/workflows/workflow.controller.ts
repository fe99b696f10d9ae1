import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AtualizarWorkflow, atualizarWorkflowSchema, type CriarWorkflow, criarWorkflowSchema } from '@atende/shared';
import { Papeis } from '../../auth/auth.decorators.js';
import { ApiZodBody, ZodBody } from '../../common/zod-api.decorators.js';
import { WorkflowService } from './workflow.service.js';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('atendimento/workflows')
@Papeis('supervisor', 'admin')
export class WorkflowController {
  constructor(private readonly workflows: WorkflowService) {}

  @Get()
  @ApiOperation({ summary: 'Workflows (bots de várias etapas) da empresa' })
  listar() {
    return this.workflows.listar();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Um workflow, com a definição' })
  buscar(@Param('id', ParseUUIDPipe) id: string) {
    return this.workflows.buscar(id);
  }

  @Post()
  @ApiOperation({ summary: 'Criar um workflow (o grafo de passos é validado: 400 nomeando o passo)' })
  @ApiZodBody(criarWorkflowSchema)
  criar(@ZodBody(criarWorkflowSchema) dto: CriarWorkflow) {
    return this.workflows.criar(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Alterar um workflow; nova definição incrementa a versão (conversas em andamento mantêm a delas)' })
  @ApiZodBody(atualizarWorkflowSchema)
  atualizar(@Param('id', ParseUUIDPipe) id: string, @ZodBody(atualizarWorkflowSchema) dto: AtualizarWorkflow) {
    return this.workflows.atualizar(id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remover um workflow' })
  remover(@Param('id', ParseUUIDPipe) id: string) {
    return this.workflows.remover(id);
  }
}
