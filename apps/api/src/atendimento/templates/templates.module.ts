import { Module } from '@nestjs/common';
import { EmpresasModule } from '../../empresas/empresas.module.js';
import { TemplateController } from './template.controller.js';
import { TemplateRepository } from './template.repository.js';
import { TemplateService } from './template.service.js';

@Module({
  imports: [EmpresasModule],
  controllers: [TemplateController],
  providers: [TemplateRepository, TemplateService],
  exports: [TemplateService],
})
export class TemplatesModule {}
