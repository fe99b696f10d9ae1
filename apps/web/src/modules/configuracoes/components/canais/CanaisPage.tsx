import { type AtualizarCanal, type CanalDto, atualizarCanalSchema } from '@atende/shared';
import {
  Alert,
  Badge,
  Button,
  Divider,
  Drawer,
  EmptyState,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlugConnected, IconPlus, IconSettings, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validarComZod } from '../../../../lib/form.js';
import { atendimentoKeys } from '../../../atendimento/api/query-keys.js';
import { CanalIcone } from '../../../atendimento/components/CanalIcone.js';
import { dataHora } from '../../../atendimento/formatacao.js';
import { useCanais, useFilas } from '../../../atendimento/hooks/useCatalogos.js';
import { atualizarCanal, removerCanal } from '../../api/configuracoes-api.js';
import { usePermissoes } from '../../hooks/usePermissoes.js';
import { ConfirmarRemocao } from '../ConfirmarRemocao.js';
import { SecaoConfiguracao } from '../SecaoConfiguracao.js';
import { CanalConexao, COR_STATUS_CANAL } from './CanalConexao.js';
import { CanalWizard } from './CanalWizard.js';

interface Valores {
  nome: string;
  ativo: boolean;
  filaPadraoId: string | null;
  limiteEnviosPorSegundo: number | string;
}

function paraApi(valores: Valores): AtualizarCanal {
  return {
    nome: valores.nome.trim(),
    ativo: valores.ativo,
    filaPadraoId: valores.filaPadraoId,
    limiteEnviosPorSegundo: valores.limiteEnviosPorSegundo === '' ? null : Number(valores.limiteEnviosPorSegundo),
  };
}

