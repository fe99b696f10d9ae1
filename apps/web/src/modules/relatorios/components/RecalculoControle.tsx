import type { RecalculoRelatoriosDto } from '@atende/shared';
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Periodo, recalcularRelatorios, recalculoTerminou, useRecalculo } from '../api/relatorios-api.js';

function pctConcluido(r: RecalculoRelatoriosDto): number {
  return r.dias > 0 ? Math.round((r.diasConcluidos / r.dias) * 100) : 0;
}

/**
 * "Recalcular": rebuilds the period's figures from the ticket events. A long period runs as a job on the server;
 * its progress (days done of days total) is shown as a bar until it ends, then the reports are reloaded.
 */
export function RecalculoControle({ periodo }: { periodo: Periodo | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [emAndamento, setEmAndamento] = useState<string | null>(null);
  const progresso = useRecalculo(emAndamento);

  const concluir = (recalculo: RecalculoRelatoriosDto) => {
    setEmAndamento(null);
    if (recalculo.estado === 'erro') {
      notifications.show({ color: 'red', title: t('relatorios.recalc.errorTitle'), message: recalculo.erro ?? '' });
      return;
    }
    notifications.show({ color: 'teal', message: t('relatorios.recalc.done', { dias: recalculo.dias }) });
    void queryClient.invalidateQueries({
      predicate: (query) => query.queryKey[0] === 'relatorios' && query.queryKey[1] !== 'recalculo',
    });
  };

  const iniciar = useMutation({
    mutationFn: (p: Periodo) => recalcularRelatorios(p),
    onSuccess: (recalculo) => {
      if (recalculoTerminou(recalculo)) concluir(recalculo);
      else {
        queryClient.setQueryData(['relatorios', 'recalculo', recalculo.id], recalculo);
        setEmAndamento(recalculo.id);
      }
    },
  });

  const atual = progresso.data;
  useEffect(() => {
    // Runs when the polled state changes; `concluir` only closes over stable hooks.
    if (emAndamento && atual && atual.id === emAndamento && recalculoTerminou(atual)) concluir(atual);
  }, [atual, emAndamento]);

  const mostrando = emAndamento && atual?.id === emAndamento ? atual : null;
  return (
    <Stack gap={4} miw={200}>
      <Button
        variant="default"
        leftSection={<IconRefresh size={16} aria-hidden="true" />}
        onClick={() => periodo && iniciar.mutate(periodo)}
        loading={iniciar.isPending || mostrando !== null}
        disabled={!periodo}
      >
        {t('relatorios.recalc.button')}
      </Button>
      {mostrando ? (
        <Group gap="xs" wrap="nowrap">
          <Progress
            value={pctConcluido(mostrando)}
            striped
            animated
            flex={1}
            size="sm"
            aria-label={t('relatorios.recalc.progress', {
              feitos: mostrando.diasConcluidos,
              total: mostrando.dias,
            })}
          />
          <Text size="xs" c="dimmed" data-testid="recalculo-progresso">
            {t('relatorios.recalc.progress', { feitos: mostrando.diasConcluidos, total: mostrando.dias })}
          </Text>
        </Group>
      ) : null}
    </Stack>
  );
}
