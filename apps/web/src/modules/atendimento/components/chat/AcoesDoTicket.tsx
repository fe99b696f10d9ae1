import { TICKET_PRIORIDADE_VALORES, type TicketDto } from '@atende/shared';
import { ActionIcon, Badge, Button, Group, Menu, MultiSelect, Popover, Text, Tooltip } from '@mantine/core';
import {
  IconArrowsExchange,
  IconCheck,
  IconDots,
  IconFlag,
  IconHandGrab,
  IconHourglass,
  IconKeyboard,
  IconLockSquare,
  IconPlayerPlay,
  IconRotateClockwise,
  IconTag,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type AtalhoId, rotuloDoAtalho } from '../../atalhos.js';
import { COR_PRIORIDADE } from '../../formatacao.js';
import { useTags } from '../../hooks/useCatalogos.js';
import type { useTicketAcoes } from '../../hooks/useTicketAcoes.js';

type Acoes = ReturnType<typeof useTicketAcoes>;

interface AcoesDoTicketProps {
  ticket: TicketDto;
  acoes: Acoes;
  meuAtendenteId: string | null;
  prioridadeAberta: boolean;
  onPrioridadeAberta: (aberta: boolean) => void;
  tagsAbertas: boolean;
  onTagsAbertas: (abertas: boolean) => void;
  onTransferir: () => void;
  onAjuda: () => void;
}

function Dica({ rotulo, atalho, children }: { rotulo: string; atalho: AtalhoId; children: ReactNode }) {
  return (
    <Tooltip label={`${rotulo} (${rotuloDoAtalho(atalho)})`} withinPortal>
      {children}
    </Tooltip>
  );
}

