import {
  type AtendenteDto,
  type Papel,
  type UsuarioDto,
  atualizarAtendenteSchema,
  criarUsuarioSchema,
  papelSchema,
} from '@atende/shared';
import { ActionIcon, Alert, Button, Group, MultiSelect, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDice5, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validarComZod } from '../../../../lib/form.js';
import { atendimentoKeys } from '../../../atendimento/api/query-keys.js';
import { useFilas } from '../../../atendimento/hooks/useCatalogos.js';
import { atualizarAtendente, atualizarUsuario, criarAtendente, criarUsuario } from '../../api/configuracoes-api.js';

interface FilaEscolhida {
  filaId: string;
  capacidade: number | string;
}

const numero = (valor: number | string): number => (typeof valor === 'number' ? valor : Number(valor));

function filasParaApi(filas: FilaEscolhida[]) {
  return filas.map((fila) => ({ filaId: fila.filaId, capacidade: fila.capacidade === '' ? null : numero(fila.capacidade) }));
}

/** A readable random password for the invitation (the person changes it later). */
export function gerarSenha(): string {
  const alfabeto = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(14));
  return Array.from(bytes, (byte) => alfabeto[byte % alfabeto.length]).join('');
}

function FilasComCapacidade({
  filas,
  onChange,
  erro,
}: {
  filas: FilaEscolhida[];
  onChange: (filas: FilaEscolhida[]) => void;
  erro?: string;
}) {
  const { t } = useTranslation();
  const todas = useFilas();
  const nomes = new Map((todas.data ?? []).map((fila) => [fila.id, fila.nome]));
  return (
    <Stack gap={6}>
      <MultiSelect
        label={t('atendentes.filas')}
        description={t('atendentes.filasDica')}
        placeholder={t('atendentes.escolherFilas')}
        data={(todas.data ?? []).map((fila) => ({ value: fila.id, label: fila.nome }))}
        value={filas.map((fila) => fila.filaId)}
        onChange={(ids) => onChange(ids.map((id) => filas.find((f) => f.filaId === id) ?? { filaId: id, capacidade: '' }))}
        error={erro}
        searchable
        nothingFoundMessage={t('atendentes.semFilas')}
      />
      {filas.map((fila, indice) => (
        <Group key={fila.filaId} gap="xs" wrap="nowrap">
          <Text size="sm" style={{ flex: 1 }}>
            {nomes.get(fila.filaId) ?? fila.filaId}
          </Text>
          <NumberInput
            size="xs"
            w={170}
            min={0}
            max={1000}
            allowDecimal={false}
            placeholder={t('atendentes.semLimiteNaFila')}
            aria-label={t('atendentes.capacidadeNaFila', { fila: nomes.get(fila.filaId) ?? '' })}
            value={fila.capacidade}
            onChange={(valor) => onChange(filas.map((f, i) => (i === indice ? { ...f, capacidade: valor } : f)))}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={() => onChange(filas.filter((_, i) => i !== indice))}
            aria-label={t('atendentes.tirarDaFila', { fila: nomes.get(fila.filaId) ?? '' })}
          >
            <IconTrash size={14} aria-hidden="true" />
          </ActionIcon>
        </Group>
      ))}
    </Stack>
  );
}

interface ConviteValores {
  nome: string;
  email: string;
  senha: string;
  papel: Papel;
  maxTicketsSimultaneos: number | string;
  filas: FilaEscolhida[];
}

/**
 * Invites someone: creates the usuario (name, e-mail, initial password, role) and then its atendente (filas,
 * capacity). `usuario` set: only the atendente part, for an existing usuario (an admin who will also serve).
 */
