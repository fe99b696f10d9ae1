import { type CanalDto, type CanalMenuDto, type FilaDto, canalMenuSchema } from '@atende/shared';
import { ActionIcon, Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { textoOuNull, validarComZod } from '../../../../lib/form.js';
import { atendimentoKeys } from '../../../atendimento/api/query-keys.js';
import { atualizarCanal } from '../../api/configuracoes-api.js';

interface Opcao {
  chave: string;
  rotulo: string;
  filaId: string | null;
}

interface Valores {
  texto: string;
  opcoes: Opcao[];
  textoOpcaoInvalida: string;
}

function paraApi(valores: Valores) {
  const invalida = textoOuNull(valores.textoOpcaoInvalida);
  return {
    texto: valores.texto,
    opcoes: valores.opcoes.map((opcao) => ({ chave: opcao.chave, rotulo: opcao.rotulo, filaId: opcao.filaId ?? '' })),
    ...(invalida ? { textoOpcaoInvalida: invalida } : {}),
  };
}

function valoresIniciais(menu: CanalMenuDto | null, filas: FilaDto[]): Valores {
  if (menu) {
    return {
      texto: menu.texto,
      opcoes: menu.opcoes.map((opcao) => ({ chave: opcao.chave, rotulo: opcao.rotulo, filaId: opcao.filaId })),
      textoOpcaoInvalida: menu.textoOpcaoInvalida ?? '',
    };
  }
  const ativas = filas.filter((fila) => fila.ativo);
  return {
    texto: '',
    opcoes: ativas.map((fila, indice) => ({ chave: String(indice + 1), rotulo: fila.nome, filaId: fila.id })),
    textoOpcaoInvalida: '',
  };
}

function EditorDeMenu({ canal, filas }: { canal: CanalDto; filas: FilaDto[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Valores>({
    mode: 'controlled',
    initialValues: valoresIniciais(canal.menu, filas),
    validate: validarComZod<Valores>(canalMenuSchema, paraApi),
  });
  const salvar = useMutation({
    mutationFn: (menu: CanalMenuDto | null) => atualizarCanal(canal.id, { menu }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: atendimentoKeys.canais() }),
  });
  const previa = [form.values.texto, ...form.values.opcoes.map((opcao) => `${opcao.chave} - ${opcao.rotulo}`)].filter(Boolean).join('\n');

  return (
    <form onSubmit={form.onSubmit((valores) => salvar.mutate(canalMenuSchema.parse(paraApi(valores))))} noValidate>
      <Stack gap="sm">
        <Textarea label={t('menu.texto')} placeholder={t('menu.textoExemplo')} autosize minRows={2} required {...form.getInputProps('texto')} />
        <Text size="sm" fw={600}>
          {t('menu.opcoes')}
        </Text>
        {form.values.opcoes.map((_, indice) => (
          <Group key={indice} gap={6} wrap="nowrap" align="flex-start">
            <TextInput w={70} size="xs" aria-label={t('menu.chave')} placeholder={t('menu.chave')} {...form.getInputProps(`opcoes.${indice}.chave`)} />
            <TextInput size="xs" style={{ flex: 1 }} aria-label={t('menu.rotulo')} placeholder={t('menu.rotulo')} {...form.getInputProps(`opcoes.${indice}.rotulo`)} />
            <Select
              size="xs"
              style={{ flex: 1 }}
              aria-label={t('menu.fila')}
              placeholder={t('menu.fila')}
              data={filas.map((fila) => ({ value: fila.id, label: fila.nome }))}
              {...form.getInputProps(`opcoes.${indice}.filaId`)}
            />
            <ActionIcon variant="subtle" color="red" onClick={() => form.removeListItem('opcoes', indice)} aria-label={t('menu.removerOpcao')}>
              <IconTrash size={14} aria-hidden="true" />
            </ActionIcon>
          </Group>
        ))}
        {typeof form.errors.opcoes === 'string' ? (
          <Text size="xs" c="red">
            {form.errors.opcoes}
          </Text>
        ) : null}
        <Button
          size="compact-sm"
          variant="subtle"
          w="fit-content"
          leftSection={<IconPlus size={14} aria-hidden="true" />}
          onClick={() => form.insertListItem('opcoes', { chave: String(form.values.opcoes.length + 1), rotulo: '', filaId: null })}
        >
          {t('menu.adicionarOpcao')}
        </Button>
        <TextInput label={t('menu.invalida')} placeholder={t('menu.invalidaExemplo')} {...form.getInputProps('textoOpcaoInvalida')} />
        {previa ? (
          <Paper withBorder p="xs" radius="md">
            <Text size="xs" c="dimmed" mb={4}>
              {t('menu.previa')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {previa}
            </Text>
          </Paper>
        ) : null}
        <Group justify="space-between">
          {canal.menu ? (
            <Button variant="subtle" color="red" onClick={() => salvar.mutate(null)} loading={salvar.isPending && salvar.variables === null}>
              {t('menu.desligar')}
            </Button>
          ) : (
            <span />
          )}
          <Button type="submit" loading={salvar.isPending && salvar.variables !== null}>
            {t('menu.salvar')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The fila menu a canal sends to new conversations ("1 - Vendas, 2 - Suporte"), per canal. */
export function MenuDeFilas({ canais, filas }: { canais: CanalDto[]; filas: FilaDto[] }) {
  const { t } = useTranslation();
  const [canalId, setCanalId] = useState<string | null>(canais[0]?.id ?? null);
  const canal = canais.find((item) => item.id === canalId) ?? null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="menu-filas-titulo">
      <Title order={3} fz="h5" id="menu-filas-titulo">
        {t('menu.titulo')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('menu.descricao')}
      </Text>
      {canais.length === 0 ? (
        <Alert variant="light">{t('menu.semCanais')}</Alert>
      ) : filas.length === 0 ? (
        <Alert variant="light">{t('menu.semFilas')}</Alert>
      ) : (
        <Stack gap="sm">
          <Select
            label={t('menu.canal')}
            data={canais.map((item) => ({ value: item.id, label: `${item.nome}${item.menu ? ` · ${t('menu.comMenu')}` : ''}` }))}
            value={canalId}
            onChange={setCanalId}
            allowDeselect={false}
            maw={360}
          />
          {canal ? <EditorDeMenu key={canal.id} canal={canal} filas={filas} /> : null}
        </Stack>
      )}
    </Paper>
  );
}
