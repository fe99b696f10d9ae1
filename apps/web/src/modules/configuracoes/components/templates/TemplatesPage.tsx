import { TEMPLATE_VARIAVEIS_EMBUTIDAS, type CriarTemplate, type TemplateDto, criarTemplateSchema } from '@atende/shared';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Drawer,
  EmptyState,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconInfoCircle, IconPencil, IconPlus, IconTemplate, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { textoOuNull, validarComZod } from '../../../../lib/form.js';
import { atendimentoKeys } from '../../../atendimento/api/query-keys.js';
import { useCanais, useTemplates } from '../../../atendimento/hooks/useCatalogos.js';
import { useUsuario } from '../../../auth/hooks/useAuth.js';
import { atualizarTemplate, criarTemplate, removerTemplate } from '../../api/configuracoes-api.js';
import { usePermissoes } from '../../hooks/usePermissoes.js';
import { ConfirmarRemocao } from '../ConfirmarRemocao.js';
import { SecaoConfiguracao } from '../SecaoConfiguracao.js';

const VARIAVEL = /\{\{\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;
const IDIOMAS = ['pt_BR', 'en_US', 'es_ES'] as const;

interface VariavelForm {
  nome: string;
  descricao: string;
  exemplo: string;
}

interface Valores {
  nome: string;
  atalho: string;
  categoria: string;
  conteudo: string;
  idioma: string;
  canalId: string | null;
  ativo: boolean;
  variaveis: VariavelForm[];
}

export function variaveisDoTexto(texto: string): string[] {
  return [...new Set(Array.from(texto.matchAll(VARIAVEL), (m) => m[1] ?? ''))].filter(Boolean);
}

function ehEmbutida(nome: string): boolean {
  return (TEMPLATE_VARIAVEIS_EMBUTIDAS as readonly string[]).includes(nome);
}

function paraApi(valores: Valores): CriarTemplate {
  const atalho = textoOuNull(valores.atalho);
  return {
    nome: valores.nome.trim(),
    atalho: atalho === null ? null : atalho.startsWith('/') ? atalho : `/${atalho}`,
    categoria: textoOuNull(valores.categoria),
    conteudo: valores.conteudo,
    idioma: valores.idioma,
    canalId: valores.canalId,
    ativo: valores.ativo,
    variaveis: valores.variaveis.map((v) => ({
      nome: v.nome.trim(),
      ...(v.descricao.trim() ? { descricao: v.descricao.trim() } : {}),
      ...(v.exemplo.trim() ? { exemplo: v.exemplo.trim() } : {}),
    })),
  };
}

/** The text with every variable filled with a sample value, as the customer would read it. */
export function previaDoTemplate(texto: string, valores: Record<string, string>): string {
  return texto.replace(VARIAVEL, (original, nome: string) => valores[nome]?.trim() || original);
}

function TemplateForm({ template, onFechar }: { template: TemplateDto | null; onFechar: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const usuario = useUsuario();
  const canais = useCanais();
  const sincronizado = template?.whatsapp !== null && template?.whatsapp !== undefined;
  const conteudoRef = useRef<HTMLTextAreaElement>(null);
  const form = useForm<Valores>({
    mode: 'controlled',
    initialValues: {
      nome: template?.nome ?? '',
      atalho: template?.atalho ?? '',
      categoria: template?.categoria ?? '',
      conteudo: template?.conteudo ?? '',
      idioma: template?.idioma ?? 'pt_BR',
      canalId: template?.canalId ?? null,
      ativo: template?.ativo ?? true,
      variaveis: (template?.variaveis ?? []).map((v) => ({ nome: v.nome, descricao: v.descricao ?? '', exemplo: v.exemplo ?? '' })),
    },
    validate: validarComZod<Valores>(criarTemplateSchema, paraApi),
  });
  const [amostras, setAmostras] = useState<Record<string, string>>({});

  const salvar = useMutation({
    mutationFn: (body: CriarTemplate) => {
      if (!template) return criarTemplate(body);
      // Synced WhatsApp templates only take categoria, atalho and ativo.
      return atualizarTemplate(template.id, sincronizado ? { categoria: body.categoria, atalho: body.atalho, ativo: body.ativo } : body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.templates() });
      onFechar();
    },
  });

  const usadas = variaveisDoTexto(form.values.conteudo);
  const personalizadas = usadas.filter((nome) => !ehEmbutida(nome));
  const naoDeclaradas = personalizadas.filter((nome) => !form.values.variaveis.some((v) => v.nome === nome));
  const valoresDeExemplo: Record<string, string> = {
    'contato.nome': t('templates.exemplo.contato'),
    'atendente.nome': usuario?.nome ?? '',
    'ticket.numero': '1042',
    'empresa.nome': usuario?.empresaNome ?? '',
    ...Object.fromEntries(form.values.variaveis.map((v) => [v.nome, v.exemplo])),
    ...Object.fromEntries(Object.entries(amostras).filter(([, valor]) => valor.trim() !== '')),
  };

  const inserirVariavel = (nome: string) => {
    const el = conteudoRef.current;
    const texto = form.values.conteudo;
    const inicio = el?.selectionStart ?? texto.length;
    const fim = el?.selectionEnd ?? texto.length;
    form.setFieldValue('conteudo', `${texto.slice(0, inicio)}{{${nome}}}${texto.slice(fim)}`);
    requestAnimationFrame(() => el?.focus());
  };

  return (
    <form onSubmit={form.onSubmit((valores) => salvar.mutate(paraApi(valores)))} noValidate>
      <Stack gap="sm">
        {sincronizado ? (
          <Alert variant="light" icon={<IconInfoCircle size={16} aria-hidden="true" />}>
            {t('templates.sincronizado', { status: template?.whatsapp?.status ?? '' })}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('templates.nome')} required disabled={sincronizado} data-autofocus {...form.getInputProps('nome')} />
          <TextInput label={t('templates.atalho')} placeholder="/saudacao" description={t('templates.atalhoDica')} {...form.getInputProps('atalho')} />
          <TextInput label={t('templates.categoria')} placeholder={t('templates.categoriaExemplo')} {...form.getInputProps('categoria')} />
          <Select
            label={t('templates.idioma')}
            data={IDIOMAS.map((idioma) => ({ value: idioma, label: t(`templates.idiomas.${idioma}`) }))}
            allowDeselect={false}
            disabled={sincronizado}
            {...form.getInputProps('idioma')}
          />
        </SimpleGrid>
        <Select
          label={t('templates.canal')}
          description={t('templates.canalDica')}
          placeholder={t('templates.todosCanais')}
          data={(canais.data ?? []).map((canal) => ({ value: canal.id, label: canal.nome }))}
          clearable
          disabled={sincronizado}
          {...form.getInputProps('canalId')}
        />
        <Textarea
          ref={conteudoRef}
          label={t('templates.conteudo')}
          description={t('templates.conteudoDica', { pedido: '{{pedido}}' })}
          autosize
          minRows={4}
          required
          disabled={sincronizado}
          {...form.getInputProps('conteudo')}
        />
        {!sincronizado ? (
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              {t('templates.inserir')}
            </Text>
            {TEMPLATE_VARIAVEIS_EMBUTIDAS.map((nome) => (
              <Button key={nome} size="compact-xs" variant="light" onClick={() => inserirVariavel(nome)}>
                {`{{${nome}}}`}
              </Button>
            ))}
          </Group>
        ) : null}

        {naoDeclaradas.length > 0 && !sincronizado ? (
          <Alert variant="light" color="yellow" p="xs">
            <Group justify="space-between" gap="xs">
              <Text size="sm">{t('templates.naoDeclaradas', { nomes: naoDeclaradas.join(', ') })}</Text>
              <Button
                size="compact-xs"
                variant="light"
                color="yellow"
                onClick={() => naoDeclaradas.forEach((nome) => form.insertListItem('variaveis', { nome, descricao: '', exemplo: '' }))}
              >
                {t('templates.declarar')}
              </Button>
            </Group>
          </Alert>
        ) : null}

        {form.values.variaveis.length > 0 ? (
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              {t('templates.variaveis')}
            </Text>
            {form.values.variaveis.map((variavel, indice) => (
              <Group key={indice} gap={6} wrap="nowrap" align="flex-start">
                <TextInput size="xs" aria-label={t('templates.variavelNome')} placeholder={t('templates.variavelNome')} style={{ flex: 1 }} disabled={sincronizado} {...form.getInputProps(`variaveis.${indice}.nome`)} />
                <TextInput size="xs" aria-label={t('templates.variavelDescricao')} placeholder={t('templates.variavelDescricao')} style={{ flex: 1.4 }} disabled={sincronizado} {...form.getInputProps(`variaveis.${indice}.descricao`)} />
                <TextInput size="xs" aria-label={t('templates.variavelExemplo')} placeholder={t('templates.variavelExemplo')} style={{ flex: 1 }} disabled={sincronizado} {...form.getInputProps(`variaveis.${indice}.exemplo`)} />
                <ActionIcon variant="subtle" color="red" onClick={() => form.removeListItem('variaveis', indice)} aria-label={t('templates.removerVariavel', { nome: variavel.nome })} disabled={sincronizado}>
                  <IconTrash size={14} aria-hidden="true" />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        ) : null}

        <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-default-hover)">
          <Text size="xs" fw={600} c="dimmed" mb={6}>
            {t('templates.previa')}
          </Text>
          {personalizadas.length > 0 ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mb="xs">
              {personalizadas.map((nome) => (
                <TextInput
                  key={nome}
                  size="xs"
                  label={`{{${nome}}}`}
                  placeholder={form.values.variaveis.find((v) => v.nome === nome)?.exemplo || t('templates.valorDeTeste')}
                  value={amostras[nome] ?? ''}
                  onChange={(event) => setAmostras({ ...amostras, [nome]: event.currentTarget.value })}
                />
              ))}
            </SimpleGrid>
          ) : null}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="previa-template-config" aria-live="polite">
            {form.values.conteudo ? previaDoTemplate(form.values.conteudo, valoresDeExemplo) : t('templates.previaVazia')}
          </Text>
        </Paper>

        <Switch label={t('templates.ativo')} {...form.getInputProps('ativo', { type: 'checkbox' })} />
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

/** /atendimento/configuracoes/templates */
export function TemplatesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { admin } = usePermissoes();
  const templates = useTemplates();
  const canais = useCanais(admin);
  const estreito = useMediaQuery('(max-width: 48em)');
  const [editando, setEditando] = useState<TemplateDto | 'novo' | null>(null);
  const [removendo, setRemovendo] = useState<TemplateDto | null>(null);
  const nomeDoCanal = useMemo(() => new Map((canais.data ?? []).map((canal) => [canal.id, canal.nome])), [canais.data]);
  const remover = useMutation({
    mutationFn: (template: TemplateDto) => removerTemplate(template.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.templates() });
      setRemovendo(null);
    },
  });

  return (
    <SecaoConfiguracao
      titulo={t('configuracoes.secao.templates')}
      descricao={t('templates.descricaoPagina')}
      acao={
        admin ? (
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setEditando('novo')}>
            {t('templates.novo')}
          </Button>
        ) : null
      }
    >
      <Paper withBorder>
        {templates.isLoading ? (
          <Stack p="md" gap="sm">
            {[1, 2, 3].map((i) => (
              <Skeleton key={i} height={28} />
            ))}
          </Stack>
        ) : (templates.data ?? []).length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconTemplate size={28} stroke={1.5} aria-hidden="true" />}
            withIndicatorBackground
            title={t('templates.vazioTitulo')}
            description={admin ? t('templates.vazio') : t('templates.vazioLeitura')}
          />
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('templates.atalho')}</Table.Th>
                  <Table.Th>{t('templates.nome')}</Table.Th>
                  <Table.Th>{t('templates.conteudo')}</Table.Th>
                  <Table.Th>{t('templates.canal')}</Table.Th>
                  <Table.Th>{t('templates.situacao')}</Table.Th>
                  {admin ? <Table.Th w={90}>{t('configuracoes.acoes')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(templates.data ?? []).map((template) => (
                  <Table.Tr key={template.id}>
                    <Table.Td>
                      <Text size="sm" ff="monospace" c="teal" fw={600}>
                        {template.atalho ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {template.nome}
                      </Text>
                      {template.categoria ? (
                        <Text size="xs" c="dimmed">
                          {template.categoria}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td maw={360}>
                      <Text size="sm" lineClamp={2}>
                        {template.conteudo}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{template.canalId ? (nomeDoCanal.get(template.canalId) ?? t('templates.umCanal')) : t('templates.todosCanais')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge variant="light" color={template.ativo ? 'teal' : 'gray'}>
                          {template.ativo ? t('templates.ativoCurto') : t('templates.inativo')}
                        </Badge>
                        {template.whatsapp ? (
                          <Badge variant="outline" color={template.whatsapp.status === 'aprovado' ? 'green' : 'orange'}>
                            {`WhatsApp: ${template.whatsapp.status ?? template.whatsapp.statusProvedor ?? '?'}`}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    {admin ? (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Tooltip label={t('configuracoes.editar')} withinPortal>
                            <ActionIcon variant="subtle" onClick={() => setEditando(template)} aria-label={t('templates.editar', { nome: template.nome })}>
                              <IconPencil size={16} aria-hidden="true" />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('configuracoes.remover')} withinPortal>
                            <ActionIcon variant="subtle" color="red" onClick={() => setRemovendo(template)} aria-label={t('templates.remover', { nome: template.nome })}>
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
      <Drawer
        opened={editando !== null}
        onClose={() => setEditando(null)}
        position="right"
        size={estreito ? '100%' : 'lg'}
        title={editando === 'novo' ? t('templates.novo') : t('templates.editarTitulo')}
      >
        {editando !== null ? <TemplateForm template={editando === 'novo' ? null : editando} onFechar={() => setEditando(null)} /> : null}
      </Drawer>
      <ConfirmarRemocao
        aberto={removendo !== null}
        titulo={t('templates.removerTitulo')}
        mensagem={t('templates.removerMensagem', { nome: removendo?.nome ?? '' })}
        onCancelar={() => setRemovendo(null)}
        onConfirmar={() => removendo && remover.mutate(removendo)}
        removendo={remover.isPending}
      />
    </SecaoConfiguracao>
  );
}
