import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AtendentesModule } from './atendimento/atendentes/atendentes.module.js';
import { ContatosModule } from './atendimento/contatos/contatos.module.js';
import { DistribuicaoModule } from './atendimento/distribuicao/distribuicao.module.js';
import { FilasModule } from './atendimento/filas/filas.module.js';
import { MensagensModule } from './atendimento/mensagens/mensagens.module.js';
import { TagsModule } from './atendimento/tags/tags.module.js';
import { TemplatesModule } from './atendimento/templates/templates.module.js';
import { TicketsModule } from './atendimento/tickets/tickets.module.js';
import { SlaModule } from './atendimento/sla/sla.module.js';
import { RelatoriosModule } from './atendimento/relatorios/relatorios.module.js';
import { AgendadasModule } from './atendimento/agendadas/agendadas.module.js';
import { CsatModule } from './atendimento/csat/csat.module.js';
import { WorkflowsModule } from './atendimento/workflows/workflows.module.js';
import { AutomacoesModule } from './atendimento/automacoes/automacoes.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CanaisModule } from './canais/canais.module.js';
import { EmailModule } from './canais/email/email.module.js';
import { InboundModule } from './canais/inbound/inbound.module.js';
import { OutboundModule } from './canais/outbound/outbound.module.js';
import { WebchatModule } from './canais/webchat/webchat.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { LoggingModule } from './common/logging.module.js';
import { RequestContextMiddleware } from './common/request-context.middleware.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EventosModule } from './eventos/eventos-dominio.js';
import { HealthModule } from './health/health.module.js';
import { IaModule } from './ia/ia.module.js';
import { ChurnModule } from './ia/churn/churn.module.js';
import { RagModule } from './ia/rag/rag.module.js';
import { TranscricaoModule } from './ia/transcricao/transcricao.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { StorageModule } from './storage/storage.module.js';
import { UsuariosModule } from './usuarios/usuarios.module.js';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    JobsModule,
    EventosModule,
    StorageModule,
    AuthModule,
    UsuariosModule,
    HealthModule,
    // Before ContatosModule: Express matches in registration order, and its GET contatos/:id would take
    // GET contatos/risco-churn (and answer 400 for a non-uuid id).
    ChurnModule,
    ContatosModule,
    TagsModule,
    TemplatesModule,
    FilasModule,
    AtendentesModule,
    DistribuicaoModule,
    TicketsModule,
    SlaModule,
    RelatoriosModule,
    AgendadasModule,
    CsatModule,
    WorkflowsModule,
    AutomacoesModule,
    MensagensModule,
    CanaisModule,
    InboundModule,
    EmailModule,
    OutboundModule,
    WebchatModule,
    RealtimeModule,
    IaModule,
    RagModule,
    TranscricaoModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('*path');
  }
}
