import {
  type CriarFila,
  FILA_ESTRATEGIAS_DISTRIBUICAO,
  type FilaDto,
  type FilaEstrategiaDto,
  criarFilaSchema,
  definirAtendentesDaFilaSchema,
} from '@atende/shared';
import {
  ActionIcon,
  Button,
  ColorInput,
  Divider,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { textoOuNull, validarComZod } from '../../../../lib/form.js';
import { atendimentoKeys } from '../../../atendimento/api/query-keys.js';
import { useAtendentes } from '../../../atendimento/hooks/useAtendentes.js';
import { atualizarFila, buscarFila, criarFila, definirMembrosDaFila } from '../../api/configuracoes-api.js';
import { CORES_SUGERIDAS } from '../tags/TagsPage.js';

interface Valores {
  nome: string;
  descricao: string;
  cor: string;
  estrategia: FilaEstrategiaDto;
  ordem: number | string;
  mensagemSaudacao: string;
  mensagemPosicao: string;
  devolverAoFicarOffline: boolean;
  carenciaOfflineSegundos: number | string;
  fidelizacaoJanelaMinutos: number | string;
  ativo: boolean;
}

const numero = (valor: number | string): number => (typeof valor === 'number' ? valor : Number(valor));

function paraApi(valores: Valores): CriarFila {
  return {
    nome: valores.nome.trim(),
    descricao: textoOuNull(valores.descricao),
    cor: valores.cor,
    estrategia: valores.estrategia,
    ordem: numero(valores.ordem),
    mensagemSaudacao: textoOuNull(valores.mensagemSaudacao),
    mensagemPosicao: textoOuNull(valores.mensagemPosicao),
    devolverAoFicarOffline: valores.devolverAoFicarOffline,
    carenciaOfflineSegundos: numero(valores.carenciaOfflineSegundos),
    fidelizacaoJanelaMinutos: valores.fidelizacaoJanelaMinutos === '' ? null : numero(valores.fidelizacaoJanelaMinutos),
    ativo: valores.ativo,
  };
}

interface Membro {
  atendenteId: string;
  capacidade: number | string;
}

/** Who serves the fila, each with an optional per-fila capacity (empty: only the agent's global maximum). */
function MembrosDaFila({ filaId }: { filaId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const atendentes = useAtendentes();
  const fila = useQuery({ queryKey: atendimentoKeys.fila(filaId), queryFn: ({ signal }) => buscarFila(filaId, signal) });
  const form = useForm<{ membros: Membro[] }>({
    mode: 'controlled',
    initialValues: { membros: [] },
    validate: validarComZod<{ membros: Membro[] }>(
      definirAtendentesDaFilaSchema,
      (valores) => valores.membros.map((m) => ({ atendenteId: m.atendenteId, capacidade: m.capacidade === '' ? null : numero(m.capacidade) })),
    ),
  });
  const carregado = fila.data;
  if (carregado && !form.initialized) {
    form.initialize({ membros: carregado.atendentes.map((m) => ({ atendenteId: m.atendenteId, capacidade: m.capacidade ?? '' })) });
  }
  const salvar = useMutation({
    mutationFn: (membros: Membro[]) =>
      definirMembrosDaFila(
        filaId,
        membros.map((m) => ({ atendenteId: m.atendenteId, capacidade: m.capacidade === '' ? null : numero(m.capacidade) })),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.filas() });
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.atendentes() });
    },
  });

  if (!form.initialized) return <Skeleton height={80} />;
  const nomes = new Map((atendentes.data ?? []).map((a) => [a.id, a]));
  const escolhidos = form.values.membros.map((m) => m.atendenteId);

  return (
    <form onSubmit={form.onSubmit((valores) => salvar.mutate(valores.membros))} noValidate aria-label={t('filas.membros')}>
      <Stack gap="xs">
        <MultiSelect
          label={t('filas.membros')}
          description={t('filas.membrosDica')}
          placeholder={t('filas.escolherAtendentes')}
          data={(atendentes.data ?? []).map((a) => ({ value: a.id, label: a.nome }))}
          value={escolhidos}
          onChange={(ids) =>
            form.setFieldValue(
              'membros',
              ids.map((id) => form.values.membros.find((m) => m.atendenteId === id) ?? { atendenteId: id, capacidade: '' }),
            )
          }
          searchable
          nothingFoundMessage={t('filas.semAtendentes')}
        />
        {form.values.membros.map((membro, indice) => {
          const atendente = nomes.get(membro.atendenteId);
          return (
            <Group key={membro.atendenteId} gap="xs" wrap="nowrap">
              <Text size="sm" style={{ flex: 1 }} truncate="end">
                {atendente?.nome ?? membro.atendenteId}
              </Text>
              <NumberInput
                size="xs"
                w={150}
                min={0}
                max={1000}
                allowDecimal={false}
                aria-label={t('filas.capacidadeDe', { nome: atendente?.nome ?? '' })}
                placeholder={t('filas.capacidadeGlobal', { max: atendente?.maxTicketsSimultaneos ?? '—' })}
                {...form.getInputProps(`membros.${indice}.capacidade`)}
              />
              <ActionIcon variant="subtle" color="red" onClick={() => form.removeListItem('membros', indice)} aria-label={t('filas.removerMembro', { nome: atendente?.nome ?? '' })}>
                <IconTrash size={14} aria-hidden="true" />
              </ActionIcon>
            </Group>
          );
        })}
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={salvar.isPending}>
            {t('filas.salvarMembros')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Create or edit a fila: distribution strategy, messages, offline handling, and (when it exists) its members. */
export function FilaForm({ fila, onFechar }: { fila: FilaDto | null; onFechar: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Valores>({
    mode: 'controlled',
    initialValues: {
      nome: fila?.nome ?? '',
      descricao: fila?.descricao ?? '',
      cor: fila?.cor ?? CORES_SUGERIDAS[1]!,
      estrategia: fila?.estrategia ?? 'round_robin',
      ordem: fila?.ordem ?? 0,
      mensagemSaudacao: fila?.mensagemSaudacao ?? '',
      mensagemPosicao: fila?.mensagemPosicao ?? '',
      devolverAoFicarOffline: fila?.devolverAoFicarOffline ?? false,
      carenciaOfflineSegundos: fila?.carenciaOfflineSegundos ?? 300,
      fidelizacaoJanelaMinutos: fila?.fidelizacaoJanelaMinutos ?? '',
      ativo: fila?.ativo ?? true,
    },
    validate: validarComZod<Valores>(criarFilaSchema, paraApi),
  });
  const salvar = useMutation({
    mutationFn: (body: CriarFila) => (fila ? atualizarFila(fila.id, body) : criarFila(body)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.filas() });
      onFechar();
    },
  });

  return (
    <Stack gap="lg">
      <form onSubmit={form.onSubmit((valores) => salvar.mutate(paraApi(valores)))} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('filas.nome')} required data-autofocus {...form.getInputProps('nome')} />
            <ColorInput label={t('filas.cor')} swatches={CORES_SUGERIDAS} swatchesPerRow={10} format="hex" {...form.getInputProps('cor')} />
          </SimpleGrid>
          <TextInput label={t('filas.descricao')} {...form.getInputProps('descricao')} />
          <Select
            label={t('filas.estrategia')}
            description={t(`filas.estrategias.${form.values.estrategia}Dica`)}
            data={FILA_ESTRATEGIAS_DISTRIBUICAO.map((estrategia) => ({ value: estrategia, label: t(`filas.estrategias.${estrategia}`) }))}
            allowDeselect={false}
            {...form.getInputProps('estrategia')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NumberInput label={t('filas.ordem')} description={t('filas.ordemDica')} min={0} max={10000} allowDecimal={false} {...form.getInputProps('ordem')} />
            <NumberInput
              label={t('filas.fidelizacao')}
              description={t('filas.fidelizacaoDica')}
              min={1}
              max={525600}
              allowDecimal={false}
              placeholder={t('filas.desligado')}
              {...form.getInputProps('fidelizacaoJanelaMinutos')}
            />
          </SimpleGrid>
          <Textarea label={t('filas.saudacao')} description={t('filas.saudacaoDica')} autosize minRows={2} {...form.getInputProps('mensagemSaudacao')} />
          <Textarea label={t('filas.posicao')} description={t('filas.posicaoDica', { posicao: '{{posicao}}' })} autosize minRows={2} placeholder={t('filas.posicaoExemplo', { posicao: '{{posicao}}' })} {...form.getInputProps('mensagemPosicao')} />
          <Switch label={t('filas.devolverOffline')} description={t('filas.devolverOfflineDica')} {...form.getInputProps('devolverAoFicarOffline', { type: 'checkbox' })} />
          {form.values.devolverAoFicarOffline ? (
            <NumberInput label={t('filas.carencia')} min={0} max={86400} allowDecimal={false} suffix=" s" {...form.getInputProps('carenciaOfflineSegundos')} />
          ) : null}
          <Switch label={t('filas.ativa')} {...form.getInputProps('ativo', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onFechar}>
              {t('acoes.cancelar')}
            </Button>
            <Button type="submit" loading={salvar.isPending}>
              {t('acoes.salvar')}
            </Button>
          </Group>
        </Stack>
      </form>
      {fila ? (
        <>
          <Divider />
          <MembrosDaFila filaId={fila.id} />
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t('filas.membrosDepois')}
        </Text>
      )}
    </Stack>
  );
}
