import {
  type AtualizarIaConfig,
  type IaConfigDto,
  IA_AUTO_RESPOSTA_MODOS,
  IA_PROVEDORES,
  IA_RECURSOS_CONFIGURAVEIS,
  atualizarIaConfigSchema,
} from '@atende/shared';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { textoOuNull, validarComZod } from '../../../../lib/form.js';
import {
  buscarIaConfig,
  buscarUltimaIndexacao,
  iaConfigKey,
  iaIndexacaoKey,
  reindexar,
  salvarIaConfig,
} from '../../api/ia-config-api.js';
import { SecaoConfiguracao } from '../SecaoConfiguracao.js';
import { IntencoesCard } from './IntencoesCard.js';

type Recurso = (typeof IA_RECURSOS_CONFIGURAVEIS)[number];

interface Valores {
  provedor: IaConfigDto['provedor'];
  modelo: string;
  baseUrl: string;
  /** Empty keeps the stored key. */
  chave: string;
  embeddings: boolean;
  recursos: Recurso[];
  autoRespostaModo: IaConfigDto['autoRespostaModo'];
  limiarConfianca: number;
  maxTurnosBot: number;
  orcamentoMensalTokens: number | '';
  orcamentoMensalCusto: number | '';
  moeda: string;
  redacaoLgpd: boolean;
}

function valoresDe(config: IaConfigDto): Valores {
  return {
    provedor: config.provedor,
    modelo: config.modelo ?? '',
    baseUrl: config.baseUrl ?? '',
    chave: '',
    embeddings: config.provedorEmbeddings === 'openai',
    recursos: IA_RECURSOS_CONFIGURAVEIS.filter((recurso) => config.recursos[recurso] !== false),
    autoRespostaModo: config.autoRespostaModo,
    limiarConfianca: config.limiarConfianca,
    maxTurnosBot: config.maxTurnosBot,
    orcamentoMensalTokens: config.orcamentoMensalTokens ?? '',
    orcamentoMensalCusto: config.orcamentoMensalCusto ?? '',
    moeda: config.moeda,
    redacaoLgpd: config.redacaoLgpd,
  };
}

function paraApi(valores: Valores): AtualizarIaConfig {
  const externo = valores.provedor !== 'local';
  return {
    provedor: valores.provedor,
    modelo: externo ? textoOuNull(valores.modelo) : null,
    baseUrl: valores.provedor === 'openai' ? textoOuNull(valores.baseUrl) : null,
    ...(externo && valores.chave.trim() !== '' ? { chave: valores.chave.trim() } : {}),
    provedorEmbeddings: valores.provedor === 'openai' && valores.embeddings ? 'openai' : null,
    recursos: Object.fromEntries(IA_RECURSOS_CONFIGURAVEIS.map((recurso) => [recurso, valores.recursos.includes(recurso)])),
    autoRespostaModo: valores.autoRespostaModo,
    limiarConfianca: valores.limiarConfianca,
    maxTurnosBot: valores.maxTurnosBot,
    orcamentoMensalTokens: valores.orcamentoMensalTokens === '' ? null : valores.orcamentoMensalTokens,
    orcamentoMensalCusto: valores.orcamentoMensalCusto === '' ? null : valores.orcamentoMensalCusto,
    moeda: valores.moeda.trim().toUpperCase(),
    redacaoLgpd: valores.redacaoLgpd,
  };
}

