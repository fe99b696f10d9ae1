import type { TicketDto, TicketEventoDto } from '@atende/shared';
import type { TicketEventoLinha } from './ticket-evento.repository.js';
import type { TicketLinha } from './ticket.repository.js';

const iso = (data: Date | null): string | null => data?.toISOString() ?? null;

export function codigoDoTicket(numero: number): string {
  return `#${numero}`;
}

export function toTicketDto(linha: TicketLinha): TicketDto {
  return {
    id: linha.id,
    numero: linha.numero,
    codigo: codigoDoTicket(linha.numero),
    status: linha.status,
    prioridade: linha.prioridade,
    assunto: linha.assunto,
    contato: {
      id: linha.contato_id,
      nome: linha.contato_nome,
      telefone: linha.contato_telefone,
      email: linha.contato_email,
      avatarUrl: linha.contato_avatar_url,
    },
    canal:
      linha.canal_id && linha.canal_tipo && linha.canal_nome !== null
        ? { id: linha.canal_id, tipo: linha.canal_tipo as NonNullable<TicketDto['canal']>['tipo'], nome: linha.canal_nome }
        : null,
    fila:
      linha.fila_id && linha.fila_nome !== null
        ? { id: linha.fila_id, nome: linha.fila_nome, cor: linha.fila_cor ?? '#2563eb' }
        : null,
    atendente:
      linha.atendente_id && linha.atendente_nome !== null && linha.atendente_usuario_id
        ? { id: linha.atendente_id, nome: linha.atendente_nome, usuarioId: linha.atendente_usuario_id }
        : null,
    tags: linha.tags.map((tag) => ({ id: tag.id, nome: tag.nome, cor: tag.cor })),
    naoLidas: linha.nao_lidas,
    ultimaMensagem: linha.ultima_mensagem_em
      ? {
          id: linha.ultima_mensagem_id,
          resumo: linha.ultima_mensagem_resumo,
          em: linha.ultima_mensagem_em.toISOString(),
          direcao: linha.ultima_mensagem_direcao as 'recebida' | 'enviada' | null,
          tipo: linha.ultima_mensagem_tipo,
          status: linha.ultima_mensagem_status,
        }
      : null,
    ultimaAtividadeEm: linha.ultima_atividade_em.toISOString(),
    ultimaMensagemClienteEm: iso(linha.ultima_mensagem_cliente_em),
    entrouNaFilaEm: iso(linha.entrou_na_fila_em),
    atribuidoEm: iso(linha.atribuido_em),
    primeiraRespostaEm: iso(linha.primeira_resposta_em),
    resolvidoEm: iso(linha.resolvido_em),
    fechadoEm: iso(linha.fechado_em),
    reabertoEm: iso(linha.reaberto_em),
    reaberturas: linha.reaberturas,
    avaliacao:
      linha.avaliacao_nota !== null && linha.avaliado_em
        ? { nota: linha.avaliacao_nota, comentario: linha.avaliacao_comentario, em: linha.avaliado_em.toISOString() }
        : null,
    sla: {
      politicaId: linha.sla_politica_id,
      primeiraRespostaPrazo: iso(linha.sla_primeira_resposta_prazo),
      proximaRespostaPrazo: iso(linha.sla_proxima_resposta_prazo),
      resolucaoPrazo: iso(linha.sla_resolucao_prazo),
      primeiraRespostaViolado: linha.sla_primeira_resposta_violado,
      proximaRespostaViolado: linha.sla_proxima_resposta_violado,
      resolucaoViolado: linha.sla_resolucao_violado,
      pausadoEm: iso(linha.sla_pausado_em),
    },
    sentimento: linha.sentimento_score !== null ? { score: linha.sentimento_score, rotulo: linha.sentimento_rotulo } : null,
    intencao: linha.intencao,
    categoria: linha.categoria,
    botAtivo: linha.bot_ativo,
    origemTicketId: linha.origem_ticket_id,
    criadoEm: linha.criado_em.toISOString(),
    atualizadoEm: linha.atualizado_em.toISOString(),
  };
}

export function toTicketEventoDto(linha: TicketEventoLinha): TicketEventoDto {
  return {
    id: linha.id,
    tipo: linha.tipo,
    ator: linha.ator,
    usuarioId: linha.usuario_id,
    usuarioNome: linha.usuario_nome,
    deStatus: linha.de_status,
    paraStatus: linha.para_status,
    deAtendenteId: linha.de_atendente_id,
    paraAtendenteId: linha.para_atendente_id,
    deFilaId: linha.de_fila_id,
    paraFilaId: linha.para_fila_id,
    mensagemId: linha.mensagem_id,
    motivo: linha.motivo,
    dados: linha.dados,
    ocorridoEm: linha.ocorrido_em.toISOString(),
  };
}
