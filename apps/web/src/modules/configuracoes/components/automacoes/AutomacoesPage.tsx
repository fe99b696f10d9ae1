import {
  AUTOMACAO_GATILHO_VALORES,
  type AutomacaoAcaoDto,
  type AutomacaoDto,
  type AutomacaoGatilhoDto,
  type CriarAutomacao,
  TICKET_PRIORIDADE_VALORES,
  criarAutomacaoSchema,
} from '@atende/shared';
import { ActionIcon, Badge, Button, Checkbox, EmptyState, Group, Modal, NumberInput, Paper, Select, Skeleton, Stack, Switch, Table, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconBolt, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { textoOuNull } from '../../../../lib/form.js';
import { useTags } from '../../../atendimento/hooks/useCatalogos.js';
import {
  automacoesKey,
  criarAutomacao,
  definirAutomacaoAtiva,
  listarAutomacoes,
  removerAutomacao,
  reordenarAutomacoes,
} from '../../api/automacoes-api.js';
import { usePermissoes } from '../../hooks/usePermissoes.js';
import { ConfirmarRemocao } from '../ConfirmarRemocao.js';
import { SecaoConfiguracao } from '../SecaoConfiguracao.js';

/** The actions the simple form offers; the API takes more (webhook, template, assignment…). */
const ACOES_DO_FORMULARIO = ['adicionar_tag', 'definir_prioridade', 'nota_interna', 'resolver'] as const;
type AcaoDoFormulario = (typeof ACOES_DO_FORMULARIO)[number];

interface Valores {
  nome: string;
  gatilho: AutomacaoGatilhoDto;
  minutos: number | string;
  textoContem: string;
  acao: AcaoDoFormulario;
  tagId: string | null;
  prioridade: (typeof TICKET_PRIORIDADE_VALORES)[number];
  texto: string;
  pararAposExecutar: boolean;
}

function acaoDe(v: Valores): AutomacaoAcaoDto {
  switch (v.acao) {
    case 'adicionar_tag':
      return { tipo: 'adicionar_tag', tagId: v.tagId ?? '' };
    case 'definir_prioridade':
      return { tipo: 'definir_prioridade', prioridade: v.prioridade };
    case 'nota_interna':
      return { tipo: 'nota_interna', texto: v.texto.trim() };
    case 'resolver':
      return { tipo: 'resolver' };
  }
}

function paraApi(v: Valores): CriarAutomacao {
  const contem = textoOuNull(v.textoContem);
  return {
    nome: v.nome.trim(),
    gatilho: v.gatilho,
    ...(v.gatilho === 'ticket_ocioso' ? { gatilhoConfig: { minutos: Number(v.minutos) } } : {}),
    ...(contem ? { condicoes: { tipo: 'texto' as const, campo: 'mensagem' as const, modo: 'contem' as const, valor: contem } } : {}),
    acoes: [acaoDe(v)],
    pararAposExecutar: v.pararAposExecutar,
  };
}

/** API paths → the form's fields, so each error shows under its input. */
const CAMPOS: Record<string, keyof Valores> = {
  nome: 'nome',
  gatilho: 'gatilho',
  'gatilhoConfig.minutos': 'minutos',
  'condicoes.valor': 'textoContem',
  'acoes.0.tagId': 'tagId',
  'acoes.0.prioridade': 'prioridade',
  'acoes.0.texto': 'texto',
};

function validar(v: Valores): Partial<Record<keyof Valores, string>> {
  const resultado = criarAutomacaoSchema.safeParse(paraApi(v));
  if (resultado.success) return {};
  const erros: Partial<Record<keyof Valores, string>> = {};
  for (const issue of resultado.error.issues) {
    const campo = CAMPOS[issue.path.map(String).join('.')] ?? 'nome';
    erros[campo] ??= issue.message;
  }
  return erros;
}

function AutomacaoForm({ onFechar }: { onFechar: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tags = useTags();
  const form = useForm<Valores>({
    mode: 'controlled',
    initialValues: {
      nome: '',
      gatilho: 'ticket_criado',
      minutos: 30,
      textoContem: '',
      acao: 'adicionar_tag',
      tagId: null,
      prioridade: 'alta',
      texto: '',
      pararAposExecutar: false,
    },
    validate: validar,
  });
  const salvar = useMutation({
    mutationFn: (body: CriarAutomacao) => criarAutomacao(body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: automacoesKey });
      onFechar();
    },
  });
  const v = form.values;

  return (
    <form onSubmit={form.onSubmit((valores) => salvar.mutate(paraApi(valores)))} noValidate>
      <Stack gap="sm">
        <TextInput label={t('automacoes.nome')} required data-autofocus {...form.getInputProps('nome')} />
        <Select
          label={t('automacoes.gatilho')}
          data={AUTOMACAO_GATILHO_VALORES.map((g) => ({ value: g, label: t(`automacoes.gatilhos.${g}`) }))}
          allowDeselect={false}
          {...form.getInputProps('gatilho')}
        />
        {v.gatilho === 'ticket_ocioso' ? <NumberInput label={t('automacoes.minutos')} min={1} max={43200} {...form.getInputProps('minutos')} /> : null}
        <TextInput label={t('automacoes.textoContem')} description={t('automacoes.textoContemAjuda')} {...form.getInputProps('textoContem')} />
        <Select
          label={t('automacoes.acao')}
          data={ACOES_DO_FORMULARIO.map((a) => ({ value: a, label: t(`automacoes.acoes.${a}`) }))}
          allowDeselect={false}
          {...form.getInputProps('acao')}
        />
        {v.acao === 'adicionar_tag' ? (
          <Select
            label={t('automacoes.tag')}
            data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.nome }))}
            searchable
            {...form.getInputProps('tagId')}
          />
        ) : null}
        {v.acao === 'definir_prioridade' ? (
          <Select
            label={t('automacoes.prioridade')}
            data={TICKET_PRIORIDADE_VALORES.map((p) => ({ value: p, label: t(`automacoes.prioridades.${p}`) }))}
            allowDeselect={false}
            {...form.getInputProps('prioridade')}
          />
        ) : null}
        {v.acao === 'nota_interna' ? <Textarea label={t('automacoes.nota')} autosize minRows={2} {...form.getInputProps('texto')} /> : null}
        <Checkbox label={t('automacoes.parar')} {...form.getInputProps('pararAposExecutar', { type: 'checkbox' })} />
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
  );
}

