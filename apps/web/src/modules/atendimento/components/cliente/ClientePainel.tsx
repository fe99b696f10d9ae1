import '../chat/estilos.js';
import { type ContatoDetalheDto, type TicketDto, atualizarContatoSchema, ehSinalChurn as sinalConhecido } from '@atende/shared';
import {
  ActionIcon,
  Alert,
  Anchor,
  Avatar,
  Badge,
  Box,
  Button,
  CloseButton,
  Divider,
  Drawer,
  Group,
  MultiSelect,
  Rating,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAt, IconBrandWhatsapp, IconDeviceMobile, IconPencil, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { textoOuNull, validarComZod } from '../../../../lib/form.js';
import { COR_STATUS, dataCurta, dataHora, nomeDoContato } from '../../formatacao.js';
import { useTags } from '../../hooks/useCatalogos.js';
import { useContato, useContatoAcoes, useTicketsDoContato } from '../../hooks/useContato.js';
import { CanalIcone } from '../CanalIcone.js';

interface DadosForm {
  nome: string;
  telefone: string;
  email: string;
  observacoes: string;
  campos: { chave: string; valor: string }[];
}

function paraApi(valores: DadosForm) {
  return {
    nome: textoOuNull(valores.nome),
    telefone: textoOuNull(valores.telefone),
    email: textoOuNull(valores.email),
    observacoes: textoOuNull(valores.observacoes),
    campos: Object.fromEntries(
      valores.campos.filter((campo) => campo.chave.trim() !== '').map((campo) => [campo.chave.trim(), campo.valor]),
    ),
  };
}

function valorDeCampo(valor: unknown): string {
  if (valor === null || valor === undefined) return '';
  return typeof valor === 'string' ? valor : String(valor);
}

function EditarContato({ contato, onFechar }: { contato: ContatoDetalheDto; onFechar: () => void }) {
  const { t } = useTranslation();
  const { atualizar } = useContatoAcoes(contato.id);
  const form = useForm<DadosForm>({
    mode: 'controlled',
    initialValues: {
      nome: contato.nome ?? '',
      telefone: contato.telefone ?? '',
      email: contato.email ?? '',
      observacoes: contato.observacoes ?? '',
      campos: Object.entries(contato.campos).map(([chave, valor]) => ({ chave, valor: valorDeCampo(valor) })),
    },
    validate: validarComZod<DadosForm>(atualizarContatoSchema, paraApi),
  });

  const handleSubmit = form.onSubmit(async (valores) => {
    try {
      await atualizar.mutateAsync(paraApi(valores));
      onFechar();
    } catch {
      // Toast shown; the form stays for a correction.
    }
  });

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={t('cliente.editar')}>
      <Stack gap="xs">
        <TextInput size="xs" label={t('cliente.nome')} {...form.getInputProps('nome')} />
        <TextInput size="xs" label={t('cliente.telefone')} placeholder="+55 11 98888-7777" {...form.getInputProps('telefone')} />
        <TextInput size="xs" label={t('cliente.email')} type="email" {...form.getInputProps('email')} />
        <Textarea
          size="xs"
          label={t('cliente.observacoes')}
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('observacoes')}
        />
        <Text size="xs" fw={600} mt={4}>
          {t('cliente.campos')}
        </Text>
        {form.values.campos.map((_, indice) => (
          <Group key={indice} gap={4} wrap="nowrap" align="flex-start">
            <TextInput
              size="xs"
              placeholder={t('cliente.campoNome')}
              aria-label={t('cliente.campoNome')}
              style={{ flex: 1 }}
              {...form.getInputProps(`campos.${indice}.chave`)}
            />
            <TextInput
              size="xs"
              placeholder={t('cliente.campoValor')}
              aria-label={t('cliente.campoValor')}
              style={{ flex: 1 }}
              {...form.getInputProps(`campos.${indice}.valor`)}
            />
            <ActionIcon
              size="md"
              variant="subtle"
              color="red"
              onClick={() => form.removeListItem('campos', indice)}
              aria-label={t('cliente.removerCampo')}
            >
              <IconTrash size={14} aria-hidden="true" />
            </ActionIcon>
          </Group>
        ))}
        {form.errors.campos ? (
          <Text size="xs" c="red">
            {form.errors.campos}
          </Text>
        ) : null}
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconPlus size={12} aria-hidden="true" />}
          onClick={() => form.insertListItem('campos', { chave: '', valor: '' })}
          w="fit-content"
        >
          {t('cliente.adicionarCampo')}
        </Button>
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={onFechar}>
            {t('acoes.cancelar')}
          </Button>
          <Button size="xs" type="submit" loading={atualizar.isPending}>
            {t('acoes.salvar')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Identidades({ contato }: { contato: ContatoDetalheDto }) {
  const { t } = useTranslation();
  if (contato.identidades.length === 0)
    return (
      <Text size="xs" c="dimmed">
        {t('cliente.semIdentidades')}
      </Text>
    );
  return (
    <Stack gap={6}>
      {contato.identidades.map((identidade) => {
        const tipoCanal =
          identidade.tipo === 'whatsapp_bsuid' ? 'whatsapp' : identidade.tipo === 'telefone' ? null : identidade.tipo;
        return (
          <Group key={identidade.id} gap="xs" wrap="nowrap" align="flex-start">
            {tipoCanal ? (
              <CanalIcone tipo={tipoCanal} size={16} />
            ) : (
              <IconDeviceMobile size={16} aria-label={t('cliente.identidadeTipos.telefone')} />
            )}
            <Box miw={0}>
              <Text size="xs" fw={500} style={{ overflowWrap: 'anywhere' }}>
                {identidade.valor}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`cliente.identidadeTipos.${identidade.tipo}`)}
                {identidade.nomeExibicao ? ` · ${identidade.nomeExibicao}` : ''}
                {identidade.ultimaMensagemEm ? ` · ${dataCurta(identidade.ultimaMensagemEm)}` : ''}
              </Text>
              {identidade.bloqueadoPeloContatoEm ? (
                <Badge size="xs" color="red" variant="light">
                  {t('cliente.bloqueouCanal')}
                </Badge>
              ) : null}
            </Box>
          </Group>
        );
      })}
    </Stack>
  );
}

