import { Module } from '@nestjs/common';
import { UsuariosModule } from '../../usuarios/usuarios.module.js';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { DistribuicaoModule } from '../distribuicao/distribuicao.module.js';
import { FilasModule } from '../filas/filas.module.js';
import { AtendenteController } from './atendente.controller.js';
import { AtendenteRepository } from './atendente.repository.js';
import { AtendenteService } from './atendente.service.js';

@Module({
  imports: [UsuariosModule, FilasModule, DistribuicaoModule, RealtimeModule],
  controllers: [AtendenteController],
  providers: [AtendenteRepository, AtendenteService],
  exports: [AtendenteRepository, AtendenteService],
})
export class AtendentesModule {}
