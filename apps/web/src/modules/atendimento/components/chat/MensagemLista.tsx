import type { MensagemDto } from '@atende/shared';
import { Box, Button, Center, Divider, EmptyState, Group, Loader, Skeleton, Stack, Text } from '@mantine/core';
import { IconMessageCircle } from '@tabler/icons-react';
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { chaveDoDia, rotuloDoDia } from '../../formatacao.js';
import { useAgora } from '../../hooks/useAgora.js';
import { useMensagens } from '../../hooks/useMensagens.js';
import classes from './ChatPane.module.css';
import { MensagemBolha } from './MensagemBolha.js';

/** Distance from the bottom (px) under which the view follows new mensagens. */
const COLADO_NO_FIM = 120;
/** Distance from the top (px) at which the previous page starts loading. */
const CARREGAR_ANTERIORES = 300;
const MESMA_SEQUENCIA_MS = 5 * 60_000;

interface MensagemListaProps {
  ticketId: string;
  contatoNome: string;
  onResponder: (mensagem: MensagemDto) => void;
  onReenviar: (mensagem: MensagemDto) => void;
  reenviandoId: string | null;
}

function mesmoAutor(a: MensagemDto, b: MensagemDto): boolean {
  return (
    a.direcao === b.direcao &&
    a.privada === b.privada &&
    a.remetente.usuarioId === b.remetente.usuarioId &&
    a.remetente.bot === b.remetente.bot &&
    Date.parse(b.criadoEm) - Date.parse(a.criadoEm) < MESMA_SEQUENCIA_MS
  );
}

/**
 * The conversation, oldest at the top. Opens at the newest mensagem, follows new ones while the agent is at the
 * bottom, loads older pages when scrolled near the top (keeping the view still), and separates days.
 */
export function MensagemLista({ ticketId, contatoNome, onResponder, onReenviar, reenviandoId }: MensagemListaProps) {
  const { t } = useTranslation();
  const agora = useAgora(60_000);
  const consulta = useMensagens(ticketId);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = consulta;
  const mensagens = useMemo(() => (consulta.data?.pages.flatMap((page) => page.items) ?? []).slice().reverse(), [consulta.data]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const coladoNoFim = useRef(true);
  const anterior = useRef<{ primeiraId: string | null; distanciaDoFim: number; quantidade: number }>({ primeiraId: null, distanciaDoFim: 0, quantidade: 0 });

  const handleScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const distanciaDoFim = el.scrollHeight - el.scrollTop - el.clientHeight;
    coladoNoFim.current = distanciaDoFim < COLADO_NO_FIM;
    anterior.current.distanciaDoFim = el.scrollHeight - el.scrollTop;
    if (el.scrollTop < CARREGAR_ANTERIORES && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Before paint: keep the view still when older pages were prepended, or follow the newest mensagem.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || mensagens.length === 0) return;
    const primeiraId = mensagens[0]?.id ?? null;
    const { primeiraId: primeiraAntes, quantidade } = anterior.current;
    if (quantidade === 0) {
      el.scrollTop = el.scrollHeight;
    } else if (primeiraId !== primeiraAntes && mensagens.length > quantidade) {
      el.scrollTop = el.scrollHeight - anterior.current.distanciaDoFim;
    } else if (coladoNoFim.current) {
      el.scrollTop = el.scrollHeight;
    }
    anterior.current = { primeiraId, distanciaDoFim: el.scrollHeight - el.scrollTop, quantidade: mensagens.length };
  }, [mensagens]);

  // A short first page may not fill the view: keep loading until it scrolls or history ends.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && el.scrollHeight <= el.clientHeight && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [mensagens.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Images load after layout and push the bottom down: stay at the newest while the agent has not scrolled up.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const conteudo = el.firstElementChild;
    if (!conteudo) return;
    const observer = new ResizeObserver(() => {
      if (coladoNoFim.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(conteudo);
    return () => observer.disconnect();
  }, []);

  return (
    <Box
      ref={scrollRef}
      onScroll={handleScroll}
      style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}
      px={{ base: 'xs', sm: 'md' }}
      py="sm"
      className={classes.historico}
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label={t('chat.historico')}
      tabIndex={0}
    >
      <div>
        {consulta.isLoading ? (
          <Stack gap="md" aria-hidden="true">
            {[60, 40, 70, 50].map((largura, indice) => (
              <Group key={indice} justify={indice % 2 ? 'flex-end' : 'flex-start'}>
                <Skeleton height={44} width={`${largura}%`} radius="lg" />
              </Group>
            ))}
          </Stack>
        ) : consulta.isError && mensagens.length === 0 ? (
          <EmptyState mt="xl" title={t('chat.erro')} description={t('lista.erroDescricao')}>
            <Button variant="light" onClick={() => void consulta.refetch()}>
              {t('acoes.tentarDeNovo')}
            </Button>
          </EmptyState>
        ) : mensagens.length === 0 ? (
          <EmptyState mt="xl" icon={<IconMessageCircle size={28} stroke={1.5} aria-hidden="true" />} title={t('chat.vazioTitulo')} description={t('chat.vazio')} />
        ) : (
          <>
            {isFetchingNextPage ? (
              <Center py="xs">
                <Loader size="sm" aria-label={t('chat.carregandoAnteriores')} />
              </Center>
            ) : !hasNextPage ? (
              <Text size="xs" c="dimmed" ta="center" py="xs">
                {t('chat.inicio')}
              </Text>
            ) : null}
            {mensagens.map((mensagem, indice) => {
              const antes = mensagens[indice - 1];
              const novoDia = !antes || chaveDoDia(antes.criadoEm) !== chaveDoDia(mensagem.criadoEm);
              return (
                <Fragment key={mensagem.id}>
                  {novoDia ? (
                    <Divider
                      my="sm"
                      label={
                        <Text size="xs" fw={600} c="dimmed" tt="capitalize" component="h3" m={0}>
                          {rotuloDoDia(mensagem.criadoEm, agora, t)}
                        </Text>
                      }
                      labelPosition="center"
                      role="separator"
                    />
                  ) : null}
                  <MensagemBolha
                    mensagem={mensagem}
                    mostrarAutor={novoDia || !antes || !mesmoAutor(antes, mensagem)}
                    contatoNome={contatoNome}
                    onResponder={onResponder}
                    onReenviar={onReenviar}
                    reenviando={reenviandoId === mensagem.id}
                  />
                </Fragment>
              );
            })}
          </>
        )}
      </div>
    </Box>
  );
}
