import { ActionIcon, Box, Button, CloseButton, EmptyState, Group, Indicator, Loader, Popover, Skeleton, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilter, IconInbox, IconSearch } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_ABAS, type TicketAba, type TicketListaFiltros } from '../../api/tickets-api.js';
import { useAgora } from '../../hooks/useAgora.js';
import { useMeuAtendente, useVeTodos } from '../../hooks/useCatalogos.js';
import { contarFiltros, useInboxFiltrosStore } from '../../hooks/useInboxFiltros.js';
import { useTicketLista } from '../../hooks/useTicketLista.js';
import { TicketFiltros } from './TicketFiltros.js';
import { TicketItem } from './TicketItem.js';

const ALTURA_ESTIMADA = 92;

/** The tab shown when none was chosen yet: an atendente's own tickets, everyone's for supervisors and admins. */
export function useAbaAtual(): { aba: TicketAba; abas: readonly TicketAba[] } {
  const veTodos = useVeTodos();
  const meu = useMeuAtendente();
  const escolhida = useInboxFiltrosStore((state) => state.aba);
  const abas: readonly TicketAba[] = veTodos ? TICKET_ABAS : TICKET_ABAS.filter((aba) => aba !== 'todos');
  const padrao: TicketAba = veTodos && meu.data === null ? 'todos' : 'meus';
  return { aba: escolhida && abas.includes(escolhida) ? escolhida : padrao, abas };
}