export function ConvidarAtendente({ usuario, onFechar }: { usuario: UsuarioDto | null; onFechar: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [usuarioCriado, setUsuarioCriado] = useState<UsuarioDto | null>(usuario);
  const form = useForm<ConviteValores>({
    mode: 'controlled',
    initialValues: {
      nome: usuario?.nome ?? '',
      email: usuario?.email ?? '',
      senha: usuario ? 'senha-existente' : gerarSenha(),
      papel: usuario?.papel ?? 'atendente',
      maxTicketsSimultaneos: 5,
      filas: [],
    },
    validate: (valores) => {
      const erros = usuarioCriado
        ? {}
        : validarComZod<ConviteValores>(criarUsuarioSchema, (v) => ({ nome: v.nome, email: v.email.trim(), senha: v.senha, papel: v.papel }))(valores);
      const atendente = validarComZod<ConviteValores>(atualizarAtendenteSchema, (v) => ({
        maxTicketsSimultaneos: numero(v.maxTicketsSimultaneos),
        filas: filasParaApi(v.filas),
      }))(valores);
      return { ...erros, ...atendente };
    },
  });

  const convidar = useMutation({
    mutationFn: async (valores: ConviteValores) => {
      let criado = usuarioCriado;
      if (!criado) {
        criado = await criarUsuario({ nome: valores.nome.trim(), email: valores.email.trim(), senha: valores.senha, papel: valores.papel });
        // Kept so a failure creating the atendente can be retried without creating the usuario twice.
        setUsuarioCriado(criado);
      }
      return criarAtendente({
        usuarioId: criado.id,
        maxTicketsSimultaneos: numero(valores.maxTicketsSimultaneos),
        filas: filasParaApi(valores.filas),
      });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.atendentes() });
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.usuarios() });
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.filas() });
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.meuAtendente() });
      onFechar();
    },
  });

  return (
    <form onSubmit={form.onSubmit((valores) => convidar.mutate(valores))} noValidate>
      <Stack gap="sm">
        {usuarioCriado && !usuario ? (
          <Alert variant="light" color="yellow">
            {t('atendentes.usuarioJaCriado', { email: usuarioCriado.email })}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('atendentes.nome')} required disabled={usuarioCriado !== null} data-autofocus {...form.getInputProps('nome')} />
          <TextInput label={t('atendentes.email')} type="email" required disabled={usuarioCriado !== null} {...form.getInputProps('email')} />
        </SimpleGrid>
        {usuarioCriado === null ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <PasswordInput
              label={t('atendentes.senhaInicial')}
              description={t('atendentes.senhaInicialDica')}
              required
              rightSectionWidth={64}
              rightSection={
                <Tooltip label={t('atendentes.gerarSenha')} withinPortal>
                  <ActionIcon variant="subtle" onClick={() => form.setFieldValue('senha', gerarSenha())} aria-label={t('atendentes.gerarSenha')} mr={28}>
                    <IconDice5 size={16} aria-hidden="true" />
                  </ActionIcon>
                </Tooltip>
              }
              {...form.getInputProps('senha')}
            />
            <Select
              label={t('atendentes.papel')}
              description={t(`atendentes.papeis.${form.values.papel}`)}
              data={papelSchema.options.map((papel) => ({ value: papel, label: t(`papel.${papel}`) }))}
              allowDeselect={false}
              {...form.getInputProps('papel')}
            />
          </SimpleGrid>
        ) : null}
        <NumberInput
          label={t('atendentes.maximo')}
          description={t('atendentes.maximoDica')}
          min={1}
          max={1000}
          allowDecimal={false}
          required
          w={{ base: '100%', sm: 260 }}
          {...form.getInputProps('maxTicketsSimultaneos')}
        />
        <FilasComCapacidade
          filas={form.values.filas}
          onChange={(filas) => form.setFieldValue('filas', filas)}
          erro={typeof form.errors.filas === 'string' ? form.errors.filas : undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onFechar}>
            {t('acoes.cancelar')}
          </Button>
          <Button type="submit" loading={convidar.isPending}>
            {usuario ? t('atendentes.tornarAtendente') : t('atendentes.convidar')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface EdicaoValores {
  nome: string;
  papel: Papel;
  maxTicketsSimultaneos: number | string;
  ativo: boolean;
  filas: FilaEscolhida[];
}

/** Edit an atendente: display name, role (its usuario's), maximum of simultaneous tickets, filas, active. */
export function EditarAtendente({ atendente, usuario, onFechar }: { atendente: AtendenteDto; usuario: UsuarioDto | null; onFechar: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<EdicaoValores>({
    mode: 'controlled',
    initialValues: {
      nome: atendente.nome,
      papel: usuario?.papel ?? 'atendente',
      maxTicketsSimultaneos: atendente.maxTicketsSimultaneos,
      ativo: atendente.ativo,
      filas: atendente.filas.map((fila) => ({ filaId: fila.filaId, capacidade: fila.capacidade ?? '' })),
    },
    validate: validarComZod<EdicaoValores>(atualizarAtendenteSchema, (v) => ({
      nome: v.nome.trim(),
      maxTicketsSimultaneos: numero(v.maxTicketsSimultaneos),
      ativo: v.ativo,
      filas: filasParaApi(v.filas),
    })),
  });
  const salvar = useMutation({
    mutationFn: async (valores: EdicaoValores) => {
      if (usuario && valores.papel !== usuario.papel) await atualizarUsuario(usuario.id, { papel: valores.papel });
      return atualizarAtendente(atendente.id, {
        nome: valores.nome.trim(),
        maxTicketsSimultaneos: numero(valores.maxTicketsSimultaneos),
        ativo: valores.ativo,
        filas: filasParaApi(valores.filas),
      });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.atendentes() });
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.usuarios() });
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.filas() });
      onFechar();
    },
  });

  return (
    <form onSubmit={form.onSubmit((valores) => salvar.mutate(valores))} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {atendente.email}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('atendentes.nomeExibicao')} required data-autofocus {...form.getInputProps('nome')} />
          {usuario ? (
            <Select
              label={t('atendentes.papel')}
              description={t(`atendentes.papeis.${form.values.papel}`)}
              data={papelSchema.options.map((papel) => ({ value: papel, label: t(`papel.${papel}`) }))}
              allowDeselect={false}
              {...form.getInputProps('papel')}
            />
          ) : null}
        </SimpleGrid>
        <NumberInput
          label={t('atendentes.maximo')}
          description={t('atendentes.maximoDica')}
          min={1}
          max={1000}
          allowDecimal={false}
          w={{ base: '100%', sm: 260 }}
          {...form.getInputProps('maxTicketsSimultaneos')}
        />
        <FilasComCapacidade
          filas={form.values.filas}
          onChange={(filas) => form.setFieldValue('filas', filas)}
          erro={typeof form.errors.filas === 'string' ? form.errors.filas : undefined}
        />
        <Switch label={t('atendentes.ativo')} description={t('atendentes.ativoDica')} {...form.getInputProps('ativo', { type: 'checkbox' })} />
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
