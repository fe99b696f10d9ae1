import { type CriarTag, type TagDto, criarTagSchema } from '@atende/shared';
import { ActionIcon, Badge, Button, ColorInput, EmptyState, Group, Modal, Paper, Skeleton, Stack, Table, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPencil, IconPlus, IconTag, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { textoOuNull, validarComZod } from '../../../../lib/form.js';
import { atendimentoKeys } from '../../../atendimento/api/query-keys.js';
import { useTags } from '../../../atendimento/hooks/useCatalogos.js';
import { atualizarTag, criarTag, removerTag } from '../../api/configuracoes-api.js';
import { usePermissoes } from '../../hooks/usePermissoes.js';
import { ConfirmarRemocao } from '../ConfirmarRemocao.js';
import { SecaoConfiguracao } from '../SecaoConfiguracao.js';

export const CORES_SUGERIDAS = ['#0ca678', '#1c7ed6', '#7048e8', '#e64980', '#f76707', '#f59f00', '#2f9e44', '#868e96', '#fa5252', '#15aabf'];

interface Valores {
  nome: string;
  cor: string;
  descricao: string;
}

function paraApi(valores: Valores): CriarTag {
  return { nome: valores.nome.trim(), cor: valores.cor, descricao: textoOuNull(valores.descricao) };
}

function TagForm({ tag, onFechar }: { tag: TagDto | null; onFechar: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Valores>({
    mode: 'controlled',
    initialValues: { nome: tag?.nome ?? '', cor: tag?.cor ?? CORES_SUGERIDAS[0]!, descricao: tag?.descricao ?? '' },
    validate: validarComZod<Valores>(criarTagSchema, paraApi),
  });
  const salvar = useMutation({
    mutationFn: (body: CriarTag) => (tag ? atualizarTag(tag.id, body) : criarTag(body)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.tags() });
      onFechar();
    },
  });

  return (
    <form onSubmit={form.onSubmit((valores) => salvar.mutate(paraApi(valores)))} noValidate>
      <Stack gap="sm">
        <TextInput label={t('tags.nome')} required data-autofocus {...form.getInputProps('nome')} />
        <ColorInput label={t('tags.cor')} swatches={CORES_SUGERIDAS} swatchesPerRow={10} format="hex" required {...form.getInputProps('cor')} />
        <Textarea label={t('tags.descricao')} autosize minRows={2} {...form.getInputProps('descricao')} />
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('tags.previa')}
          </Text>
          <Badge color={form.values.cor} variant="light">
            {form.values.nome || t('tags.nome')}
          </Badge>
        </Group>
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

/** /atendimento/configuracoes/tags */
export function TagsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { editaTags } = usePermissoes();
  const tags = useTags();
  const [editando, setEditando] = useState<TagDto | 'nova' | null>(null);
  const [removendo, setRemovendo] = useState<TagDto | null>(null);
  const remover = useMutation({
    mutationFn: (tag: TagDto) => removerTag(tag.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.tags() });
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.tickets() });
      setRemovendo(null);
    },
  });

  return (
    <SecaoConfiguracao
      titulo={t('configuracoes.secao.tags')}
      descricao={t('tags.descricaoPagina')}
      acao={
        editaTags ? (
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setEditando('nova')}>
            {t('tags.nova')}
          </Button>
        ) : null
      }
    >
      <Paper withBorder>
        {tags.isLoading ? (
          <Stack p="md" gap="sm">
            {[1, 2, 3].map((i) => (
              <Skeleton key={i} height={24} />
            ))}
          </Stack>
        ) : (tags.data ?? []).length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconTag size={28} stroke={1.5} aria-hidden="true" />}
            withIndicatorBackground
            title={t('tags.vazioTitulo')}
            description={editaTags ? t('tags.vazio') : t('tags.vazioLeitura')}
          />
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tags.nome')}</Table.Th>
                  <Table.Th>{t('tags.descricao')}</Table.Th>
                  {editaTags ? <Table.Th w={100}>{t('configuracoes.acoes')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(tags.data ?? []).map((tag) => (
                  <Table.Tr key={tag.id}>
                    <Table.Td>
                      <Badge color={tag.cor} variant="light">
                        {tag.nome}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={tag.descricao ? undefined : 'dimmed'}>
                        {tag.descricao ?? '—'}
                      </Text>
                    </Table.Td>
                    {editaTags ? (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Tooltip label={t('configuracoes.editar')} withinPortal>
                            <ActionIcon variant="subtle" onClick={() => setEditando(tag)} aria-label={t('tags.editar', { nome: tag.nome })}>
                              <IconPencil size={16} aria-hidden="true" />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('configuracoes.remover')} withinPortal>
                            <ActionIcon variant="subtle" color="red" onClick={() => setRemovendo(tag)} aria-label={t('tags.remover', { nome: tag.nome })}>
                              <IconTrash size={16} aria-hidden="true" />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Modal opened={editando !== null} onClose={() => setEditando(null)} title={editando === 'nova' ? t('tags.nova') : t('tags.editarTitulo')} centered>
        {editando !== null ? <TagForm tag={editando === 'nova' ? null : editando} onFechar={() => setEditando(null)} /> : null}
      </Modal>
      <ConfirmarRemocao
        aberto={removendo !== null}
        titulo={t('tags.removerTitulo')}
        mensagem={t('tags.removerMensagem', { nome: removendo?.nome ?? '' })}
        onCancelar={() => setRemovendo(null)}
        onConfirmar={() => removendo && remover.mutate(removendo)}
        removendo={remover.isPending}
      />
    </SecaoConfiguracao>
  );
}