function EditarCanal({ canal, onRemover }: { canal: CanalDto; onRemover: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const filas = useFilas();
  const form = useForm<Valores>({
    mode: 'controlled',
    initialValues: {
      nome: canal.nome,
      ativo: canal.ativo,
      filaPadraoId: canal.filaPadraoId,
      limiteEnviosPorSegundo: canal.limiteEnviosPorSegundo ?? '',
    },
    validate: validarComZod<Valores>(atualizarCanalSchema, paraApi),
  });
  const salvar = useMutation({
    mutationFn: (body: AtualizarCanal) => atualizarCanal(canal.id, body),
    onSuccess: (atualizado) => {
      form.resetDirty();
      queryClient.setQueryData<CanalDto[]>(atendimentoKeys.canais(), (lista) => lista?.map((c) => (c.id === atualizado.id ? atualizado : c)));
    },
  });
  return (
    <form onSubmit={form.onSubmit((valores) => salvar.mutate(paraApi(valores)))} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('canais.nome')} required {...form.getInputProps('nome')} />
          <Select
            label={t('canais.filaPadrao')}
            description={t('canais.filaPadraoDica')}
            data={(filas.data ?? []).map((fila) => ({ value: fila.id, label: fila.nome }))}
            clearable
            {...form.getInputProps('filaPadraoId')}
          />
        </SimpleGrid>
        <NumberInput label={t('canais.limite')} description={t('canais.limiteDica')} min={0.1} max={1000} decimalScale={1} w={{ base: '100%', sm: 260 }} {...form.getInputProps('limiteEnviosPorSegundo')} />
        <Switch label={t('canais.ativo')} description={t('canais.ativoDica')} {...form.getInputProps('ativo', { type: 'checkbox' })} />
        <Group justify="space-between">
          <Button variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden="true" />} onClick={onRemover}>
            {t('canais.remover')}
          </Button>
          <Button type="submit" loading={salvar.isPending} disabled={!form.isDirty()}>
            {t('acoes.salvar')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CartaoDoCanal({ canal, onAbrir }: { canal: CanalDto; onAbrir: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap">
          <CanalIcone tipo={canal.tipo} size={28} />
          <div>
            <Text fw={600}>{canal.nome}</Text>
            <Text size="xs" c="dimmed">
              {t(`canal.tipos.${canal.tipo}`)}
              {canal.chaveRoteamento ? ` · ${canal.chaveRoteamento}` : ''}
            </Text>
          </div>
        </Group>
        <Stack gap={4} align="flex-end">
          <Badge color={COR_STATUS_CANAL[canal.status]} variant="light">
            {t(`canais.status.${canal.status}`)}
          </Badge>
          {!canal.ativo ? (
            <Badge color="gray" variant="outline">
              {t('canais.desativado')}
            </Badge>
          ) : null}
        </Stack>
      </Group>
      <Text size="xs" c="dimmed" mt="sm">
        {canal.ultimoEventoEm ? t('canais.ultimoEvento', { data: dataHora(canal.ultimoEventoEm) }) : t('canais.semEventos')}
      </Text>
      {canal.ultimoErro ? (
        <Text size="xs" c="red" lineClamp={2}>
          {canal.ultimoErro.mensagem}
        </Text>
      ) : null}
      <Button mt="sm" variant="light" size="xs" leftSection={<IconSettings size={14} aria-hidden="true" />} onClick={onAbrir}>
        {t('canais.configurar', { nome: canal.nome })}
      </Button>
    </Paper>
  );
}

/** /atendimento/configuracoes/canais (admins). */
export function CanaisPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { admin } = usePermissoes();
  const canais = useCanais(admin);
  const estreito = useMediaQuery('(max-width: 48em)');
  const [criando, setCriando] = useState(false);
  const [abertoId, setAbertoId] = useState<string | null>(null);
  const [removendo, setRemovendo] = useState<CanalDto | null>(null);
  const aberto = (canais.data ?? []).find((canal) => canal.id === abertoId) ?? null;
  const remover = useMutation({
    mutationFn: (canal: CanalDto) => removerCanal(canal.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.canais() });
      setRemovendo(null);
      setAbertoId(null);
    },
  });

  if (!admin) {
    return (
      <SecaoConfiguracao titulo={t('configuracoes.secao.canais')} descricao={t('canais.descricaoPagina')}>
        <Alert variant="light">{t('canais.soAdmin')}</Alert>
      </SecaoConfiguracao>
    );
  }

  return (
    <SecaoConfiguracao
      titulo={t('configuracoes.secao.canais')}
      descricao={t('canais.descricaoPagina')}
      acao={
        <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCriando(true)}>
          {t('canais.novo')}
        </Button>
      }
    >
      {canais.isLoading ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {[1, 2].map((i) => (
            <Skeleton key={i} height={130} />
          ))}
        </SimpleGrid>
      ) : (canais.data ?? []).length === 0 ? (
        <Paper withBorder>
          <EmptyState
            py="xl"
            icon={<IconPlugConnected size={28} stroke={1.5} aria-hidden="true" />}
            withIndicatorBackground
            title={t('canais.vazioTitulo')}
            description={t('canais.vazio')}
          >
            <Button onClick={() => setCriando(true)}>{t('canais.novo')}</Button>
          </EmptyState>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {(canais.data ?? []).map((canal) => (
            <CartaoDoCanal key={canal.id} canal={canal} onAbrir={() => setAbertoId(canal.id)} />
          ))}
        </SimpleGrid>
      )}

      <Drawer opened={criando} onClose={() => setCriando(false)} position="right" size={estreito ? '100%' : 'xl'} title={t('canais.novo')}>
        {criando ? <CanalWizard onFechar={() => setCriando(false)} /> : null}
      </Drawer>
      <Drawer opened={aberto !== null} onClose={() => setAbertoId(null)} position="right" size={estreito ? '100%' : 'xl'} title={aberto?.nome}>
        {aberto ? (
          <Stack gap="lg">
            <CanalConexao canal={aberto} />
            <Divider />
            <Title order={3} fz="h6">
              {t('canais.dados')}
            </Title>
            <EditarCanal key={aberto.id} canal={aberto} onRemover={() => setRemovendo(aberto)} />
          </Stack>
        ) : null}
      </Drawer>
      <ConfirmarRemocao
        aberto={removendo !== null}
        titulo={t('canais.removerTitulo')}
        mensagem={t('canais.removerMensagem', { nome: removendo?.nome ?? '' })}
        onCancelar={() => setRemovendo(null)}
        onConfirmar={() => removendo && remover.mutate(removendo)}
        removendo={remover.isPending}
      />
    </SecaoConfiguracao>
  );
}
