import { Atendente } from '../atendimento/atendentes/atendente.entity.js';
import { AtendenteFila } from '../atendimento/atendentes/atendente-fila.entity.js';
import { AtendentePresenca } from '../atendimento/atendentes/atendente-presenca.entity.js';
import { Automacao } from '../atendimento/automacoes/automacao.entity.js';
import { AutomacaoExecucao } from '../atendimento/automacoes/automacao-execucao.entity.js';
import { Contato } from '../atendimento/contatos/contato.entity.js';
import { ContatoIdentidade } from '../atendimento/contatos/contato-identidade.entity.js';
import { Fila } from '../atendimento/filas/fila.entity.js';
import { Mensagem } from '../atendimento/mensagens/mensagem.entity.js';
import { MensagemAgendada } from '../atendimento/mensagens/mensagem-agendada.entity.js';
import { Metrica } from '../atendimento/relatorios/metrica.entity.js';
import { RelatorioRecalculo } from '../atendimento/relatorios/relatorio-recalculo.entity.js';
import { Expediente } from '../atendimento/sla/expediente.entity.js';
import { ExpedienteVersao } from '../atendimento/sla/expediente-versao.entity.js';
import { Feriado } from '../atendimento/sla/feriado.entity.js';
import { SlaPolitica } from '../atendimento/sla/sla-politica.entity.js';
import { ContatoTag } from '../atendimento/tags/contato-tag.entity.js';
import { Tag } from '../atendimento/tags/tag.entity.js';
import { TicketTag } from '../atendimento/tags/ticket-tag.entity.js';
import { Template } from '../atendimento/templates/template.entity.js';
import { Ticket } from '../atendimento/tickets/ticket.entity.js';
import { TicketEvento } from '../atendimento/tickets/ticket-evento.entity.js';
import { Workflow } from '../atendimento/workflows/workflow.entity.js';
import { WorkflowEstado } from '../atendimento/workflows/workflow-estado.entity.js';
import { AuditLog } from '../audit/audit-log.entity.js';
import { AuthSessao } from '../auth/auth-sessao.entity.js';
import { Canal } from '../canais/canal.entity.js';
import { EventoEntrada } from '../canais/inbound/evento-entrada.entity.js';
import { EmailCursor } from '../canais/email/email-cursor.entity.js';
import { Envio } from '../canais/outbound/envio.entity.js';
import { Empresa } from '../empresas/empresa.entity.js';
import { Artigo } from '../ia/artigos/artigo.entity.js';
import { IaConfig } from '../ia/ia-config.entity.js';
import { IaLog } from '../ia/ia-log.entity.js';
import { Chunk } from '../ia/rag/chunk.entity.js';
import { Indexacao } from '../ia/rag/indexacao.entity.js';
import { Sentimento } from '../ia/sentimento.entity.js';
import { Anexo } from '../storage/anexo.entity.js';
import { Usuario } from '../usuarios/usuario.entity.js';

/** Every entity, one per table (the schema test checks both directions). */
export const ENTITIES = [
  Empresa,
  Usuario,
  AuthSessao,
  Expediente,
  ExpedienteVersao,
  Feriado,
  SlaPolitica,
  Fila,
  Canal,
  Contato,
  ContatoIdentidade,
  Atendente,
  AtendenteFila,
  AtendentePresenca,
  Template,
  Tag,
  Ticket,
  TicketEvento,
  Mensagem,
  Anexo,
  TicketTag,
  ContatoTag,
  MensagemAgendada,
  Automacao,
  AutomacaoExecucao,
  Workflow,
  WorkflowEstado,
  Metrica,
  RelatorioRecalculo,
  IaConfig,
  IaLog,
  Sentimento,
  Artigo,
  Chunk,
  Indexacao,
  EventoEntrada,
  Envio,
  EmailCursor,
  AuditLog,
];