function TagsDoContato({ contato }: { contato: ContatoDetalheDto }) {
  const { t } = useTranslation();
  const tags = useTags();
  const { adicionarTag, removerTag } = useContatoAcoes(contato.id);
  const atuais = contato.tags.map((tag) => tag.id);
  return (
    <MultiSelect
      size="xs"
      aria-label={t('cliente.tags')}
      placeholder={atuais.length === 0 ? t('acoes.escolherTags') : undefined}
      data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.nome }))}
      value={atuais}
      onChange={(valores) => {
        for (const id of valores) if (!atuais.includes(id)) adicionarTag.mutate(id);
        for (const id of atuais) if (!valores.includes(id)) removerTag.mutate(id);
      }}
      searchable
      nothingFoundMessage={t('filtros.nadaEncontrado')}
    />
  );
}

function Avaliacao({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  if (!ticket.avaliacao) return null;
  return (
    <Group gap={4} wrap="nowrap">
      <Rating value={ticket.avaliacao.nota} readOnly size="xs" aria-label={t('cliente.nota', { nota: ticket.avaliacao.nota })} />
      {ticket.avaliacao.comentario ? (
        <Tooltip label={ticket.avaliacao.comentario} multiline w={220} withinPortal>
          <Text size="xs" c="dimmed" truncate="end" maw={120}>
            “{ticket.avaliacao.comentario}”
          </Text>
        </Tooltip>
      ) : null}
    </Group>
  );
}

function HistoricoDeTickets({ contatoId, ticketAtualId }: { contatoId: string; ticketAtualId: string }) {
  const { t } = useTranslation();
  const consulta = useTicketsDoContato(contatoId);
  const tickets = useMemo(() => consulta.data?.pages.flatMap((page) => page.items) ?? [], [consulta.data]);
  const avaliacoes = tickets.filter((ticket) => ticket.avaliacao).map((ticket) => ticket.avaliacao?.nota ?? 0);
  const media = avaliacoes.length > 0 ? avaliacoes.reduce((soma, nota) => soma + nota, 0) / avaliacoes.length : null;

  if (consulta.isLoading) return <Skeleton height={60} />;
  return (
    <Stack gap={6}>
      {media !== null ? (
        <Group gap={6}>
          <Text size="xs" fw={600}>
            {t('cliente.csatMedio')}
          </Text>
          <Rating
            value={media}
            fractions={2}
            readOnly
            size="xs"
            aria-label={t('cliente.csatMedioValor', { media: media.toFixed(1), count: avaliacoes.length })}
          />
          <Text size="xs" c="dimmed">
            {media.toFixed(1)} ({avaliacoes.length})
          </Text>
        </Group>
      ) : null}
      {tickets.length <= 1 ? (
        <Text size="xs" c="dimmed">
          {t('cliente.semHistorico')}
        </Text>
      ) : null}
      {tickets
        .filter((ticket) => ticket.id !== ticketAtualId)
        .map((ticket) => (
          <Anchor key={ticket.id} component={Link} to={`/atendimento/tickets/${ticket.id}`} underline="never" c="inherit">
            <Group gap="xs" wrap="nowrap" justify="space-between" py={4}>
              <Group gap={6} wrap="nowrap" miw={0}>
                {ticket.canal ? <CanalIcone tipo={ticket.canal.tipo} size={14} /> : null}
                <Text size="xs" fw={600}>
                  {ticket.codigo}
                </Text>
                <Text size="xs" c="dimmed" truncate="end">
                  {ticket.ultimaMensagem?.resumo ?? ticket.assunto ?? ''}
                </Text>
              </Group>
              <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
                <Badge size="xs" variant="light" color={COR_STATUS[ticket.status]}>
                  {t(`status.${ticket.status}`)}
                </Badge>
                <Text size="xs" c="dimmed">
                  {dataCurta(ticket.criadoEm)}
                </Text>
              </Stack>
            </Group>
            <Avaliacao ticket={ticket} />
          </Anchor>
        ))}
      {consulta.hasNextPage ? (
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => void consulta.fetchNextPage()}
          loading={consulta.isFetchingNextPage}
        >
          {t('cliente.verMais')}
        </Button>
      ) : null}
    </Stack>
  );
}

