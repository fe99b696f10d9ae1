import {
  type AtendenteDto,
  type MensagemDto,
  type RealtimeServerToClientEvents,
  type TicketDto,
  realtimeDesdeRespostaSchema,
} from '@atende/shared';
import { notifications } from '@mantine/notifications';
import type { QueryClient } from '@tanstack/react-query';
import { Fragment, type MouseEvent, createElement } from 'react';
import { api } from '../../../lib/api.js';
import { i18n } from '../../../lib/i18n.js';
import { useRealtimeStore } from '../../../lib/realtime-store.js';
import { aoConectarRealtime, conectarRealtime, definirCursorRealtime, ouvirRealtime } from '../../../lib/socket.js';
import { atendimentoKeys } from '../api/query-keys.js';
import { notificar, tocarSom } from './alertas.js';
import { aplicarMensagem, aplicarTicket, removerTicket } from './cache.js';
import { ticketEmCache } from './ticket-em-cache.js';
import { DIGITANDO_EXPIRA_MS, useDigitandoStore } from './digitando-store.js';
import { estaVendoTicket } from './ticket-aberto-store.js';

function meuAtendenteId(queryClient: QueryClient): string | null {
  return (
    useRealtimeStore.getState().sessao?.atendenteId ??
    queryClient.getQueryData<AtendenteDto | null>(atendimentoKeys.meuAtendente())?.id ??
    null
  );
}

/** New work for me: a ticket waiting in my filas (unassigned) or assigned to me. Supervisors are not paged. */
function ehTrabalhoMeu(ticket: TicketDto, meuId: string | null): boolean {
  if (meuId === null) return false;
  return ticket.atendente === null ? ticket.status === 'aberto' : ticket.atendente.id === meuId;
}

function nomeDoContato(ticket: TicketDto | undefined): string {
  return ticket?.contato.nome ?? ticket?.contato.telefone ?? ticket?.contato.email ?? ticket?.codigo ?? '';
}

/** Invalidates what a reconnection without recovery may have missed when the catch-up cannot fill it in. */
function recarregarTudo(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: atendimentoKeys.tickets() });
  void queryClient.invalidateQueries({ queryKey: ['atendimento', 'mensagens'] });
}

async function recuperar(queryClient: QueryClient, cursor: string | null): Promise<void> {
  if (cursor === null) {
    recarregarTudo(queryClient);
    return;
  }
  try {
    const resposta = await api.get('/atendimento/realtime/desde', {
      query: { cursor },
      schema: realtimeDesdeRespostaSchema,
      silent: true,
    });
    if (!resposta.completo) {
      recarregarTudo(queryClient);
    } else {
      const meuId = meuAtendenteId(queryClient);
      for (const mensagem of resposta.mensagens) {
        aplicarMensagem(queryClient, mensagem, { nova: true, lidaAgora: estaVendoTicket(mensagem.ticketId) });
      }
      // Tickets last: they carry the authoritative counters and previews.
      for (const ticket of resposta.tickets) aplicarTicket(queryClient, ticket, meuId);
      for (const ticketId of resposta.ticketsRemovidos) removerTicket(queryClient, ticketId);
    }
    definirCursorRealtime(resposta.cursor);
  } catch {
    recarregarTudo(queryClient);
  }
}

/** Where the churn alert leads: the supervisors' list of contatos at risk. */
const LISTA_RISCO_CHURN = '/atendimento/relatorios/risco-churn';

export interface DependenciasDaSincronizacao {
  /** Opens a ticket (clicking a browser notification). */
  navegar: (caminho: string) => void;
}

/**
 * Connects the socket and applies its events to the query caches: lists and conversations update in place,
 * typing shows, and new work rings (sound + browser notification). Returns what stops listening. Loaded after
 * the first paint (the list does not wait for it).
 */
