// Only the table is new to this screen (see app/estilos.ts).
import '@mantine/core/styles/Table.css';
import { type ContatoRiscoChurnDto, ehSinalChurn as sinalConhecido } from '@atende/shared';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  EmptyState,
  Group,
  NumberInput,
  Paper,
  Progress,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowLeft, IconMoodHappy, IconSettings } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../../app/hooks/usePageTitle.js';
import { isApiError } from '../../../lib/api-client.js';
import { dataHora } from '../../atendimento/formatacao.js';
import { useUsuario } from '../../auth/hooks/useAuth.js';
import { useRiscoChurn } from '../hooks/useRiscoChurn.js';

/** The same bands as the contato panel: red from the default alert threshold up. */
export function corDoRisco(score: number): 'red' | 'orange' | 'teal' {
  return score >= 70 ? 'red' : score >= 40 ? 'orange' : 'teal';
}

function Pontuacao({ item, nome }: { item: ContatoRiscoChurnDto; nome: string }) {
  const { t } = useTranslation();
  const cor = corDoRisco(item.score);
  return (
    <Stack gap={4} miw={120}>
      <Badge color={cor} variant="light" w="fit-content">
        {t('cliente.churn.score', { score: item.score })}
      </Badge>
      <Progress
        value={item.score}
        color={cor}
        size="sm"
        aria-label={t('relatorios.churn.scoreLabel', { nome, score: item.score })}
      />
    </Stack>
  );
}

function Motivos({ motivos }: { motivos: ContatoRiscoChurnDto['motivos'] }) {
  const { t } = useTranslation();
  if (motivos.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('cliente.churn.semMotivos')}
      </Text>
    );
  }
  return (
    <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {motivos.map((motivo) => (
        <li key={motivo.sinal}>
          <Text size="sm" fw={500}>
            {sinalConhecido(motivo.sinal) ? t(`cliente.churn.sinais.${motivo.sinal}`) : motivo.sinal}{' '}
            <Text span size="xs" c="dimmed">
              +{motivo.peso}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            {motivo.descricao}
          </Text>
        </li>
      ))}
    </Stack>
  );
}

/** What went wrong and what to do about it: the feature off, no permission, or anything else (retry). */
function Erro({ erro, onTentarDeNovo }: { erro: unknown; onTentarDeNovo: () => void }) {
  const { t } = useTranslation();
  const admin = useUsuario()?.papel === 'admin';
  if (isApiError(erro) && erro.code === 'IA_RECURSO_DESLIGADO') {
    return (
      <Alert
        color="orange"
        variant="light"
        title={t('relatorios.churn.disabledTitle')}
        icon={<IconSettings size={18} aria-hidden="true" />}
      >
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t(admin ? 'relatorios.churn.disabledAdmin' : 'relatorios.churn.disabled')}</Text>
          {admin ? (
            <Button component={Link} to="/atendimento/configuracoes/ia" variant="light" size="xs">
              {t('relatorios.churn.openSettings')}
            </Button>
          ) : null}
        </Stack>
      </Alert>
    );
  }
  if (isApiError(erro) && erro.status === 403) {
    return (
      <Alert color="gray" variant="light" title={t('relatorios.churn.forbiddenTitle')}>
        {t('relatorios.churn.forbidden')}
      </Alert>
    );
  }
  return (
    <Alert
      color="red"
      variant="light"
      title={t('relatorios.churn.errorTitle')}
      icon={<IconAlertTriangle size={18} aria-hidden="true" />}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('relatorios.churn.errorDescription')}</Text>
        <Button variant="light" color="red" size="xs" onClick={onTentarDeNovo}>
          {t('acoes.tentarDeNovo')}
        </Button>
      </Stack>
    </Alert>
  );
}

