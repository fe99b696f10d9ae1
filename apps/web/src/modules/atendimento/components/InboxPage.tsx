import { Box, Center, EmptyState, Kbd, Loader, Paper, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconMessages } from '@tabler/icons-react';
import { Suspense, lazy, useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { usePageTitle } from '../../../app/hooks/usePageTitle.js';
import { useInboxLayoutStore } from '../hooks/useInboxLayout.js';
import { useTicket } from '../hooks/useTicket.js';
import classes from './InboxPage.module.css';
import { TicketListaPane } from './lista/TicketListaPane.js';

// The conversation and the customer panel are their own chunks: the list paints first, and they load on
// the first open ticket (or in idle time right after).
const carregarChat = () => import('./chat/ChatPane.js');
const carregarCliente = () => import('./cliente/ClientePainel.js');
const ChatPane = lazy(async () => ({ default: (await carregarChat()).ChatPane }));
const ClientePainel = lazy(async () => ({ default: (await carregarCliente()).ClientePainel }));
const ClienteGaveta = lazy(async () => ({ default: (await carregarCliente()).ClienteGaveta }));

function Carregando() {
  const { t } = useTranslation();
  return (
    <Center h="100%">
      <Loader aria-label={t('app.loading')} />
    </Center>
  );
}

function PainelCliente({ ticketId, onFechar }: { ticketId: string; onFechar?: () => void }) {
  const ticket = useTicket(ticketId);
  if (!ticket.data) return <Carregando />;
  return <ClientePainel ticket={ticket.data} onFechar={onFechar} />;
}

/** `/atendimento` and `/atendimento/tickets/:ticketId`: list, conversation and customer, side by side when they fit. */
export function InboxPage() {
  const { t } = useTranslation();
  const { ticketId = null } = useParams();
  const navigate = useNavigate();
  const ticket = useTicket(ticketId);
  const doisPaineis = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const tresPaineis = useMediaQuery('(min-width: 88em)', false, { getInitialValueInEffect: false });
  const { clienteAberto, alternarCliente, fecharCliente } = useInboxLayoutStore();
  const idsDaLista = useRef<string[]>([]);

  const nomeContato = ticket.data ? (ticket.data.contato.nome ?? ticket.data.contato.telefone ?? ticket.data.codigo) : null;
  usePageTitle(nomeContato ? `${nomeContato} · ${t('atendimento.title')}` : t('atendimento.title'));

  useEffect(() => {
    const carregar = () => {
      void carregarChat();
      void carregarCliente();
    };
    if (typeof window.requestIdleCallback === 'function') {
      const pedido = window.requestIdleCallback(carregar, { timeout: 4000 });
      return () => window.cancelIdleCallback(pedido);
    }
    const timer = window.setTimeout(carregar, 1500);
    return () => window.clearTimeout(timer);
  }, []);

  const handleListaMudou = useCallback((ids: string[]) => {
    idsDaLista.current = ids;
  }, []);

  const handleNavegar = useCallback(
    (direcao: 1 | -1) => {
      const ids = idsDaLista.current;
      if (ids.length === 0) return;
      const atual = ticketId ? ids.indexOf(ticketId) : -1;
      const proximo = ids[Math.min(Math.max(atual + direcao, 0), ids.length - 1)];
      if (proximo && proximo !== ticketId) void navigate(`/atendimento/tickets/${proximo}`);
    },
    [ticketId, navigate],
  );

  const mostrarLista = doisPaineis || ticketId === null;
  const mostrarChat = doisPaineis || ticketId !== null;
  const painelLateral = tresPaineis && clienteAberto && ticketId !== null;

  return (
    <Box className={classes.inbox}>
      <VisuallyHidden>
        <h1>{t('atendimento.title')}</h1>
      </VisuallyHidden>
      <Paper withBorder radius="md" className={classes.paineis}>
        {mostrarLista ? (
          <Box className={classes.lista} data-sozinha={!doisPaineis || undefined}>
            <TicketListaPane ticketSelecionadoId={ticketId} onListaMudou={handleListaMudou} />
          </Box>
        ) : null}
        {mostrarChat ? (
          <Box className={classes.chat}>
            {ticketId ? (
              <Suspense fallback={<Carregando />}>
                <ChatPane
                  key={ticketId}
                  ticketId={ticketId}
                  onVoltar={() => void navigate('/atendimento')}
                  clienteAberto={clienteAberto}
                  onAlternarCliente={alternarCliente}
                  onNavegar={handleNavegar}
                />
              </Suspense>
            ) : (
              <EmptyState
                pt="20vh"
                icon={<IconMessages size={32} stroke={1.5} aria-hidden="true" />}
                withIndicatorBackground
                title={t('atendimento.selecioneTitulo')}
                description={t('atendimento.selecione')}
              >
                <Text size="xs" c="dimmed">
                  {t('atendimento.dicaAtalhos')} <Kbd size="xs">Shift</Kbd> + <Kbd size="xs">?</Kbd>
                </Text>
              </EmptyState>
            )}
          </Box>
        ) : null}
        {painelLateral ? (
          <Box className={classes.cliente}>
            <Suspense fallback={<Carregando />}>
              <PainelCliente ticketId={ticketId} />
            </Suspense>
          </Box>
        ) : null}
      </Paper>
      {!tresPaineis && ticketId && ticket.data ? (
        <Suspense fallback={null}>
          <ClienteGaveta ticket={ticket.data} aberta={clienteAberto} onFechar={fecharCliente} />
        </Suspense>
      ) : null}
    </Box>
  );
}
