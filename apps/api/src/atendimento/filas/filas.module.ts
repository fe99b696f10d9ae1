import { Module } from '@nestjs/common';
import { DistribuicaoModule } from '../distribuicao/distribuicao.module.js';
import { FilaController } from './fila.controller.js';
import { FilaMembroRepository } from './fila-membro.repository.js';
import { FilaRepository } from './fila.repository.js';
import { FilaService } from './fila.service.js';

@Module({
  imports: [DistribuicaoModule],
  controllers: [FilaController],
  providers: [FilaRepository, FilaMembroRepository, FilaService],
  exports: [FilaRepository, FilaMembroRepository, FilaService],
})
export class FilasModule {}