/** Churn risk 0–100 with its reasons (each reason's detail in its tooltip), from the churn job. */
function RiscoDeChurn({ churn }: { churn: NonNullable<ContatoDetalheDto['churn']> }) {
  const { t } = useTranslation();
  const cor = churn.score >= 70 ? 'red' : churn.score >= 40 ? 'orange' : 'teal';
  return (
    <Stack gap={4}>
      <Tooltip label={dataHora(churn.calculadoEm)} withinPortal>
        <Badge color={cor} variant="light" size="sm" w="fit-content">
          {t('cliente.churn.score', { score: churn.score })}
        </Badge>
      </Tooltip>
      {churn.motivos.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('cliente.churn.semMotivos')}
        </Text>
      ) : (
        churn.motivos.map((motivo) => (
          <Tooltip key={motivo.sinal} label={motivo.descricao} withinPortal>
            <Group gap="xs" wrap="nowrap" justify="space-between">
              <Text size="xs">{sinalConhecido(motivo.sinal) ? t(`cliente.churn.sinais.${motivo.sinal}`) : motivo.descricao}</Text>
              <Text size="xs" c="dimmed">
                +{motivo.peso}
              </Text>
            </Group>
          </Tooltip>
        ))
      )}
    </Stack>
  );
}

function Secao({ titulo, children, acao }: { titulo: string; children: ReactNode; acao?: ReactNode }) {
  return (
    <Box component="section">
      <Group justify="space-between" mb={6}>
        <Title order={3} fz="xs" tt="uppercase" c="dimmed" fw={700}>
          {titulo}
        </Title>
        {acao}
      </Group>
      {children}
    </Box>
  );
}