function ListaSkeleton() {
  return (
    <Stack gap={0} aria-hidden="true">
      {Array.from({ length: 7 }, (_, indice) => (
        <Group key={indice} gap="sm" p="sm" wrap="nowrap" align="flex-start">
          <Skeleton circle height={40} />
          <Stack gap={6} style={{ flex: 1 }}>
            <Skeleton height={12} width="60%" />
            <Skeleton height={10} width="90%" />
            <Skeleton height={8} width="40%" />
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

interface TicketListaPaneProps {
  ticketSelecionadoId: string | null;
  onListaMudou?: (ids: string[]) => void;
}

/** Tabs, search, filters and the virtualized, infinitely scrolling list of tickets. */
export function TicketListaPane({ ticketSelecionadoId, onListaMudou }: TicketListaPaneProps) {
  const { t } = useTranslation();
  const { aba, abas } = useAbaAtual();
  const veTodos = useVeTodos();
  const meu = useMeuAtendente();
  const { filtros, q, setAba, setFiltros, limparFiltros, setQ } = useInboxFiltrosStore();
  const [busca, setBusca] = useState(q);
  const [buscaDebounced] = useDebouncedValue(busca, 300);
  const agora = useAgora();

  useEffect(() => setQ(buscaDebounced), [buscaDebounced, setQ]);

  const consulta: TicketListaFiltros = useMemo(() => ({ aba, ...filtros, q: buscaDebounced.trim() }), [aba, filtros, buscaDebounced]);
  const lista = useTicketLista(consulta);
  const tickets = useMemo(() => lista.data?.pages.flatMap((page) => page.items) ?? [], [lista.data]);
  const quantosFiltros = contarFiltros(filtros);

  useEffect(() => onListaMudou?.(tickets.map((ticket) => ticket.id)), [tickets, onListaMudou]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ALTURA_ESTIMADA,
    overscan: 6,
    getItemKey: (indice) => tickets[indice]?.id ?? indice,
  });
  const itens = virtualizer.getVirtualItems();
  const ultimoVisivel = itens[itens.length - 1]?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = lista;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && ultimoVisivel >= tickets.length - 5) void fetchNextPage();
  }, [ultimoVisivel, tickets.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const semAtendente = aba === 'meus' && meu.data === null;
  const filtrando = quantosFiltros > 0 || consulta.q !== '';

  return (
    <Stack gap={0} h="100%" mih={0}>
      <Box px="sm" pt="sm">
        <Tabs value={aba} onChange={(valor) => valor && setAba(valor as TicketAba)} variant="pills" radius="xl">
          <Tabs.List grow aria-label={t('lista.abas')}>
            {abas.map((item) => (
              <Tabs.Tab key={item} value={item} fz="sm" px={8}>
                {t(`lista.aba.${item}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Group gap="xs" mt="sm" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            placeholder={t('lista.buscar')}
            aria-label={t('lista.buscar')}
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={busca}
            onChange={(event) => setBusca(event.currentTarget.value)}
            rightSection={busca ? <CloseButton size="sm" aria-label={t('lista.limparBusca')} onClick={() => setBusca('')} /> : null}
            type="search"
          />
          <Popover position="bottom-end" shadow="md" trapFocus withinPortal>
            <Popover.Target>
              <Indicator label={quantosFiltros} size={16} disabled={quantosFiltros === 0} offset={4}>
                <Tooltip label={t('filtros.titulo')} withinPortal>
                  <ActionIcon variant={quantosFiltros > 0 ? 'light' : 'default'} size="lg" aria-label={quantosFiltros > 0 ? t('filtros.abrir', { count: quantosFiltros }) : t('filtros.titulo')}>
                    <IconFilter size={18} aria-hidden="true" />
                  </ActionIcon>
                </Tooltip>
              </Indicator>
            </Popover.Target>
            <Popover.Dropdown>
              <TicketFiltros aba={aba} filtros={filtros} veTodos={veTodos} onChange={setFiltros} onLimpar={limparFiltros} />
            </Popover.Dropdown>
          </Popover>
        </Group>
      </Box>
      <Box
        ref={scrollRef}
        mt="sm"
        style={{ flex: 1, minHeight: 0, overflowY: 'auto', borderTop: '1px solid var(--mantine-color-default-border)' }}
        aria-busy={lista.isLoading}
      >
        {lista.isLoading ? (
          <ListaSkeleton />
        ) : lista.isError && tickets.length === 0 ? (
          <EmptyState
            mt="xl"
            icon={<IconInbox size={28} stroke={1.5} aria-hidden="true" />}
            title={t('lista.erro')}
            description={t('lista.erroDescricao')}
          >
            <Button variant="light" onClick={() => void lista.refetch()}>
              {t('acoes.tentarDeNovo')}
            </Button>
          </EmptyState>
        ) : tickets.length === 0 ? (
          <EmptyState
            mt="xl"
            px="md"
            icon={<IconInbox size={28} stroke={1.5} aria-hidden="true" />}
            withIndicatorBackground
            title={filtrando ? t('lista.vazio.filtrosTitulo') : semAtendente ? t('lista.vazio.semAtendenteTitulo') : t(`lista.vazio.${aba}Titulo`)}
            description={filtrando ? t('lista.vazio.filtros') : semAtendente ? t('lista.vazio.semAtendente') : t(`lista.vazio.${aba}`)}
          >
            {filtrando ? (
              <Button
                variant="light"
                onClick={() => {
                  limparFiltros();
                  setBusca('');
                }}
              >
                {t('filtros.limpar')}
              </Button>
            ) : null}
          </EmptyState>
        ) : (
          <nav aria-label={t('lista.rotulo', { aba: t(`lista.aba.${aba}`) })}>
            <ul style={{ height: virtualizer.getTotalSize(), position: 'relative', listStyle: 'none', margin: 0, padding: 0 }}>
              {itens.map((item) => {
                const ticket = tickets[item.index];
                if (!ticket) return null;
                return (
                  <li
                    key={item.key}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
                  >
                    <TicketItem ticket={ticket} selecionado={ticket.id === ticketSelecionadoId} agora={agora} />
                  </li>
                );
              })}
            </ul>
            {isFetchingNextPage ? (
              <Group justify="center" py="sm">
                <Loader size="sm" aria-label={t('app.loading')} />
              </Group>
            ) : null}
            {!hasNextPage && tickets.length > 10 ? (
              <Text size="xs" c="dimmed" ta="center" py="sm">
                {t('lista.fim')}
              </Text>
            ) : null}
          </nav>
        )}
      </Box>
    </Stack>
  );
}