/** /atendimento/configuracoes/automacoes: the rules in execution order, switched on/off and reordered here. */
export function AutomacoesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { editaAutomacoes: edita } = usePermissoes();
  const regras = useQuery({ queryKey: automacoesKey, queryFn: ({ signal }) => listarAutomacoes(signal), enabled: edita });
  const [criando, setCriando] = useState(false);
  const [removendo, setRemovendo] = useState<AutomacaoDto | null>(null);
  const atualizar = () => void queryClient.invalidateQueries({ queryKey: automacoesKey });
  const ativar = useMutation({ mutationFn: (r: AutomacaoDto) => definirAutomacaoAtiva(r.id, !r.ativo), onSuccess: atualizar });
  const reordenar = useMutation({ mutationFn: reordenarAutomacoes, onSuccess: atualizar });
  const remover = useMutation({
    mutationFn: (r: AutomacaoDto) => removerAutomacao(r.id),
    onSuccess: () => {
      atualizar();
      setRemovendo(null);
    },
  });
  const lista = regras.data ?? [];
  const mover = (indice: number, delta: number) => {
    const ids = lista.map((r) => r.id);
    const [id] = ids.splice(indice, 1);
    if (id === undefined) return;
    ids.splice(indice + delta, 0, id);
    reordenar.mutate(ids);
  };

  return (
    <SecaoConfiguracao
      titulo={t('configuracoes.secao.automacoes')}
      descricao={t('automacoes.descricaoPagina')}
      acao={
        edita ? (
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCriando(true)}>
            {t('automacoes.nova')}
          </Button>
        ) : null
      }
    >
      <Paper withBorder>
        {!edita ? (
          <Text p="md" c="dimmed">
            {t('automacoes.semPermissao')}
          </Text>
        ) : regras.isLoading ? (
          <Stack p="md" gap="sm">
            {[1, 2, 3].map((i) => (
              <Skeleton key={i} height={24} />
            ))}
          </Stack>
        ) : lista.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconBolt size={28} stroke={1.5} aria-hidden="true" />}
            withIndicatorBackground
            title={t('automacoes.vazioTitulo')}
            description={t('automacoes.vazio')}
          />
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={90}>{t('automacoes.ordem')}</Table.Th>
                  <Table.Th>{t('automacoes.nome')}</Table.Th>
                  <Table.Th>{t('automacoes.gatilho')}</Table.Th>
                  <Table.Th>{t('automacoes.acao')}</Table.Th>
                  <Table.Th w={90}>{t('automacoes.ativa')}</Table.Th>
                  <Table.Th w={60}>{t('configuracoes.acoes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lista.map((regra, i) => (
                  <Table.Tr key={regra.id}>
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon variant="subtle" disabled={i === 0 || reordenar.isPending} onClick={() => mover(i, -1)} aria-label={t('automacoes.subir', { nome: regra.nome })}>
                          <IconArrowUp size={16} aria-hidden="true" />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          disabled={i === lista.length - 1 || reordenar.isPending}
                          onClick={() => mover(i, 1)}
                          aria-label={t('automacoes.descer', { nome: regra.nome })}
                        >
                          <IconArrowDown size={16} aria-hidden="true" />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{regra.nome}</Text>
                      {regra.pararAposExecutar ? (
                        <Badge size="xs" variant="light" color="orange">
                          {t('automacoes.paraCadeia')}
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`automacoes.gatilhos.${regra.gatilho}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{regra.acoes.map((a) => t(`automacoes.acoes.${a.tipo}`)).join(', ')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Switch checked={regra.ativo} onChange={() => ativar.mutate(regra)} aria-label={t('automacoes.alternar', { nome: regra.nome })} />
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={t('configuracoes.remover')} withinPortal>
                        <ActionIcon variant="subtle" color="red" onClick={() => setRemovendo(regra)} aria-label={t('automacoes.remover', { nome: regra.nome })}>
                          <IconTrash size={16} aria-hidden="true" />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Modal opened={criando} onClose={() => setCriando(false)} title={t('automacoes.nova')} centered>
        {criando ? <AutomacaoForm onFechar={() => setCriando(false)} /> : null}
      </Modal>
      <ConfirmarRemocao
        aberto={removendo !== null}
        titulo={t('automacoes.removerTitulo')}
        mensagem={t('automacoes.removerMensagem', { nome: removendo?.nome ?? '' })}
        onCancelar={() => setRemovendo(null)}
        onConfirmar={() => removendo && remover.mutate(removendo)}
        removendo={remover.isPending}
      />
    </SecaoConfiguracao>
  );
}
