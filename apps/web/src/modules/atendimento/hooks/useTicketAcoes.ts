import type { TicketDto, TicketPrioridadeDto, TicketStatusDto, TransferirTicket } from '@atende/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRealtimeStore } from '../../../lib/realtime-store.js';
import { atendimentoKeys } from '../api/query-keys.js';
import {
  alterarStatusTicket,
  aplicarTagNoTicket,
  atribuirTicket,
  atualizarTicket,
  reabrirTicket,
  removerTagDoTicket,
  resolverTicket,
  transferirTicket,
} from '../api/tickets-api.js';
import { aplicarTicket } from '../realtime/cache.js';
import { ticketEmCache } from '../realtime/ticket-em-cache.js';
import { useMeuAtendente } from './useAtendentes.js';

/** The action bar's mutations. Each answer is applied to every cached list at once (the socket echo is a no-op). */
export function useTicketAcoes(ticketId: string) {
  const queryClient = useQueryClient();
  const meu = useMeuAtendente();
  const aplicar = (ticket: TicketDto) =>
    aplicarTicket(queryClient, ticket, useRealtimeStore.getState().sessao?.atendenteId ?? meu.data?.id ?? null);

  const atribuir = useMutation({ mutationFn: (atendenteId?: string) => atribuirTicket(ticketId, atendenteId), onSuccess: aplicar });
  const transferir = useMutation({ mutationFn: (body: TransferirTicket) => transferirTicket(ticketId, body), onSuccess: aplicar });
  const resolver = useMutation({ mutationFn: (motivo?: string) => resolverTicket(ticketId, motivo), onSuccess: aplicar });
  const reabrir = useMutation({ mutationFn: (motivo?: string) => reabrirTicket(ticketId, motivo), onSuccess: aplicar });
  const status = useMutation({ mutationFn: (novo: TicketStatusDto) => alterarStatusTicket(ticketId, novo), onSuccess: aplicar });
  const prioridade = useMutation({
    mutationFn: (valor: TicketPrioridadeDto) => atualizarTicket(ticketId, { prioridade: valor }),
    onSuccess: aplicar,
  });

  const definirTags = (tags: TicketDto['tags']) => {
    const atual = ticketEmCache(queryClient, ticketId);
    if (atual) aplicar({ ...atual, tags });
  };
  const adicionarTag = useMutation({
    mutationFn: (tagId: string) => aplicarTagNoTicket(ticketId, tagId),
    onSuccess: (resposta) => definirTags(resposta.tags.map(({ id, nome, cor }) => ({ id, nome, cor }))),
  });
  const removerTag = useMutation({
    mutationFn: (tagId: string) => removerTagDoTicket(ticketId, tagId).then(() => tagId),
    onSuccess: (tagId) => {
      const atual = ticketEmCache(queryClient, ticketId);
      if (atual) definirTags(atual.tags.filter((tag) => tag.id !== tagId));
    },
  });

  const ocupado =
    atribuir.isPending || transferir.isPending || resolver.isPending || reabrir.isPending || status.isPending || prioridade.isPending;

  return { atribuir, transferir, resolver, reabrir, status, prioridade, adicionarTag, removerTag, ocupado, invalidar: () => queryClient.invalidateQueries({ queryKey: atendimentoKeys.ticket(ticketId) }) };
}