export function iniciarSincronizacao(queryClient: QueryClient, { navegar }: DependenciasDaSincronizacao): () => void {
  void conectarRealtime();

  const abrir = (ticketId: string) => () => navegar(`/atendimento/tickets/${ticketId}`);

  const aoTicketNovo: RealtimeServerToClientEvents['ticket:novo'] = ({ ticket }) => {
    const meuId = meuAtendenteId(queryClient);
    aplicarTicket(queryClient, ticket, meuId);
    if (ehTrabalhoMeu(ticket, meuId)) {
      tocarSom();
      notificar(
        i18n.t('alertas.novoTicket', { codigo: ticket.codigo }),
        nomeDoContato(ticket),
        `ticket-${ticket.id}`,
        abrir(ticket.id),
      );
    }
  };
  const aoTicketAtualizado: RealtimeServerToClientEvents['ticket:atualizado'] = ({ ticket, atendenteAnteriorId }) => {
    const meuId = meuAtendenteId(queryClient);
    aplicarTicket(queryClient, ticket, meuId);
    const chegouParaMim = meuId !== null && ticket.atendente?.id === meuId && atendenteAnteriorId !== meuId;
    if (chegouParaMim) {
      tocarSom();
      notificar(
        i18n.t('alertas.ticketAtribuido', { codigo: ticket.codigo }),
        nomeDoContato(ticket),
        `ticket-${ticket.id}`,
        abrir(ticket.id),
      );
    }
  };
  const aoTicketRemovido: RealtimeServerToClientEvents['ticket:removido'] = ({ ticketId }) =>
    removerTicket(queryClient, ticketId);
  const aoMensagemNova: RealtimeServerToClientEvents['mensagem:nova'] = ({ mensagem }) => {
    const vendo = estaVendoTicket(mensagem.ticketId);
    aplicarMensagem(queryClient, mensagem, { nova: true, lidaAgora: vendo });
    avisarMensagem(mensagem, vendo);
  };
  const aoMensagemStatus: RealtimeServerToClientEvents['mensagem:status'] = ({ mensagem }) =>
    aplicarMensagem(queryClient, mensagem, { nova: false, lidaAgora: false });
  const aoDigitando: RealtimeServerToClientEvents['digitando'] = (evento) => useDigitandoStore.getState().registrar(evento);
  // Sent to supervisors only: a contato's churn risk crossed the empresa's threshold. The reasons say why.
  const aoContatoChurn: RealtimeServerToClientEvents['contato:churn'] = ({ contatoId, nome, score, motivos }) => {
    const titulo = i18n.t('alertas.churn', { nome: nome ?? i18n.t('alertas.churnSemNome'), score });
    const motivo = motivos.slice(0, 3).join(' · ');
    const id = `churn-${contatoId}`;
    const verLista = () => navegar(LISTA_RISCO_CHURN);
    // A real link (keyboard, middle click) that navigates inside the app on a plain click.
    const link = createElement(
      'a',
      {
        href: LISTA_RISCO_CHURN,
        style: { fontSize: 'var(--mantine-font-size-sm)', color: 'var(--mantine-color-anchor)' },
        onClick: (evento: MouseEvent<HTMLAnchorElement>) => {
          if (evento.metaKey || evento.ctrlKey || evento.shiftKey || evento.button !== 0) return;
          evento.preventDefault();
          notifications.hide(id);
          verLista();
        },
      },
      i18n.t('alertas.churnVerLista'),
    );
    const mensagem = createElement(Fragment, null, createElement('span', { style: { display: 'block' } }, motivo), link);
    notifications.show({ id, color: 'orange', title: titulo, message: mensagem, autoClose: 12_000 });
    notificar(titulo, motivo, id, verLista);
  };
  const aoAtendenteStatus: RealtimeServerToClientEvents['atendente:status'] = (evento) => {
    queryClient.setQueryData<AtendenteDto | null>(atendimentoKeys.meuAtendente(), (atual) =>
      atual && atual.id === evento.atendenteId ? { ...atual, status: evento.status, statusEm: evento.em } : atual,
    );
    queryClient.setQueryData<AtendenteDto[]>(atendimentoKeys.atendentes(), (lista) =>
      lista?.map((a) => (a.id === evento.atendenteId ? { ...a, status: evento.status, statusEm: evento.em } : a)),
    );
  };

  function avisarMensagem(mensagem: MensagemDto, vendo: boolean): void {
    if (mensagem.direcao !== 'recebida' || mensagem.privada || vendo) return;
    const ticket = ticketEmCache(queryClient, mensagem.ticketId);
    if (!ticket || !ehTrabalhoMeu(ticket, meuAtendenteId(queryClient))) return;
    tocarSom();
    notificar(
      i18n.t('alertas.novaMensagem', { nome: nomeDoContato(ticket) }),
      mensagem.conteudo ?? i18n.t(`mensagem.tipos.${mensagem.tipo}`),
      `mensagem-${mensagem.ticketId}`,
      abrir(mensagem.ticketId),
    );
  }

  const cancelar = [
    ouvirRealtime('ticket:novo', aoTicketNovo),
    ouvirRealtime('ticket:atualizado', aoTicketAtualizado),
    ouvirRealtime('ticket:removido', aoTicketRemovido),
    ouvirRealtime('mensagem:nova', aoMensagemNova),
    ouvirRealtime('mensagem:status', aoMensagemStatus),
    ouvirRealtime('digitando', aoDigitando),
    ouvirRealtime('atendente:status', aoAtendenteStatus),
    ouvirRealtime('contato:churn', aoContatoChurn),
  ];

  const pararDeOuvir = aoConectarRealtime((sessao, info) => {
    if (info.reconexao && !sessao.recuperado) void recuperar(queryClient, info.cursorAnterior);
  });
  const expiracao = setInterval(() => useDigitandoStore.getState().expirar(), DIGITANDO_EXPIRA_MS / 3);

  return () => {
    for (const parar of cancelar) parar();
    pararDeOuvir();
    clearInterval(expiracao);
  };
}
