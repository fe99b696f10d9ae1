import { ActionIcon, Box, Button, CloseButton, EmptyState, Group, Loader, Popover, Skeleton, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilter, IconInbox, IconSearch } from '@tabler/icons-react';
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_ABAS, type TicketAba, type TicketListaFiltros } from '../../api/tickets-api.js';
import { useAgora } from '../../hooks/useAgora.js';
import { useJanelaVirtual } from '../../hooks/useJanelaVirtual.js';
import { useMeuAtendente, useVeTodos } from '../../hooks/useAtendentes.js';
import { contarFiltros, useInboxFiltrosStore } from '../../hooks/useInboxFiltros.js';
import { useTicketLista } from '../../hooks/useTicketLista.js';
import { TicketItem } from './TicketItem.js';
import classes from './TicketItem.module.css';

/** Every row has this height (TicketItem.module.css), so the list can be windowed without measuring. */
const ALTURA_DA_LINHA_REM = 5.75;

// The filters (selects, comboboxes) load when the popover first opens, not with the list.
const TicketFiltros = lazy(async () => ({ default: (await import('./TicketFiltros.js')).TicketFiltros }));

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

  const janela = useJanelaVirtual(tickets.length, ALTURA_DA_LINHA_REM);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = lista;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && janela.fim >= tickets.length - 5) void fetchNextPage();
  }, [janela.fim, tickets.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

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
              <Tooltip label={t('filtros.titulo')} withinPortal>
                <ActionIcon
                  variant={quantosFiltros > 0 ? 'light' : 'default'}
                  size="lg"
                  aria-label={quantosFiltros > 0 ? t('filtros.abrir', { count: quantosFiltros }) : t('filtros.titulo')}
                  pos="relative"
                >
                  <IconFilter size={18} aria-hidden="true" />
                  {quantosFiltros > 0 ? (
                    <Text component="span" size="10px" fw={700} c="white" bg="var(--mantine-primary-color-filled)" className={classes.contador} aria-hidden="true">
                      {quantosFiltros}
                    </Text>
                  ) : null}
                </ActionIcon>
              </Tooltip>
            </Popover.Target>
            <Popover.Dropdown>
              <Suspense fallback={<Loader size="sm" aria-label={t('app.loading')} m="md" />}>
                <TicketFiltros aba={aba} filtros={filtros} veTodos={veTodos} onChange={setFiltros} onLimpar={limparFiltros} />
              </Suspense>
            </Popover.Dropdown>
          </Popover>
        </Group>
      </Box>
      <Box
        ref={janela.ref}
        onScroll={janela.handleScroll}
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
            <ul style={{ height: janela.alturaTotal, position: 'relative', listStyle: 'none', margin: 0, padding: 0 }}>
              {tickets.slice(janela.inicio, janela.fim).map((ticket, posicao) => (
                <li
                  key={ticket.id}
                  style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${(janela.inicio + posicao) * janela.alturaItem}px)` }}
                >
                  <TicketItem ticket={ticket} selecionado={ticket.id === ticketSelecionadoId} agora={agora} />
                </li>
              ))}
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
