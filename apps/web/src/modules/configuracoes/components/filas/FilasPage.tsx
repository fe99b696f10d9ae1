import type { FilaDto } from '@atende/shared';
import { ActionIcon, Badge, Button, ColorSwatch, Drawer, EmptyState, Group, Paper, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPencil, IconPlus, IconStack2, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { atendimentoKeys } from '../../../atendimento/api/query-keys.js';
import { useCanais, useFilas } from '../../../atendimento/hooks/useCatalogos.js';
import { removerFila } from '../../api/configuracoes-api.js';
import { usePermissoes } from '../../hooks/usePermissoes.js';
import { ConfirmarRemocao } from '../ConfirmarRemocao.js';
import { SecaoConfiguracao } from '../SecaoConfiguracao.js';
import { FilaForm } from './FilaForm.js';
import { MenuDeFilas } from './MenuDeFilas.js';

/** /atendimento/configuracoes/filas */
export function FilasPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { admin } = usePermissoes();
  const filas = useFilas();
  const canais = useCanais(admin);
  const estreito = useMediaQuery('(max-width: 48em)');
  const [editando, setEditando] = useState<FilaDto | 'nova' | null>(null);
  const [removendo, setRemovendo] = useState<FilaDto | null>(null);
  const remover = useMutation({
    mutationFn: (fila: FilaDto) => removerFila(fila.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.filas() });
      setRemovendo(null);
    },
  });
  const lista = [...(filas.data ?? [])].sort((a, b) => a.ordem - b.ordem || a.nome.localeCompare(b.nome));

  return (
    <SecaoConfiguracao
      titulo={t('configuracoes.secao.filas')}
      descricao={t('filas.descricaoPagina')}
      acao={
        admin ? (
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setEditando('nova')}>
            {t('filas.nova')}
          </Button>
        ) : null
      }
    >
      <Paper withBorder>
        {filas.isLoading ? (
          <Stack p="md" gap="sm">
            {[1, 2, 3].map((i) => (
              <Skeleton key={i} height={28} />
            ))}
          </Stack>
        ) : lista.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconStack2 size={28} stroke={1.5} aria-hidden="true" />}
            withIndicatorBackground
            title={t('filas.vazioTitulo')}
            description={admin ? t('filas.vazio') : t('filas.vazioLeitura')}
          />
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('filas.nome')}</Table.Th>
                  <Table.Th>{t('filas.estrategia')}</Table.Th>
                  <Table.Th>{t('filas.atendentes')}</Table.Th>
                  <Table.Th>{t('filas.situacao')}</Table.Th>
                  {admin ? <Table.Th w={90}>{t('configuracoes.acoes')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lista.map((fila) => (
                  <Table.Tr key={fila.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <ColorSwatch color={fila.cor} size={14} aria-hidden="true" />
                        <div>
                          <Text size="sm" fw={500}>
                            {fila.nome}
                          </Text>
                          {fila.descricao ? (
                            <Text size="xs" c="dimmed">
                              {fila.descricao}
                            </Text>
                          ) : null}
                        </div>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`filas.estrategias.${fila.estrategia}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{fila.totalAtendentes}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={fila.ativo ? 'teal' : 'gray'}>
                        {fila.ativo ? t('filas.ativaCurto') : t('filas.inativa')}
                      </Badge>
                    </Table.Td>
                    {admin ? (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Tooltip label={t('configuracoes.editar')} withinPortal>
                            <ActionIcon variant="subtle" onClick={() => setEditando(fila)} aria-label={t('filas.editar', { nome: fila.nome })}>
                              <IconPencil size={16} aria-hidden="true" />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('configuracoes.remover')} withinPortal>
                            <ActionIcon variant="subtle" color="red" onClick={() => setRemovendo(fila)} aria-label={t('filas.remover', { nome: fila.nome })}>
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

      {admin && canais.data ? <MenuDeFilas canais={canais.data} filas={lista} /> : null}

      <Drawer
        opened={editando !== null}
        onClose={() => setEditando(null)}
        position="right"
        size={estreito ? '100%' : 'lg'}
        title={editando === 'nova' ? t('filas.nova') : t('filas.editarTitulo')}
      >
        {editando !== null ? <FilaForm fila={editando === 'nova' ? null : editando} onFechar={() => setEditando(null)} /> : null}
      </Drawer>
      <ConfirmarRemocao
        aberto={removendo !== null}
        titulo={t('filas.removerTitulo')}
        mensagem={t('filas.removerMensagem', { nome: removendo?.nome ?? '' })}
        onCancelar={() => setRemovendo(null)}
        onConfirmar={() => removendo && remover.mutate(removendo)}
        removendo={remover.isPending}
      />
    </SecaoConfiguracao>
  );
}
