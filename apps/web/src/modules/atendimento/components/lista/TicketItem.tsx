import type { MensagemStatusDto, TicketDto } from '@atende/shared';
import { Avatar, Badge, Box, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconClockHour4, IconNote } from '@tabler/icons-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { COR_PRIORIDADE, COR_SLA, nivelSla, nomeDoContato, tempoCurto } from '../../formatacao.js';
import { CanalIcone } from '../CanalIcone.js';
import { StatusEntrega } from '../chat/StatusEntrega.js';
import classes from './TicketItem.module.css';

const STATUS_DE_MENSAGEM: readonly string[] = ['pendente', 'enviada', 'entregue', 'lida', 'falhou', 'recebida'] satisfies MensagemStatusDto[];

/** The preview's status is a plain string in the ticket DTO; only known delivery statuses get ticks. */
function ehStatusDeMensagem(status: string | null | undefined): status is MensagemStatusDto {
  return typeof status === 'string' && STATUS_DE_MENSAGEM.includes(status);
}

interface TicketItemProps {
  ticket: TicketDto;
  selecionado: boolean;
  agora: number;
}

/** One row of the inbox: who, through which channel, the last words, how long they have waited. */
export const TicketItem = memo(function TicketItem({ ticket, selecionado, agora }: TicketItemProps) {
  const { t } = useTranslation();
  const nome = nomeDoContato(ticket.contato, t('contato.semNome'));
  const ultima = ticket.ultimaMensagem;
  const aguardando = ultima?.direcao === 'recebida' && ticket.status !== 'resolvido' && ticket.status !== 'fechado';
  const sla = nivelSla(ticket, agora);
  const naoLidas = ticket.naoLidas;
  const statusDaUltima = ehStatusDeMensagem(ultima?.status) ? ultima.status : undefined;
  const resumo = ultima ? (ultima.resumo ?? t(`mensagem.tipos.${(ultima.tipo ?? 'desconhecido') as 'texto'}`)) : t('lista.semMensagens');

  return (
    <UnstyledButton
      component={Link}
      to={`/atendimento/tickets/${ticket.id}`}
      className={classes.item}
      data-selected={selecionado || undefined}
      data-unread={naoLidas > 0 || undefined}
      aria-current={selecionado ? 'true' : undefined}
      style={sla ? { borderInlineStartColor: `var(--mantine-color-${COR_SLA[sla]}-6)` } : undefined}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Box pos="relative" style={{ flexShrink: 0 }}>
          <Avatar color="initials" name={nome} radius="xl" size={40} aria-hidden="true" />
          {ticket.canal ? (
            <span className={classes.canal}>
              <CanalIcone tipo={ticket.canal.tipo} size={12} />
            </span>
          ) : null}
        </Box>
        <Box miw={0} style={{ flex: 1 }}>
          <Group justify="space-between" gap={6} wrap="nowrap">
            <Text size="sm" fw={naoLidas > 0 ? 700 : 600} truncate="end">
              {nome}
            </Text>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              <time dateTime={ticket.ultimaAtividadeEm}>{tempoCurto(ticket.ultimaAtividadeEm, agora, t)}</time>
            </Text>
          </Group>
          <Group justify="space-between" gap={6} wrap="nowrap" mt={2}>
            <Group gap={4} wrap="nowrap" miw={0}>
              {ultima?.direcao === 'enviada' && statusDaUltima ? <StatusEntrega status={statusDaUltima} size={14} /> : null}
              <Text size="sm" c={naoLidas > 0 ? undefined : 'dimmed'} truncate="end">
                {ultima?.direcao === 'enviada' ? `${t('lista.voce')}: ${resumo}` : resumo}
              </Text>
            </Group>
            {naoLidas > 0 ? (
              <Badge size="sm" circle={naoLidas < 10} variant="filled" aria-label={t('lista.naoLidas', { count: naoLidas })}>
                {naoLidas > 99 ? '99+' : naoLidas}
              </Badge>
            ) : null}
          </Group>
          <Group gap={6} mt={6} wrap="nowrap" className={classes.meta}>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              {ticket.codigo}
            </Text>
            {aguardando && ticket.ultimaMensagemClienteEm ? (
              <Tooltip label={t('lista.aguardandoDesde')} withinPortal>
                <Badge
                  size="xs"
                  variant="light"
                  tt="none"
                  color={sla ? COR_SLA[sla] : 'gray'}
                  leftSection={<IconClockHour4 size={11} aria-hidden="true" />}
                  aria-label={t('lista.aguardando', { tempo: tempoCurto(ticket.ultimaMensagemClienteEm, agora, t) })}
                >
                  {tempoCurto(ticket.ultimaMensagemClienteEm, agora, t)}
                </Badge>
              </Tooltip>
            ) : null}
            {ticket.prioridade === 'alta' || ticket.prioridade === 'urgente' ? (
              <Badge size="xs" variant="light" tt="none" color={COR_PRIORIDADE[ticket.prioridade]}>
                {t(`prioridade.${ticket.prioridade}`)}
              </Badge>
            ) : null}
            {ticket.fila ? (
              <Badge size="xs" variant="dot" tt="none" color={ticket.fila.cor} className={classes.truncate}>
                {ticket.fila.nome}
              </Badge>
            ) : null}
            {ticket.tags.slice(0, 2).map((tag) => (
              <Badge key={tag.id} size="xs" variant="light" tt="none" color={tag.cor} className={classes.truncate}>
                {tag.nome}
              </Badge>
            ))}
            {ticket.tags.length > 2 ? (
              <Text size="xs" c="dimmed">
                +{ticket.tags.length - 2}
              </Text>
            ) : null}
            {ticket.atendente && ticket.status !== 'aberto' ? (
              <Tooltip label={t('lista.comAtendente', { nome: ticket.atendente.nome })} withinPortal>
                <Avatar size={16} radius="xl" color="initials" name={ticket.atendente.nome} aria-label={t('lista.comAtendente', { nome: ticket.atendente.nome })} />
              </Tooltip>
            ) : null}
            {ticket.status === 'pendente' ? <IconNote size={12} aria-label={t('status.pendente')} /> : null}
          </Group>
        </Box>
      </Group>
    </UnstyledButton>
  );
});
