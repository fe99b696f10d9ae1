import type { IaSugestoesDto } from '@atende/shared';
import { Button, CloseButton, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconSparkles } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ouvirRealtime } from '../../../../lib/socket.js';
import { buscarSugestoesIa } from '../../api/ia-api.js';

interface SugestoesIaProps {
  ticketId: string;
  /** Puts the draft in the composer for the agent to edit (never sends it). */
  onInserir: (texto: string) => void;
}

/**
 * AI reply drafts above the composer: pushed by the server after a customer mensagem (`ia:sugestoes`) or
 * fetched with the button; each shows the sources it is grounded on. Loaded lazily by the composer.
 */
export function SugestoesIa({ ticketId, onInserir }: SugestoesIaProps) {
  const { t } = useTranslation();
  const [sugestoes, setSugestoes] = useState<IaSugestoesDto | null>(null);
  const buscar = useMutation({ mutationFn: () => buscarSugestoesIa(ticketId), onSuccess: setSugestoes });

  // The composer keys this component by ticket, so a ticket change starts empty.
  useEffect(
    () =>
      ouvirRealtime('ia:sugestoes', (evento) => {
        if (evento.ticketId === ticketId) setSugestoes({ sugestoes: evento.sugestoes, provedor: evento.provedor, citacoes: evento.citacoes });
      }),
    [ticketId],
  );

  const titulos = new Map((sugestoes?.citacoes ?? []).map((c) => [c.id, c.titulo]));
  return (
    <Stack gap={4} mb="xs" role="region" aria-label={t('composer.ia.titulo')}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconSparkles size={14} aria-hidden="true" />}
          loading={buscar.isPending}
          onClick={() => buscar.mutate()}
        >
          {t('composer.ia.sugerir')}
        </Button>
        {sugestoes ? <CloseButton size="xs" onClick={() => setSugestoes(null)} aria-label={t('composer.ia.descartar')} /> : null}
      </Group>
      {sugestoes?.sugestoes.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('composer.ia.nenhuma')}
        </Text>
      ) : null}
      {sugestoes?.sugestoes.map((sugestao, indice) => (
        <Paper key={`${indice}-${sugestao.texto.slice(0, 20)}`} withBorder radius="sm" px="xs" py={4}>
          <UnstyledButton w="100%" onClick={() => onInserir(sugestao.texto)} aria-label={t('composer.ia.usar', { numero: indice + 1 })}>
            <Text size="xs" lineClamp={3}>
              {sugestao.texto}
            </Text>
          </UnstyledButton>
          {sugestao.fontes.length > 0 ? (
            <Text size="xs" c="dimmed">
              {t('composer.ia.fontes', { fontes: sugestao.fontes.map((id) => titulos.get(id) ?? id).join(', ') })}
            </Text>
          ) : null}
        </Paper>
      ))}
    </Stack>
  );
}
