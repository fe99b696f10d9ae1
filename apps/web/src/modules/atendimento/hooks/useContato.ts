import type { AtualizarContato, ContatoDetalheDto } from '@atende/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { aplicarTagNoContato, atualizarContato, buscarContato, removerTagDoContato } from '../api/contatos-api.js';
import { atendimentoKeys } from '../api/query-keys.js';
import { ticketsDoContato } from '../api/tickets-api.js';

export function useContato(contatoId: string) {
  return useQuery({
    queryKey: atendimentoKeys.contato(contatoId),
    queryFn: ({ signal }) => buscarContato(contatoId, signal),
    staleTime: 60_000,
  });
}

/** The contato's tickets across every channel, newest first. */
export function useTicketsDoContato(contatoId: string) {
  return useInfiniteQuery({
    queryKey: atendimentoKeys.contatoTickets(contatoId),
    queryFn: ({ pageParam, signal }) => ticketsDoContato(contatoId, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (pagina) => pagina.nextCursor ?? undefined,
    staleTime: 60_000,
  });
}

export function useContatoAcoes(contatoId: string) {
  const queryClient = useQueryClient();
  const chave = atendimentoKeys.contato(contatoId);

  const atualizar = useMutation({
    mutationFn: (body: AtualizarContato) => atualizarContato(contatoId, body),
    onSuccess: (contato) => {
      queryClient.setQueryData<ContatoDetalheDto>(chave, contato);
      // Ticket cards show the contato's name: refresh them.
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.tickets() });
    },
  });

  const definirTags = (tags: ContatoDetalheDto['tags']) =>
    queryClient.setQueryData<ContatoDetalheDto>(chave, (atual) => (atual ? { ...atual, tags } : atual));

  const adicionarTag = useMutation({
    mutationFn: (tagId: string) => aplicarTagNoContato(contatoId, tagId),
    onSuccess: (resposta) => definirTags(resposta.tags),
  });
  const removerTag = useMutation({
    mutationFn: (tagId: string) => removerTagDoContato(contatoId, tagId).then(() => tagId),
    onSuccess: (tagId) => {
      const atual = queryClient.getQueryData<ContatoDetalheDto>(chave);
      if (atual) definirTags(atual.tags.filter((tag) => tag.id !== tagId));
    },
  });

  return { atualizar, adicionarTag, removerTag };
}
