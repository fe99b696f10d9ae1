import type { AtendenteDto, UsuarioDto } from '@atende/shared';
import { ActionIcon, Avatar, Badge, Button, Drawer, EmptyState, Group, Paper, Skeleton, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPencil, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listarUsuarios } from '../../../atendimento/api/catalogo-api.js';
import { atendimentoKeys } from '../../../atendimento/api/query-keys.js';
import { useAtendentes } from '../../../atendimento/hooks/useAtendentes.js';
import { usePermissoes } from '../../hooks/usePermissoes.js';
import { SecaoConfiguracao } from '../SecaoConfiguracao.js';
import { ConvidarAtendente, EditarAtendente } from './AtendenteForms.js';

const COR_PRESENCA = { online: 'green', ausente: 'yellow', offline: 'gray' } as const;

type Edicao = { tipo: 'convite' } | { tipo: 'tornar'; usuario: UsuarioDto } | { tipo: 'editar'; atendente: AtendenteDto };

/** /atendimento/configuracoes/atendentes */
export function AtendentesPage() {
  const { t } = useTranslation();
  const { admin } = usePermissoes();
  const atendentes = useAtendentes();
  const usuarios = useQuery({ queryKey: atendimentoKeys.usuarios(), queryFn: ({ signal }) => listarUsuarios(signal), enabled: admin });
  const estreito = useMediaQuery('(max-width: 48em)');
  const [edicao, setEdicao] = useState<Edicao | null>(null);
  const usuarioPorId = useMemo(() => new Map((usuarios.data ?? []).map((u) => [u.id, u])), [usuarios.data]);
  const semAtendente = (usuarios.data ?? []).filter((u) => u.ativo && !(atendentes.data ?? []).some((a) => a.usuarioId === u.id));
  const lista = [...(atendentes.data ?? [])].sort((a, b) => a.nome.localeCompare(b.nome));

  const titulo =
    edicao?.tipo === 'convite' ? t('atendentes.convidar') : edicao?.tipo === 'tornar' ? t('atendentes.tornarAtendente') : t('atendentes.editarTitulo');

  return (
    <SecaoConfiguracao
      titulo={t('configuracoes.secao.atendentes')}
      descricao={t('atendentes.descricaoPagina')}
      acao={
        admin ? (
          <Button leftSection={<IconUserPlus size={16} aria-hidden="true" />} onClick={() => setEdicao({ tipo: 'convite' })}>
            {t('atendentes.convidar')}
          </Button>
        ) : null
      }
    >
      <Paper withBorder>
        {atendentes.isLoading ? (
          <Stack p="md" gap="sm">
            {[1, 2, 3].map((i) => (
              <Skeleton key={i} height={32} />
            ))}
          </Stack>
        ) : lista.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconUsers size={28} stroke={1.5} aria-hidden="true" />}
            withIndicatorBackground
            title={t('atendentes.vazioTitulo')}
            description={admin ? t('atendentes.vazio') : t('atendentes.vazioLeitura')}
          />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('atendentes.nome')}</Table.Th>
                  <Table.Th>{t('atendentes.papel')}</Table.Th>
                  <Table.Th>{t('atendentes.presenca')}</Table.Th>
                  <Table.Th>{t('atendentes.filas')}</Table.Th>
                  <Table.Th>{t('atendentes.carga')}</Table.Th>
                  {admin ? <Table.Th w={60}>{t('configuracoes.acoes')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lista.map((atendente) => {
                  const usuario = usuarioPorId.get(atendente.usuarioId);
                  return (
                    <Table.Tr key={atendente.id} opacity={atendente.ativo ? 1 : 0.6}>
                      <Table.Td>
                        <Group gap="sm" wrap="nowrap">
                          <Avatar color="initials" name={atendente.nome} radius="xl" size="sm" aria-hidden="true" />
                          <div>
                            <Text size="sm" fw={500}>
                              {atendente.nome}
                              {!atendente.ativo ? ` (${t('atendentes.inativo')})` : ''}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {atendente.email}
                            </Text>
                          </div>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{usuario ? t(`papel.${usuario.papel}`) : '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="dot" color={COR_PRESENCA[atendente.status]}>
                          {t(`presenca.${atendente.status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {atendente.filas.length === 0 ? (
                            <Text size="xs" c="dimmed">
                              {t('atendentes.nenhumaFila')}
                            </Text>
                          ) : (
                            atendente.filas.map((fila) => (
                              <Badge key={fila.filaId} variant="light" color={fila.cor}>
                                {fila.capacidade !== null ? `${fila.nome} (${fila.capacidade})` : fila.nome}
                              </Badge>
                            ))
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t('atendentes.cargaValor', { abertos: atendente.ticketsAbertos, max: atendente.maxTicketsSimultaneos })}</Text>
                      </Table.Td>
                      {admin ? (
                        <Table.Td>
                          <Tooltip label={t('configuracoes.editar')} withinPortal>
                            <ActionIcon variant="subtle" onClick={() => setEdicao({ tipo: 'editar', atendente })} aria-label={t('atendentes.editar', { nome: atendente.nome })}>
                              <IconPencil size={16} aria-hidden="true" />
                            </ActionIcon>
                          </Tooltip>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      {admin && semAtendente.length > 0 ? (
        <Paper withBorder p="md" component="section" aria-labelledby="usuarios-sem-atendente">
          <Title order={3} fz="h5" id="usuarios-sem-atendente">
            {t('atendentes.semAtendenteTitulo')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('atendentes.semAtendenteDescricao')}
          </Text>
          <Stack gap="xs">
            {semAtendente.map((usuario) => (
              <Group key={usuario.id} justify="space-between" wrap="nowrap">
                <div>
                  <Text size="sm" fw={500}>
                    {usuario.nome} · {t(`papel.${usuario.papel}`)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {usuario.email}
                  </Text>
                </div>
                <Button size="xs" variant="light" onClick={() => setEdicao({ tipo: 'tornar', usuario })}>
                  {t('atendentes.tornarAtendente')}
                </Button>
              </Group>
            ))}
          </Stack>
        </Paper>
      ) : null}

      <Drawer opened={edicao !== null} onClose={() => setEdicao(null)} position="right" size={estreito ? '100%' : 'lg'} title={titulo}>
        {edicao?.tipo === 'convite' ? <ConvidarAtendente usuario={null} onFechar={() => setEdicao(null)} /> : null}
        {edicao?.tipo === 'tornar' ? <ConvidarAtendente usuario={edicao.usuario} onFechar={() => setEdicao(null)} /> : null}
        {edicao?.tipo === 'editar' ? (
          <EditarAtendente atendente={edicao.atendente} usuario={usuarioPorId.get(edicao.atendente.usuarioId) ?? null} onFechar={() => setEdicao(null)} />
        ) : null}
      </Drawer>
    </SecaoConfiguracao>
  );
}