function IaConfigForm({ config }: { config: IaConfigDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Valores>({
    mode: 'controlled',
    initialValues: valoresDe(config),
    validate: validarComZod<Valores>(atualizarIaConfigSchema, paraApi),
  });
  const salvar = useMutation({
    mutationFn: (body: AtualizarIaConfig) => salvarIaConfig(body),
    onSuccess: (salva) => {
      queryClient.setQueryData(iaConfigKey, salva);
      form.setValues(valoresDe(salva));
      form.resetDirty(valoresDe(salva));
    },
  });
  const externo = form.values.provedor !== 'local';

  return (
    <form onSubmit={form.onSubmit((valores) => salvar.mutate(paraApi(valores)))} noValidate>
      <Stack gap="md">
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} fz="h5">
              {t('iaConfig.provedorTitulo')}
            </Title>
            <SegmentedControl
              data={IA_PROVEDORES.map((provedor) => ({ value: provedor, label: t(`iaConfig.provedores.${provedor}`) }))}
              {...form.getInputProps('provedor')}
              aria-label={t('iaConfig.provedor')}
            />
            <Text size="sm" c="dimmed">
              {t(`iaConfig.provedorDica.${form.values.provedor}`)}
            </Text>
            {externo ? (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('iaConfig.modelo')}
                  placeholder={form.values.provedor === 'openai' ? 'gpt-4o-mini' : 'claude-3-5-haiku-latest'}
                  {...form.getInputProps('modelo')}
                />
                <PasswordInput
                  label={t('iaConfig.chave')}
                  description={config.chave ? t('iaConfig.chaveGuardada', { chave: config.chave }) : t('iaConfig.chaveAusente')}
                  autoComplete="off"
                  {...form.getInputProps('chave')}
                />
                {form.values.provedor === 'openai' ? (
                  <TextInput
                    label={t('iaConfig.baseUrl')}
                    description={t('iaConfig.baseUrlDica')}
                    placeholder="https://api.openai.com/v1"
                    {...form.getInputProps('baseUrl')}
                  />
                ) : null}
                {form.values.provedor === 'openai' ? (
                  <Switch
                    mt="lg"
                    label={t('iaConfig.embeddings')}
                    description={t('iaConfig.embeddingsDica')}
                    {...form.getInputProps('embeddings', { type: 'checkbox' })}
                  />
                ) : null}
              </SimpleGrid>
            ) : null}
            <Switch
              label={t('iaConfig.redacaoLgpd')}
              description={t('iaConfig.redacaoLgpdDica')}
              {...form.getInputProps('redacaoLgpd', { type: 'checkbox' })}
            />
          </Stack>
        </Paper>

        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} fz="h5">
              {t('iaConfig.autoRespostaTitulo')}
            </Title>
            <SegmentedControl
              data={IA_AUTO_RESPOSTA_MODOS.map((modo) => ({ value: modo, label: t(`iaConfig.modos.${modo}`) }))}
              {...form.getInputProps('autoRespostaModo')}
              aria-label={t('iaConfig.autoRespostaTitulo')}
            />
            <Text size="sm" c="dimmed">
              {t(`iaConfig.modosDica.${form.values.autoRespostaModo}`)}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t('iaConfig.limiarConfianca')}
                description={t('iaConfig.limiarConfiancaDica')}
                min={0}
                max={1}
                step={0.05}
                decimalScale={2}
                {...form.getInputProps('limiarConfianca')}
              />
              <NumberInput
                label={t('iaConfig.maxTurnosBot')}
                description={t('iaConfig.maxTurnosBotDica')}
                min={0}
                max={50}
                allowDecimal={false}
                {...form.getInputProps('maxTurnosBot')}
              />
            </SimpleGrid>
          </Stack>
        </Paper>

        <Paper withBorder p="md">
          <Checkbox.Group label={t('iaConfig.recursos')} {...form.getInputProps('recursos')}>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} mt="xs">
              {IA_RECURSOS_CONFIGURAVEIS.map((recurso) => (
                <Checkbox key={recurso} value={recurso} label={t(`iaConfig.recursosNomes.${recurso}`)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        </Paper>

        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} fz="h5">
              {t('iaConfig.orcamentoTitulo')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('iaConfig.consumo', {
                tokens: config.consumoMes.tokens.toLocaleString(),
                custo: config.consumoMes.custo.toFixed(2),
                moeda: config.moeda,
              })}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput
                label={t('iaConfig.orcamentoTokens')}
                min={1}
                allowDecimal={false}
                thousandSeparator="."
                decimalSeparator=","
                {...form.getInputProps('orcamentoMensalTokens')}
              />
              <NumberInput
                label={t('iaConfig.orcamentoCusto')}
                min={0}
                decimalScale={2}
                {...form.getInputProps('orcamentoMensalCusto')}
              />
              <TextInput label={t('iaConfig.moeda')} maxLength={3} {...form.getInputProps('moeda')} />
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              {t('iaConfig.orcamentoDica')}
            </Text>
          </Stack>
        </Paper>

        <Group justify="flex-end">
          <Button type="submit" loading={salvar.isPending} disabled={!form.isDirty()}>
            {t('acoes.salvar')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Re-indexing the knowledge base and resolved tickets, with its progress while it runs. */
function Reindexacao() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const ultima = useQuery({
    queryKey: iaIndexacaoKey,
    queryFn: ({ signal }) => buscarUltimaIndexacao(signal),
    refetchInterval: (query) =>
      query.state.data?.status === 'pendente' || query.state.data?.status === 'executando' ? 1000 : false,
  });
  const iniciar = useMutation({
    mutationFn: reindexar,
    onSuccess: (indexacao) => queryClient.setQueryData(iaIndexacaoKey, indexacao),
  });
  const atual = ultima.data ?? null;
  const rodando = atual?.status === 'pendente' || atual?.status === 'executando';

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3} fz="h5">
              {t('iaConfig.reindexarTitulo')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('iaConfig.reindexarDica')}
            </Text>
          </Stack>
          <Button
            variant="light"
            leftSection={<IconRefresh size={16} aria-hidden="true" />}
            loading={iniciar.isPending}
            disabled={rodando}
            onClick={() => iniciar.mutate()}
          >
            {t('iaConfig.reindexar')}
          </Button>
        </Group>
        {ultima.isLoading ? <Skeleton height={20} /> : null}
        {atual ? (
          <Stack gap={4}>
            <Progress
              value={atual.percentual ?? 0}
              animated={rodando}
              color={atual.status === 'falhou' ? 'red' : undefined}
              aria-label={t('iaConfig.progresso')}
            />
            <Text size="sm" aria-live="polite">
              {t(`iaConfig.indexacaoStatus.${atual.status}`, {
                feitos: atual.feitos,
                total: atual.total ?? '…',
                falhas: atual.falhas,
              })}
            </Text>
            {atual.erro ? (
              <Alert color="red" variant="light">
                {atual.erro}
              </Alert>
            ) : null}
          </Stack>
        ) : ultima.isSuccess ? (
          <Text size="sm" c="dimmed">
            {t('iaConfig.nuncaIndexado')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** /atendimento/configuracoes/ia (admin) */
export function IaPage() {
  const { t } = useTranslation();
  const config = useQuery({ queryKey: iaConfigKey, queryFn: ({ signal }) => buscarIaConfig(signal) });

  return (
    <SecaoConfiguracao titulo={t('configuracoes.secao.ia')} descricao={t('iaConfig.descricaoPagina')}>
      {config.data ? (
        <>
          <IaConfigForm config={config.data} />
          <IntencoesCard intencoes={config.data.intencoes} />
        </>
      ) : (
        <Stack gap="sm">
          {[1, 2, 3].map((i) => (
            <Skeleton key={i} height={80} />
          ))}
        </Stack>
      )}
      <Reindexacao />
    </SecaoConfiguracao>
  );
}