/** The customer beside the conversation: details (editable), identities per channel, tags, history and CSAT. */
export function ClientePainel({ ticket, onFechar }: { ticket: TicketDto; onFechar?: () => void }) {
  const { t } = useTranslation();
  const contato = useContato(ticket.contato.id);
  const [editando, setEditando] = useState(false);
  const dados = contato.data;
  const nome = nomeDoContato(dados ?? ticket.contato, t('contato.semNome'));

  return (
    <Stack gap={0} h="100%" mih={0} component="aside" aria-label={t('cliente.painel')}>
      <Group
        justify="space-between"
        px="sm"
        py={8}
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        mih={60}
      >
        <Title order={2} fz="sm">
          {t('cliente.titulo')}
        </Title>
        {onFechar ? <CloseButton onClick={onFechar} aria-label={t('chat.fecharCliente')} icon={<IconX size={16} />} /> : null}
      </Group>
      <ScrollArea style={{ flex: 1 }} type="auto">
        <Stack gap="md" p="sm">
          {contato.isError ? (
            <Alert color="red" variant="light">
              {t('cliente.erro')}
            </Alert>
          ) : null}
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <Avatar color="initials" name={nome} radius="xl" size="lg" aria-hidden="true" />
            <Box miw={0} style={{ flex: 1 }}>
              <Text fw={650} style={{ overflowWrap: 'anywhere' }}>
                {nome}
              </Text>
              {(dados ?? ticket.contato).telefone ? (
                <Group gap={4} wrap="nowrap">
                  <IconBrandWhatsapp size={13} aria-hidden="true" />
                  <Text size="xs">{(dados ?? ticket.contato).telefone}</Text>
                </Group>
              ) : null}
              {(dados ?? ticket.contato).email ? (
                <Group gap={4} wrap="nowrap">
                  <IconAt size={13} aria-hidden="true" />
                  <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                    {(dados ?? ticket.contato).email}
                  </Text>
                </Group>
              ) : null}
              {dados?.bloqueado ? (
                <Badge color="red" size="xs" mt={4}>
                  {t('cliente.bloqueado')}
                </Badge>
              ) : null}
            </Box>
            {dados && !editando ? (
              <Tooltip label={t('cliente.editar')} withinPortal>
                <ActionIcon variant="subtle" onClick={() => setEditando(true)} aria-label={t('cliente.editar')}>
                  <IconPencil size={16} aria-hidden="true" />
                </ActionIcon>
              </Tooltip>
            ) : null}
          </Group>

          {!dados ? (
            <Stack gap={6}>
              <Skeleton height={12} />
              <Skeleton height={12} width="70%" />
            </Stack>
          ) : editando ? (
            <EditarContato contato={dados} onFechar={() => setEditando(false)} />
          ) : (
            <>
              {dados.observacoes ? (
                <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                  {dados.observacoes}
                </Text>
              ) : null}
              {Object.keys(dados.campos).length > 0 ? (
                <Secao titulo={t('cliente.campos')}>
                  <Stack gap={2}>
                    {Object.entries(dados.campos).map(([chave, valor]) => (
                      <Group key={chave} gap="xs" wrap="nowrap" justify="space-between">
                        <Text size="xs" c="dimmed">
                          {chave}
                        </Text>
                        <Text size="xs" ta="right" style={{ overflowWrap: 'anywhere' }}>
                          {valorDeCampo(valor) || '—'}
                        </Text>
                      </Group>
                    ))}
                  </Stack>
                </Secao>
              ) : null}
            </>
          )}

          {dados ? (
            <>
              <Secao titulo={t('cliente.tags')}>
                <TagsDoContato contato={dados} />
              </Secao>
              <Secao titulo={t('cliente.identidades')}>
                <Identidades contato={dados} />
              </Secao>
              {dados.churn ? (
                <Secao titulo={t('cliente.churn.titulo')}>
                  <RiscoDeChurn churn={dados.churn} />
                </Secao>
              ) : null}
            </>
          ) : null}

          <Divider />
          <Secao titulo={t('cliente.ticketAtual')}>
            <Stack gap={4}>
              <Text size="xs">{t('cliente.abertoEm', { data: dataHora(ticket.criadoEm) })}</Text>
              {ticket.avaliacao ? (
                <Avaliacao ticket={ticket} />
              ) : (
                <Text size="xs" c="dimmed">
                  {t('cliente.semAvaliacao')}
                </Text>
              )}
            </Stack>
          </Secao>
          <Secao titulo={t('cliente.historico')}>
            <HistoricoDeTickets contatoId={ticket.contato.id} ticketAtualId={ticket.id} />
          </Secao>
        </Stack>
      </ScrollArea>
    </Stack>
  );
}

/** Below the widest layout the customer panel slides over the conversation. */
export function ClienteGaveta({ ticket, aberta, onFechar }: { ticket: TicketDto; aberta: boolean; onFechar: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={aberta}
      onClose={onFechar}
      position="right"
      size={360}
      padding={0}
      withCloseButton={false}
      aria-label={t('cliente.painel')}
    >
      <Box h="100dvh">
        <ClientePainel ticket={ticket} onFechar={onFechar} />
      </Box>
    </Drawer>
  );
}
