import '../chat/estilos.js';
import { TICKET_PRIORIDADE_VALORES, type TicketDto, type TicketPrioridadeDto, type TicketStatusDto } from '@atende/shared';
import { Button, MultiSelect, Select, Stack } from '@mantine/core';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useUsuario } from '../../../auth/hooks/useAuth.js';
import { atendimentoKeys } from '../../api/query-keys.js';
import type { TicketsInfinitos } from '../../realtime/ticket-em-cache.js';
import { STATUS_DA_ABA, type TicketAba, type TicketListaFiltros } from '../../api/tickets-api.js';
import { useCanais, useFilas, useTags } from '../../hooks/useCatalogos.js';
import { useAtendentes } from '../../hooks/useAtendentes.js';

type Filtros = Omit<TicketListaFiltros, 'aba' | 'q'>;

interface TicketFiltrosProps {
  aba: TicketAba;
  filtros: Filtros;
  veTodos: boolean;
  onChange: (filtros: Partial<Filtros>) => void;
  onLimpar: () => void;
}

const SEM_FILA = 'nenhuma';

function canaisDosTickets(queryClient: QueryClient): NonNullable<TicketDto['canal']>[] {
  const porId = new Map<string, NonNullable<TicketDto['canal']>>();
  for (const [, dados] of queryClient.getQueriesData<TicketsInfinitos>({ queryKey: atendimentoKeys.ticketListas() })) {
    for (const ticket of dados?.pages.flatMap((page) => page.items) ?? []) if (ticket.canal) porId.set(ticket.canal.id, ticket.canal);
  }
  return [...porId.values()].sort((a, b) => a.nome.localeCompare(b.nome));
}
const SEM_ATENDENTE = 'nenhum';

/** The list's filters: status (within the tab), fila, canal, tag, agent (supervisors), prioridade. */
export function TicketFiltros({ aba, filtros, veTodos, onChange, onLimpar }: TicketFiltrosProps) {
  const { t } = useTranslation();
  const filas = useFilas();
  const admin = useUsuario()?.papel === 'admin';
  // GET /canais is for admins; the others pick among the canais of the tickets they can see.
  const canais = useCanais(admin);
  const queryClient = useQueryClient();
  const opcoesDeCanal = admin
    ? (canais.data ?? []).map((canal) => ({ value: canal.id, label: `${canal.nome} (${t(`canal.tipos.${canal.tipo}`)})` }))
    : canaisDosTickets(queryClient).map((canal) => ({ value: canal.id, label: `${canal.nome} (${t(`canal.tipos.${canal.tipo}`)})` }));
  const tags = useTags();
  const mostraAtendente = veTodos && (aba === 'todos' || aba === 'resolvidos');
  const atendentes = useAtendentes(mostraAtendente);
  // Inside the popover: the dropdowns must not be portalled, or a click in them would close the popover.
  const combobox = { withinPortal: false } as const;

  return (
    <Stack gap="sm" w={280}>
      <MultiSelect
        label={t('filtros.status')}
        placeholder={t('filtros.todos')}
        data={STATUS_DA_ABA[aba].map((status) => ({ value: status, label: t(`status.${status}`) }))}
        value={filtros.status.filter((status) => STATUS_DA_ABA[aba].includes(status))}
        onChange={(valor) => onChange({ status: valor as TicketStatusDto[] })}
        comboboxProps={combobox}
        clearable
      />
      <Select
        label={t('filtros.fila')}
        placeholder={t('filtros.todas')}
        data={[{ value: SEM_FILA, label: t('filtros.semFila') }, ...(filas.data ?? []).map((fila) => ({ value: fila.id, label: fila.nome }))]}
        value={filtros.filaId}
        onChange={(valor) => onChange({ filaId: valor })}
        comboboxProps={combobox}
        searchable
        clearable
        nothingFoundMessage={t('filtros.nadaEncontrado')}
      />
      <Select
        label={t('filtros.canal')}
        placeholder={t('filtros.todos')}
        data={opcoesDeCanal}
        value={filtros.canalId}
        onChange={(valor) => onChange({ canalId: valor })}
        comboboxProps={combobox}
        searchable
        clearable
        nothingFoundMessage={t('filtros.nadaEncontrado')}
      />
      <MultiSelect
        label={t('filtros.tags')}
        placeholder={filtros.tagIds.length > 0 ? undefined : t('filtros.todas')}
        data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.nome }))}
        value={filtros.tagIds}
        onChange={(valor) => onChange({ tagIds: valor })}
        comboboxProps={combobox}
        searchable
        clearable
        nothingFoundMessage={t('filtros.nadaEncontrado')}
      />
      {mostraAtendente ? (
        <Select
          label={t('filtros.atendente')}
          placeholder={t('filtros.todos')}
          data={[
            { value: SEM_ATENDENTE, label: t('filtros.semAtendente') },
            ...(atendentes.data ?? []).map((atendente) => ({ value: atendente.id, label: atendente.nome })),
          ]}
          value={filtros.atendenteId}
          onChange={(valor) => onChange({ atendenteId: valor })}
          comboboxProps={combobox}
          searchable
          clearable
          nothingFoundMessage={t('filtros.nadaEncontrado')}
        />
      ) : null}
      <MultiSelect
        label={t('filtros.prioridade')}
        placeholder={filtros.prioridade.length > 0 ? undefined : t('filtros.todas')}
        data={TICKET_PRIORIDADE_VALORES.map((prioridade) => ({ value: prioridade, label: t(`prioridade.${prioridade}`) }))}
        value={filtros.prioridade}
        onChange={(valor) => onChange({ prioridade: valor as TicketPrioridadeDto[] })}
        comboboxProps={combobox}
        clearable
      />
      <Button variant="subtle" onClick={onLimpar} size="compact-sm">
        {t('filtros.limpar')}
      </Button>
    </Stack>
  );
}