/** atribuir, transferir, resolver/reabrir, prioridade, tags, and the rarer status changes in a menu. */
export function AcoesDoTicket({
  ticket,
  acoes,
  meuAtendenteId,
  prioridadeAberta,
  onPrioridadeAberta,
  tagsAbertas,
  onTagsAbertas,
  onTransferir,
  onAjuda,
}: AcoesDoTicketProps) {
  const { t } = useTranslation();
  const tags = useTags(tagsAbertas);
  const ativo = ticket.status !== 'resolvido' && ticket.status !== 'fechado';
  const podePegar = ativo && meuAtendenteId !== null && ticket.atendente?.id !== meuAtendenteId;
  const valoresTags = ticket.tags.map((tag) => tag.id);

  const handleTags = (valores: string[]) => {
    for (const id of valores) if (!valoresTags.includes(id)) acoes.adicionarTag.mutate(id);
    for (const id of valoresTags) if (!valores.includes(id)) acoes.removerTag.mutate(id);
  };

  return (
    <Group gap={6} wrap="wrap" role="toolbar" aria-label={t('acoes.barra')}>
      {podePegar ? (
        <Dica rotulo={t('acoes.atribuirAMim')} atalho="atribuir">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconHandGrab size={16} aria-hidden="true" />}
            onClick={() => acoes.atribuir.mutate(undefined)}
            loading={acoes.atribuir.isPending}
            aria-keyshortcuts="Alt+A"
          >
            {t('acoes.atribuirAMim')}
          </Button>
        </Dica>
      ) : null}
      {ativo ? (
        <Dica rotulo={t('acoes.resolver')} atalho="resolver">
          <Button
            size="xs"
            color="teal"
            leftSection={<IconCheck size={16} aria-hidden="true" />}
            onClick={() => acoes.resolver.mutate(undefined)}
            loading={acoes.resolver.isPending}
            aria-keyshortcuts="Alt+R"
          >
            {t('acoes.resolver')}
          </Button>
        </Dica>
      ) : ticket.status === 'resolvido' ? (
        <Dica rotulo={t('acoes.reabrir')} atalho="reabrir">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconRotateClockwise size={16} aria-hidden="true" />}
            onClick={() => acoes.reabrir.mutate(undefined)}
            loading={acoes.reabrir.isPending}
            aria-keyshortcuts="Alt+O"
          >
            {t('acoes.reabrir')}
          </Button>
        </Dica>
      ) : null}
      <Dica rotulo={t('acoes.transferir')} atalho="transferir">
        <ActionIcon variant="default" size="lg" onClick={onTransferir} aria-label={t('acoes.transferir')} aria-keyshortcuts="Alt+T" disabled={!ativo}>
          <IconArrowsExchange size={18} aria-hidden="true" />
        </ActionIcon>
      </Dica>
      <Menu opened={prioridadeAberta} onChange={onPrioridadeAberta} position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label={t('acoes.prioridadeAtual', { prioridade: t(`prioridade.${ticket.prioridade}`) })} aria-keyshortcuts="Alt+P">
            <IconFlag size={18} color={`var(--mantine-color-${COR_PRIORIDADE[ticket.prioridade]}-6)`} aria-hidden="true" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{`${t('acoes.prioridade')} (${rotuloDoAtalho('prioridade')})`}</Menu.Label>
          {TICKET_PRIORIDADE_VALORES.map((prioridade) => (
            <Menu.Item
              key={prioridade}
              leftSection={<IconFlag size={14} color={`var(--mantine-color-${COR_PRIORIDADE[prioridade]}-6)`} aria-hidden="true" />}
              rightSection={prioridade === ticket.prioridade ? <IconCheck size={14} aria-hidden="true" /> : null}
              onClick={() => prioridade !== ticket.prioridade && acoes.prioridade.mutate(prioridade)}
            >
              {t(`prioridade.${prioridade}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Popover opened={tagsAbertas} onChange={onTagsAbertas} position="bottom-end" shadow="md" withinPortal trapFocus>
        <Popover.Target>
          <ActionIcon variant="default" size="lg" onClick={() => onTagsAbertas(!tagsAbertas)} aria-label={t('acoes.tags')} aria-keyshortcuts="Alt+G">
            <IconTag size={18} aria-hidden="true" />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown>
          <MultiSelect
            w={260}
            label={`${t('acoes.tags')} (${rotuloDoAtalho('tags')})`}
            placeholder={t('acoes.escolherTags')}
            data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.nome }))}
            value={valoresTags}
            onChange={handleTags}
            searchable
            comboboxProps={{ withinPortal: false }}
            nothingFoundMessage={tags.data?.length === 0 ? t('acoes.semTags') : t('filtros.nadaEncontrado')}
            data-autofocus
          />
        </Popover.Dropdown>
      </Popover>
      {ticket.tags.map((tag) => (
        <Badge key={tag.id} variant="light" color={tag.cor} tt="none" size="sm">
          {tag.nome}
        </Badge>
      ))}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label={t('acoes.mais')}>
            <IconDots size={18} aria-hidden="true" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {ticket.status === 'em_atendimento' ? (
            <Menu.Item leftSection={<IconHourglass size={14} aria-hidden="true" />} onClick={() => acoes.status.mutate('pendente')}>
              {t('acoes.aguardarCliente')}
            </Menu.Item>
          ) : null}
          {ticket.status === 'pendente' ? (
            <Menu.Item leftSection={<IconPlayerPlay size={14} aria-hidden="true" />} onClick={() => acoes.status.mutate('em_atendimento')}>
              {t('acoes.retomar')}
            </Menu.Item>
          ) : null}
          {ticket.status === 'resolvido' ? (
            <Menu.Item leftSection={<IconLockSquare size={14} aria-hidden="true" />} onClick={() => acoes.status.mutate('fechado')}>
              {t('acoes.fechar')}
            </Menu.Item>
          ) : null}
          <Menu.Item leftSection={<IconKeyboard size={14} aria-hidden="true" />} onClick={onAjuda} rightSection={<Text size="xs">?</Text>}>
            {t('acoes.atalhos')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
