import '../estilos.js';
import 'dayjs/locale/pt-br';
import { BarChart, LineChart } from '@mantine/charts';
import type { EstatisticaTempo } from '@atende/shared';
import {
  Button,
  EmptyState,
  Group,
  Menu,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconChartBar, IconDownload, IconUserExclamation } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../../app/hooks/usePageTitle.js';
import { type NomeRelatorio, type Periodo, exportarCsv, useRelatorio } from '../api/relatorios-api.js';
import { RecalculoControle } from './RecalculoControle.js';

/** Which variant of the time figures is shown: calendar time, or business hours (docs/relatorios.md). */
type ModoTempo = 'corrido' | 'comercial';

function escolher(modo: ModoTempo, corrido: EstatisticaTempo | undefined, comercial: EstatisticaTempo | undefined): number | null {
  return (modo === 'comercial' ? comercial : corrido)?.mediaSegundos ?? null;
}

const RELATORIOS: NomeRelatorio[] = ['resumo', 'volume', 'tempos', 'csat', 'filas', 'atendentes'];
const CORES = ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'pink.6', 'lime.6', 'indigo.6'];

/** Seconds as a short human duration (`45 s`, `12 min`, `1 h 05 min`). */
export function duracao(segundos: number | null): string {
  if (segundos === null) return '—';
  if (segundos < 60) return `${Math.round(segundos)} s`;
  if (segundos < 3600) return `${Math.round(segundos / 60)} min`;
  const horas = Math.floor(segundos / 3600);
  return `${horas} h ${String(Math.round((segundos % 3600) / 60)).padStart(2, '0')} min`;
}

function minutos(segundos: number | null): number | null {
  return segundos === null ? null : Math.round((segundos / 60) * 10) / 10;
}

function diaCurto(dia: string): string {
  return dayjs(dia).format('DD/MM');
}

function Secao({ titulo, carregando, children }: { titulo: string; carregando: boolean; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={titulo}>
      <Title order={2} fz="h5" mb="sm">
        {titulo}
      </Title>
      {carregando ? <Skeleton height={220} radius="sm" /> : children}
    </Paper>
  );
}

function Indicador({ rotulo, valor, carregando }: { rotulo: string; valor: string; carregando: boolean }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {rotulo}
      </Text>
      {carregando ? (
        <Skeleton height={28} mt={6} width="60%" />
      ) : (
        <Text fz="xl" fw={700} data-testid={`indicador-${rotulo}`}>
          {valor}
        </Text>
      )}
    </Paper>
  );
}

