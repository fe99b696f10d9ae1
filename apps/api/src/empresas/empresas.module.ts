import { Module } from '@nestjs/common';
import { EmpresaRepository } from './empresa.repository.js';

@Module({
  providers: [EmpresaRepository],
  exports: [EmpresaRepository],
})
export class EmpresasModule {}
