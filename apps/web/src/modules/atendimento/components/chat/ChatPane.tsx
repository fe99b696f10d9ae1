import './estilos.js';
import type { MensagemDto, TicketDto } from '@atende/shared';
import { ActionIcon, Alert, Avatar, Badge, Box, Button, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure, useDocumentVisibility, useHotkeys } from '@mantine/hooks';
import { IconArrowLeft, IconClockExclamation, IconFileUpload, IconLayoutSidebarRight, IconLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { entrarNoTicket, sairDoTicket } from '../../../../lib/socket.js';
import { useRealtimeStore } from '../../../../lib/realtime-store.js';
import { marcarTicketComoLido } from '../../api/tickets-api.js';
import { ATALHOS, rotuloDoAtalho } from '../../atalhos.js';
import { COR_STATUS, janelaFechada, nomeDoContato } from '../../formatacao.js';
import { useAgora } from '../../hooks/useAgora.js';
import { useMeuAtendente } from '../../hooks/useAtendentes.js';
import { useEnvio } from '../../hooks/useEnvio.js';
import { useMensagens } from '../../hooks/useMensagens.js';
import { useTicket } from '../../hooks/useTicket.js';
import { useTicketAcoes } from '../../hooks/useTicketAcoes.js';
import { aplicarTicket, zerarNaoLidas } from '../../realtime/cache.js';
import { useDigitantes } from '../../realtime/digitando-store.js';
import { useTicketAbertoStore } from '../../realtime/ticket-aberto-store.js';
import { CanalIcone } from '../CanalIcone.js';
import { AcoesDoTicket } from './AcoesDoTicket.js';
import { AtalhosDialog } from './AtalhosDialog.js';
import classes from './ChatPane.module.css';
import { Composer, type ComposerHandle } from './Composer.js';
import { MensagemLista } from './MensagemLista.js';
import { TransferirDialog } from './TransferirDialog.js';

export interface ChatPaneProps {
  ticketId: string;
  onVoltar: () => void;
  onAlternarCliente: () => void;
  clienteAberto: boolean;
  onNavegar: (direcao: 1 | -1) => void;
}

function Digitando({ ticketId, contatoNome }: { ticketId: string; contatoNome: string }) {
  const { t } = useTranslation();
  const digitantes = useDigitantes(ticketId);
  const nomes = digitantes.map((d) => (d.origem === 'contato' ? contatoNome : (d.nome ?? t('chat.outroAtendente'))));
  return (
    <Box h={20} px="md" aria-live="polite">
      {nomes.length > 0 ? (
        <Text size="xs" c="dimmed" fs="italic" className={classes.digitando}>
          {t('chat.digitando', { nomes: nomes.join(', '), count: nomes.length })}
        </Text>
      ) : null}
    </Box>
  );
}

/** Marks the conversation read while the agent looks at it: on open, on new customer mensagens, on focus. */
function useMarcarComoLido(ticket: TicketDto | undefined, ultimaRecebidaId: string | null) {
  const queryClient = useQueryClient();
  const visibilidade = useDocumentVisibility();
  const lidaAte = useRef<string | null>(null);
  const meuId = useRealtimeStore((state) => state.sessao?.atendenteId ?? null);

  useEffect(() => {
    if (!ticket || visibilidade !== 'visible') return;
    const precisa = ticket.naoLidas > 0 || (ultimaRecebidaId !== null && lidaAte.current !== null && lidaAte.current !== ultimaRecebidaId);
    if (!precisa) {
      lidaAte.current ??= ultimaRecebidaId;
      return;
    }
    const timer = setTimeout(() => {
      lidaAte.current = ultimaRecebidaId;
      zerarNaoLidas(queryClient, ticket.id);
      marcarTicketComoLido(ticket.id)
        .then((atualizado) => aplicarTicket(queryClient, atualizado, meuId))
        .catch(() => undefined);
    }, 400);
    return () => clearTimeout(timer);
  }, [ticket, ultimaRecebidaId, visibilidade, queryClient, meuId]);
}

/** The open conversation: header with the actions, the history, who is typing, and the composer. */
export function ChatPane({ ticketId, onVoltar, onAlternarCliente, clienteAberto, onNavegar }: ChatPaneProps) {
  const { t } = useTranslation();
  const agora = useAgora(60_000);
  const consulta = useTicket(ticketId);
  const ticket = consulta.data;
  const mensagens = useMensagens(ticketId);
  const meu = useMeuAtendente();
  const meuAtendenteId = useRealtimeStore((state) => state.sessao?.atendenteId ?? null) ?? meu.data?.id ?? null;
  const acoes = useTicketAcoes(ticketId);
  const envio = useEnvio(ticketId);
  const composerRef = useRef<ComposerHandle>(null);
  const [respondendoA, setRespondendoA] = useState<MensagemDto | null>(null);
  const [transferirAberto, transferir] = useDisclosure(false);
  const [ajudaAberta, ajuda] = useDisclosure(false);
  const [prioridadeAberta, setPrioridadeAberta] = useState(false);
  const [tagsAbertas, setTagsAbertas] = useState(false);
  const [arrastando, setArrastando] = useState(false);

  useEffect(() => {
    entrarNoTicket(ticketId);
    useTicketAbertoStore.setState({ ticketId });
    setRespondendoA(null);
    return () => {
      sairDoTicket(ticketId);
      if (useTicketAbertoStore.getState().ticketId === ticketId) useTicketAbertoStore.setState({ ticketId: null });
    };
  }, [ticketId]);

  const ultimaRecebidaId = useMemo(
    () => mensagens.data?.pages[0]?.items.find((mensagem) => mensagem.direcao === 'recebida')?.id ?? null,
    [mensagens.data],
  );
  useMarcarComoLido(ticket, ultimaRecebidaId);

  const ativo = ticket ? ticket.status !== 'resolvido' && ticket.status !== 'fechado' : false;
  const podePegar = ativo && meuAtendenteId !== null && ticket?.atendente?.id !== meuAtendenteId;

  const atalhos: Record<(typeof ATALHOS)[number]['id'], () => void> = {
    atribuir: () => podePegar && acoes.atribuir.mutate(undefined),
    transferir: () => ativo && transferir.open(),
    resolver: () => ativo && acoes.resolver.mutate(undefined),
    reabrir: () => ticket?.status === 'resolvido' && acoes.reabrir.mutate(undefined),
    prioridade: () => setPrioridadeAberta((aberta) => !aberta),
    tags: () => setTagsAbertas((abertas) => !abertas),
    nota: () => composerRef.current?.alternarPrivada(),
    templates: () => composerRef.current?.abrirTemplates(),
    cliente: onAlternarCliente,
    proximo: () => onNavegar(1),
    anterior: () => onNavegar(-1),
    ajuda: ajuda.open,
  };
  // Alt combinations also work while typing in the composer; "?" only outside text fields.
  useHotkeys(
    ATALHOS.filter((atalho) => atalho.id !== 'ajuda').map((atalho) => [atalho.hotkey, atalhos[atalho.id], { usePhysicalKeys: true }]),
    [],
  );
  useHotkeys([['shift+?', atalhos.ajuda]]);

  const temArquivos = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');
  const handleDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!temArquivos(event)) return;
    event.preventDefault();
    setArrastando(true);
  };
  const handleDragLeave = (event: DragEvent<HTMLDivElement>) => {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    setArrastando(false);
  };
  const handleDrop = (event: DragEvent<HTMLDivElement>) => {
    if (!temArquivos(event)) return;
    event.preventDefault();
    setArrastando(false);
    composerRef.current?.adicionarArquivos(Array.from(event.dataTransfer.files));
  };

  if (!ticket) {
    return (
      <Stack p="md" gap="md" h="100%">
        {consulta.isError ? (
          <Alert color="red" title={t('chat.naoEncontrado')}>
            <Text size="sm">{t('chat.naoEncontradoDescricao')}</Text>
            <Button mt="sm" variant="light" onClick={onVoltar}>
              {t('chat.voltarLista')}
            </Button>
          </Alert>
        ) : (
          <>
            <Group>
              <Skeleton circle height={40} />
              <Stack gap={6} style={{ flex: 1 }}>
                <Skeleton height={14} width="40%" />
                <Skeleton height={10} width="25%" />
              </Stack>
            </Group>
            <Skeleton height="60%" />
          </>
        )}
      </Stack>
    );
  }

  const contatoNome = nomeDoContato(ticket.contato, t('contato.semNome'));
  const fechada = janelaFechada(ticket, agora);

  return (
    <Stack
      gap={0}
      h="100%"
      mih={0}
      pos="relative"
      onDragOver={handleDragOver}
      onDragLeave={handleDragLeave}
      onDrop={handleDrop}
      aria-label={t('chat.rotulo', { nome: contatoNome })}
      component="section"
    >
      <Box className={classes.cabecalho} px="sm" py={8}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <ActionIcon variant="subtle" hiddenFrom="md" onClick={onVoltar} aria-label={t('chat.voltarLista')} size="lg">
              <IconArrowLeft size={20} aria-hidden="true" />
            </ActionIcon>
            <Avatar color="initials" name={contatoNome} radius="xl" aria-hidden="true" visibleFrom="xs" />
            <Box miw={0}>
              <Group gap={6} wrap="nowrap">
                <Text fw={650} truncate="end" component="h2" fz="md" m={0}>
                  {contatoNome}
                </Text>
                <Badge size="sm" variant="light" tt="none" color={COR_STATUS[ticket.status]} data-testid="status-ticket" style={{ flexShrink: 0 }}>
                  {t(`status.${ticket.status}`)}
                </Badge>
              </Group>
              <Group gap={6} wrap="nowrap">
                <Text size="xs" c="dimmed">
                  {ticket.codigo}
                </Text>
                {ticket.canal ? (
                  <Group gap={3} wrap="nowrap" miw={0}>
                    <CanalIcone tipo={ticket.canal.tipo} size={13} />
                    <Text size="xs" c="dimmed" truncate="end">
                      {ticket.canal.nome}
                    </Text>
                  </Group>
                ) : null}
                {ticket.fila ? (
                  <Badge size="xs" variant="dot" tt="none" color={ticket.fila.cor} data-testid="fila-ticket" style={{ flexShrink: 0 }}>
                    {ticket.fila.nome}
                  </Badge>
                ) : null}
                {ticket.atendente ? (
                  <Text size="xs" c="dimmed" truncate="end" visibleFrom="sm">
                    {t('chat.com', { nome: ticket.atendente.nome })}
                  </Text>
                ) : null}
              </Group>
            </Box>
          </Group>
          <Tooltip label={`${clienteAberto ? t('chat.fecharCliente') : t('chat.abrirCliente')} (${rotuloDoAtalho('cliente')})`} withinPortal>
            <ActionIcon
              variant={clienteAberto ? 'light' : 'default'}
              size="lg"
              onClick={onAlternarCliente}
              aria-label={clienteAberto ? t('chat.fecharCliente') : t('chat.abrirCliente')}
              aria-pressed={clienteAberto}
              aria-keyshortcuts="Alt+C"
            >
              <IconLayoutSidebarRight size={18} aria-hidden="true" />
            </ActionIcon>
          </Tooltip>
        </Group>
        <Box mt={8}>
          <AcoesDoTicket
            ticket={ticket}
            acoes={acoes}
            meuAtendenteId={meuAtendenteId}
            prioridadeAberta={prioridadeAberta}
            onPrioridadeAberta={setPrioridadeAberta}
            tagsAbertas={tagsAbertas}
            onTagsAbertas={setTagsAbertas}
            onTransferir={transferir.open}
            onAjuda={ajuda.open}
          />
        </Box>
      </Box>

      <MensagemLista
        ticketId={ticket.id}
        contatoNome={contatoNome}
        onResponder={(mensagem) => {
          setRespondendoA(mensagem);
          composerRef.current?.focar();
        }}
        onReenviar={(mensagem) => envio.reenviar.mutate(mensagem)}
        reenviandoId={envio.reenviar.isPending ? (envio.reenviar.variables?.id ?? null) : null}
      />
      <Digitando ticketId={ticket.id} contatoNome={contatoNome} />

      {fechada ? (
        <Alert
          variant="light"
          color="orange"
          radius={0}
          icon={<IconClockExclamation size={18} aria-hidden="true" />}
          title={t('chat.janelaFechadaTitulo')}
          py={8}
          data-testid="janela-fechada"
        >
          <Group justify="space-between" gap="xs">
            <Text size="sm">{t('chat.janelaFechada')}</Text>
            <Button size="compact-sm" variant="light" color="orange" onClick={() => composerRef.current?.abrirTemplates()}>
              {t('chat.usarTemplate')}
            </Button>
          </Group>
        </Alert>
      ) : null}
      {!ativo ? (
        <Alert variant="light" color="gray" radius={0} py={6} icon={<IconLock size={16} aria-hidden="true" />}>
          <Text size="sm">{t('chat.ticketEncerrado', { status: t(`status.${ticket.status}`) })}</Text>
        </Alert>
      ) : null}

      <Composer
        ref={composerRef}
        ticket={ticket}
        somenteTemplate={fechada}
        respondendoA={respondendoA}
        onCancelarResposta={() => setRespondendoA(null)}
        envio={{
          texto: (corpo) => envio.enviar.mutateAsync(corpo),
          template: (corpo) => envio.enviar.mutateAsync(corpo),
          arquivo: envio.enviarArquivo,
          enviando: envio.enviar.isPending,
          uploads: envio.uploads,
        }}
      />

      {arrastando ? (
        <Box className={classes.soltar} aria-hidden="true">
          <Stack align="center" gap="xs">
            <IconFileUpload size={40} />
            <Text fw={600}>{t('composer.soltarArquivos')}</Text>
          </Stack>
        </Box>
      ) : null}

      <TransferirDialog ticket={ticket} aberto={transferirAberto} onFechar={transferir.close} onTransferir={(body) => acoes.transferir.mutateAsync(body)} transferindo={acoes.transferir.isPending} />
      <AtalhosDialog aberto={ajudaAberta} onFechar={ajuda.close} />
    </Stack>
  );
}