export function RelatoriosPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('relatorios.title'));
  const [intervalo, setIntervalo] = useState<DatesRangeValue<string>>(() => [
    dayjs().subtract(6, 'day').format('YYYY-MM-DD'),
    dayjs().format('YYYY-MM-DD'),
  ]);
  const [exportando, setExportando] = useState(false);
  const [modo, setModo] = useState<ModoTempo>('corrido');
  const periodo: Periodo | null = intervalo[0] && intervalo[1] ? { de: intervalo[0], ate: intervalo[1] } : null;

  const resumo = useRelatorio('resumo', periodo);
  const volume = useRelatorio('volume', periodo);
  const tempos = useRelatorio('tempos', periodo);
  const csat = useRelatorio('csat', periodo);
  const filas = useRelatorio('filas', periodo);
  const atendentes = useRelatorio('atendentes', periodo);

  const porCanal = useMemo(() => {
    const canais = new Map<string, string>();
    const dias = new Map<string, Record<string, string | number>>();
    for (const linha of volume.data?.porCanal ?? []) {
      canais.set(linha.canalId, linha.canalNome);
      const dia = dias.get(linha.dia) ?? { dia: diaCurto(linha.dia) };
      dia[linha.canalNome] = linha.recebidos;
      dias.set(linha.dia, dia);
    }
    return {
      dados: [...dias.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, valores]) => valores),
      series: [...canais.values()].map((nome, i) => ({ name: nome, color: CORES[i % CORES.length] ?? 'blue.6' })),
    };
  }, [volume.data]);

  const vazio =
    resumo.data !== undefined && resumo.data.recebidos === 0 && resumo.data.resolvidos === 0 && resumo.data.backlogAtual === 0;

  async function exportar(nome: NomeRelatorio) {
    if (!periodo) return;
    setExportando(true);
    try {
      await exportarCsv(nome, periodo);
    } catch {
      notifications.show({ color: 'red', title: t('relatorios.exportErrorTitle'), message: t('relatorios.exportError') });
    } finally {
      setExportando(false);
    }
  }

  const r = resumo.data;
  const carregandoResumo = resumo.isPending;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1} fz="h3">
          {t('relatorios.title')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <DatePickerInput
            type="range"
            label={t('relatorios.period')}
            value={intervalo}
            onChange={setIntervalo}
            maxDate={dayjs().format('YYYY-MM-DD')}
            valueFormat="DD/MM/YYYY"
            locale={i18n.language.toLowerCase().startsWith('pt') ? 'pt-br' : 'en'}
            allowSingleDateInRange
            miw={240}
          />
          <Button
            component={Link}
            to="/atendimento/relatorios/risco-churn"
            variant="light"
            leftSection={<IconUserExclamation size={16} aria-hidden="true" />}
          >
            {t('relatorios.churn.link')}
          </Button>
          <RecalculoControle periodo={periodo} />
          <Menu position="bottom-end">
            <Menu.Target>
              <Button
                leftSection={<IconDownload size={16} aria-hidden="true" />}
                variant="default"
                loading={exportando}
                disabled={!periodo}
              >
                {t('relatorios.exportCsv')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {RELATORIOS.map((nome) => (
                <Menu.Item key={nome} onClick={() => void exportar(nome)}>
                  {t(`relatorios.reports.${nome}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>

      {!periodo ? (
        <Text c="dimmed">{t('relatorios.pickPeriod')}</Text>
      ) : vazio ? (
        <EmptyState
          mt="xl"
          icon={<IconChartBar size={32} stroke={1.5} aria-hidden="true" />}
          withIndicatorBackground
          title={t('relatorios.emptyTitle')}
          description={t('relatorios.emptyDescription')}
        />
      ) : (
        <>
          <Group justify="space-between" wrap="wrap" gap="sm">
            <SegmentedControl
              value={modo}
              onChange={(valor) => setModo(valor === 'comercial' ? 'comercial' : 'corrido')}
              aria-label={t('relatorios.timeMode.label')}
              data={[
                { value: 'corrido', label: t('relatorios.timeMode.calendar') },
                { value: 'comercial', label: t('relatorios.timeMode.business') },
              ]}
            />
            <Text size="sm" c="dimmed" data-testid="resumo-extra">
              {[
                r?.slaCumprimentoPct != null ? t('relatorios.slaCompliance', { pct: r.slaCumprimentoPct }) : null,
                r && r.sentimento.analisadas > 0
                  ? t('relatorios.sentimentSummary', {
                      positivas: r.sentimento.positivasPct ?? 0,
                      negativas: r.sentimento.negativasPct ?? 0,
                      total: r.sentimento.analisadas,
                    })
                  : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </Group>
          {modo === 'comercial' && r && !r.expedienteConfigurado ? (
            <Text size="sm" c="orange" role="status">
              {t('relatorios.timeMode.noExpediente')}
            </Text>
          ) : null}
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            <Indicador rotulo={t('relatorios.kpi.received')} valor={String(r?.recebidos ?? 0)} carregando={carregandoResumo} />
            <Indicador rotulo={t('relatorios.kpi.resolved')} valor={String(r?.resolvidos ?? 0)} carregando={carregandoResumo} />
            <Indicador
              rotulo={t('relatorios.kpi.firstResponse')}
              valor={duracao(escolher(modo, r?.primeiraResposta, r?.primeiraRespostaComercial))}
              carregando={carregandoResumo}
            />
            <Indicador
              rotulo={t('relatorios.kpi.resolution')}
              valor={duracao(escolher(modo, r?.resolucao, r?.resolucaoComercial))}
              carregando={carregandoResumo}
            />
            <Indicador
              rotulo={t('relatorios.kpi.csat')}
              valor={r?.csat.media == null ? '—' : `${r.csat.media.toFixed(1)} / 5`}
              carregando={carregandoResumo}
            />
            <Indicador rotulo={t('relatorios.kpi.backlog')} valor={String(r?.backlogAtual ?? 0)} carregando={carregandoResumo} />
          </SimpleGrid>

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Secao titulo={t('relatorios.charts.volume')} carregando={volume.isPending}>
              <BarChart
                h={240}
                data={(volume.data?.dias ?? []).map((d) => ({ ...d, dia: diaCurto(d.dia) }))}
                dataKey="dia"
                withLegend
                series={[
                  { name: 'recebidos', label: t('relatorios.kpi.received'), color: 'blue.6' },
                  { name: 'resolvidos', label: t('relatorios.kpi.resolved'), color: 'teal.6' },
                ]}
              />
            </Secao>
            <Secao titulo={t('relatorios.charts.byChannel')} carregando={volume.isPending}>
              {porCanal.series.length === 0 ? (
                <Text c="dimmed">{t('relatorios.noData')}</Text>
              ) : (
                <BarChart h={240} data={porCanal.dados} dataKey="dia" type="stacked" withLegend series={porCanal.series} />
              )}
            </Secao>
            <Secao
              titulo={t(modo === 'comercial' ? 'relatorios.charts.timesBusiness' : 'relatorios.charts.times')}
              carregando={tempos.isPending}
            >
              <LineChart
                h={240}
                data={(tempos.data?.dias ?? []).map((d) => ({
                  dia: diaCurto(d.dia),
                  primeira: minutos(
                    modo === 'comercial' ? d.primeiraRespostaComercialMediaSegundos : d.primeiraRespostaMediaSegundos,
                  ),
                  resolucao: minutos(modo === 'comercial' ? d.resolucaoComercialMediaSegundos : d.resolucaoMediaSegundos),
                }))}
                dataKey="dia"
                withLegend
                connectNulls
                unit=" min"
                series={[
                  { name: 'primeira', label: t('relatorios.kpi.firstResponse'), color: 'grape.6' },
                  { name: 'resolucao', label: t('relatorios.kpi.resolution'), color: 'orange.6' },
                ]}
              />
            </Secao>
            <Secao titulo={t('relatorios.charts.csat')} carregando={csat.isPending}>
              <Text size="sm" mb="xs">
                {t('relatorios.csatSummary', {
                  respostas: csat.data?.resumo.respostas ?? 0,
                  satisfeitos: csat.data?.resumo.satisfeitosPct ?? '—',
                  taxa: csat.data?.resumo.taxaRespostaPct ?? '—',
                })}
              </Text>
              <BarChart
                h={200}
                data={(csat.data?.distribuicao ?? []).map((d) => ({ nota: String(d.nota), respostas: d.respostas }))}
                dataKey="nota"
                series={[{ name: 'respostas', label: t('relatorios.answers'), color: 'yellow.6' }]}
              />
            </Secao>
            <Secao titulo={t('relatorios.charts.backlog')} carregando={filas.isPending}>
              {(filas.data?.filas.length ?? 0) === 0 ? (
                <Text c="dimmed">{t('relatorios.noData')}</Text>
              ) : (
                <BarChart
                  h={240}
                  data={(filas.data?.filas ?? []).map((f) => ({ fila: f.nome, aguardando: f.aguardando }))}
                  dataKey="fila"
                  series={[{ name: 'aguardando', label: t('relatorios.waiting'), color: 'red.6' }]}
                />
              )}
            </Secao>
            <Secao titulo={t('relatorios.charts.agents')} carregando={atendentes.isPending}>
              {(atendentes.data?.atendentes.length ?? 0) === 0 ? (
                <Text c="dimmed">{t('relatorios.noData')}</Text>
              ) : (
                <Table.ScrollContainer minWidth={420}>
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('relatorios.agent')}</Table.Th>
                        <Table.Th>{t('relatorios.load')}</Table.Th>
                        <Table.Th>{t('relatorios.kpi.resolved')}</Table.Th>
                        <Table.Th>{t('relatorios.kpi.firstResponse')}</Table.Th>
                        <Table.Th>{t('relatorios.kpi.csat')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {(atendentes.data?.atendentes ?? []).map((a) => (
                        <Table.Tr key={a.atendenteId}>
                          <Table.Td>{a.nome}</Table.Td>
                          <Table.Td>
                            <Text size="xs">
                              {a.ticketsAtuais}/{a.maxTicketsSimultaneos}
                            </Text>
                            <Progress
                              value={Math.min(100, a.ocupacaoPct)}
                              aria-label={t('relatorios.occupation', { nome: a.nome, pct: a.ocupacaoPct })}
                              size="sm"
                            />
                          </Table.Td>
                          <Table.Td>{a.resolvidos}</Table.Td>
                          <Table.Td>{duracao(escolher(modo, a.primeiraResposta, a.primeiraRespostaComercial))}</Table.Td>
                          <Table.Td>{a.csatMedia === null ? '—' : a.csatMedia.toFixed(1)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Secao>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