/** /atendimento/relatorios/risco-churn (supervisor, admin): contatos at risk of leaving, highest score first. */
export function RiscoChurnPage() {
  const { t } = useTranslation();
  usePageTitle(t('relatorios.churn.title'));
  const [minimoDigitado, setMinimoDigitado] = useState<number | ''>('');
  const [minimoDebounced] = useDebouncedValue(minimoDigitado, 400);
  const minimo = minimoDebounced === '' ? null : minimoDebounced;
  const lista = useRiscoChurn(minimo);
  const itens = lista.data?.pages.flatMap((pagina) => pagina.items) ?? [];
  const minimoAplicado = lista.data?.pages[0]?.minimo;

  function handleMinimo(valor: string | number) {
    const numero = typeof valor === 'number' ? valor : Number.parseInt(valor, 10);
    setMinimoDigitado(Number.isInteger(numero) ? Math.min(100, Math.max(0, numero)) : '');
  }

  function handleTentarDeNovo() {
    void lista.refetch();
  }

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to="/atendimento/relatorios" size="sm" w="fit-content">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden="true" />
            {t('relatorios.title')}
          </Group>
        </Anchor>
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={2} maw={720}>
            <Title order={1} fz="h3">
              {t('relatorios.churn.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('relatorios.churn.description')}
            </Text>
          </Stack>
          <NumberInput
            label={t('relatorios.churn.minimum')}
            description={
              minimoDigitado === '' && minimoAplicado !== undefined
                ? t('relatorios.churn.minimumDefault', { minimo: minimoAplicado })
                : t('relatorios.churn.minimumHint')
            }
            placeholder={minimoAplicado === undefined ? undefined : String(minimoAplicado)}
            value={minimoDigitado}
            onChange={handleMinimo}
            min={0}
            max={100}
            allowDecimal={false}
            allowNegative={false}
            w={220}
          />
        </Group>
      </Stack>

      {lista.isPending ? (
        <Stack gap="sm" aria-busy="true">
          {[1, 2, 3].map((i) => (
            <Skeleton key={i} height={56} />
          ))}
        </Stack>
      ) : lista.isError ? (
        <Erro erro={lista.error} onTentarDeNovo={handleTentarDeNovo} />
      ) : itens.length === 0 ? (
        <EmptyState
          mt="xl"
          icon={<IconMoodHappy size={32} stroke={1.5} aria-hidden="true" />}
          withIndicatorBackground
          title={t('relatorios.churn.emptyTitle')}
          description={t('relatorios.churn.emptyDescription', { minimo: minimoAplicado ?? minimo ?? '' })}
        />
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" aria-label={t('relatorios.churn.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('relatorios.churn.contato')}</Table.Th>
                  <Table.Th>{t('relatorios.churn.score')}</Table.Th>
                  <Table.Th>{t('relatorios.churn.reasons')}</Table.Th>
                  <Table.Th>{t('relatorios.churn.computedAt')}</Table.Th>
                  <Table.Th>{t('relatorios.churn.ticket')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {itens.map((item) => {
                  const nome = item.nome ?? t('relatorios.churn.unnamed');
                  return (
                    <Table.Tr key={item.contatoId}>
                      <Table.Td>
                        <Text fw={500}>{nome}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Pontuacao item={item} nome={nome} />
                      </Table.Td>
                      <Table.Td>
                        <Motivos motivos={item.motivos} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{dataHora(item.calculadoEm)}</Text>
                      </Table.Td>
                      <Table.Td>
                        {item.ultimoTicket ? (
                          <Button
                            component={Link}
                            to={`/atendimento/tickets/${item.ultimoTicket.id}`}
                            variant="light"
                            size="xs"
                            aria-label={t('relatorios.churn.openTicketOf', { numero: item.ultimoTicket.numero, nome })}
                          >
                            {t('relatorios.churn.openTicket', { numero: item.ultimoTicket.numero })}
                          </Button>
                        ) : (
                          <Text size="sm" c="dimmed">
                            {t('relatorios.churn.noTicket')}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

      {lista.hasNextPage ? (
        <Group justify="center">
          <Button variant="default" loading={lista.isFetchingNextPage} onClick={() => void lista.fetchNextPage()}>
            {t('relatorios.churn.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
