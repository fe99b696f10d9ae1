import type { MensagemDto, TemplateDto, TicketDto } from '@atende/shared';
import {
  ActionIcon,
  Box,
  CloseButton,
  FileButton,
  Group,
  Loader,
  Paper,
  Popover,
  Progress,
  SegmentedControl,
  Text,
  Textarea,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconLock, IconMessage, IconMoodSmile, IconPaperclip, IconSend, IconTemplate, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import {
  type ClipboardEvent,
  type KeyboardEvent,
  type Ref,
  Suspense,
  lazy,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { emitirDigitando } from '../../../../lib/socket.js';
import { buscarTemplates } from '../../api/catalogo-api.js';
import { atendimentoKeys } from '../../api/query-keys.js';
import { tamanhoDeArquivo } from '../../formatacao.js';
import type { UploadEmAndamento } from '../../hooks/useEnvio.js';
import classes from './Composer.module.css';
import { TemplatePreenchimento } from './TemplatePreenchimento.js';
import { TemplateSugestoes, opcaoId } from './TemplateSugestoes.js';

const EmojiPicker = lazy(async () => ({ default: (await import('./EmojiPicker.js')).EmojiPicker }));
const SugestoesIa = lazy(async () => ({ default: (await import('./SugestoesIa.js')).SugestoesIa }));

/** The API's limit for one attachment (16 MB). */
export const TAMANHO_MAXIMO_ANEXO = 16 * 1024 * 1024;
const DIGITANDO_INTERVALO_MS = 2_000;
const DIGITANDO_PARADO_MS = 3_000;

export interface ComposerHandle {
  focar: () => void;
  adicionarArquivos: (arquivos: File[]) => void;
  alternarPrivada: () => void;
  abrirTemplates: () => void;
}

export interface EnvioDoComposer {
  texto: (corpo: { conteudo: string; privada: boolean; respondeAId?: string }) => Promise<unknown>;
  template: (corpo: { templateId: string; variaveis: Record<string, string>; respondeAId?: string }) => Promise<unknown>;
  arquivo: (envio: { arquivo: File; legenda?: string; privada?: boolean; respondeAId?: string }) => Promise<unknown>;
  enviando: boolean;
  uploads: UploadEmAndamento[];
}

interface ComposerProps {
  ticket: TicketDto;
  envio: EnvioDoComposer;
  respondendoA: MensagemDto | null;
  onCancelarResposta: () => void;
  /** The reply window is closed: only internal notes and approved provider templates can go. */
  somenteTemplate: boolean;
  ref?: Ref<ComposerHandle>;
}

/** `/sau` at the start of an otherwise empty composer searches templates by shortcut. */
function buscaDeAtalho(texto: string): string | null {
  const achado = /^\/(\S*)$/.exec(texto);
  return achado ? (achado[1] ?? '') : null;
}

/**
 * Where the agent writes: Enter sends, Shift+Enter breaks the line, `/` searches templates (then their
 * variables are filled in), emoji, files by button, drag-and-drop or paste (with upload progress), and the
 * switch between a reply and an internal note.
 */
export function Composer({ ticket, envio, respondendoA, onCancelarResposta, somenteTemplate, ref }: ComposerProps) {
  const { t } = useTranslation();
  const [texto, setTexto] = useState('');
  const [privada, setPrivada] = useState(false);
  const [arquivos, setArquivos] = useState<File[]>([]);
  const [template, setTemplate] = useState<TemplateDto | null>(null);
  const [valores, setValores] = useState<Record<string, string>>({});
  const [ativo, setAtivo] = useState(0);
  const [sugestoesFechadas, setSugestoesFechadas] = useState(false);
  const [emojiAberto, setEmojiAberto] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const listaId = useId();
  const digitando = useRef<{ ultimo: number; timer: ReturnType<typeof setTimeout> | null }>({ ultimo: 0, timer: null });

  const atalho = privada ? null : buscaDeAtalho(texto);
  const [atalhoDebounced] = useDebouncedValue(atalho, 120);
  const mostrandoSugestoes = atalho !== null && !sugestoesFechadas && template === null;
  const busca = { atalho: atalhoDebounced ? `/${atalhoDebounced}` : undefined, canalId: ticket.canal?.id };
  const sugestoes = useQuery({
    queryKey: atendimentoKeys.templateBusca(busca),
    queryFn: ({ signal }) => buscarTemplates(busca, signal),
    enabled: mostrandoSugestoes && atalhoDebounced !== null,
    staleTime: 30_000,
    placeholderData: (anterior) => anterior,
  });
  // Outside the reply window only templates the provider approved can go.
  const templates = (sugestoes.data ?? []).filter((item) => !somenteTemplate || item.whatsapp?.status === 'aprovado');

  useEffect(() => setAtivo(0), [atalhoDebounced]);

  useEffect(() => {
    // Leaving the ticket: tell the others the typing stopped.
    const estado = digitando.current;
    return () => {
      if (estado.timer) clearTimeout(estado.timer);
      emitirDigitando(ticket.id, false);
    };
  }, [ticket.id]);

  const pararDeDigitar = () => {
    const estado = digitando.current;
    if (estado.timer) clearTimeout(estado.timer);
    estado.timer = null;
    if (estado.ultimo !== 0) emitirDigitando(ticket.id, false);
    estado.ultimo = 0;
  };

  const avisarDigitando = () => {
    const estado = digitando.current;
    const agora = Date.now();
    if (agora - estado.ultimo > DIGITANDO_INTERVALO_MS) {
      emitirDigitando(ticket.id, true);
      estado.ultimo = agora;
    }
    if (estado.timer) clearTimeout(estado.timer);
    estado.timer = setTimeout(pararDeDigitar, DIGITANDO_PARADO_MS);
  };

  const adicionarArquivos = (novos: File[]) => {
    const grandes = novos.filter((arquivo) => arquivo.size > TAMANHO_MAXIMO_ANEXO);
    for (const arquivo of grandes) {
      notifications.show({
        color: 'red',
        title: t('composer.arquivoGrande'),
        message: t('composer.arquivoGrandeDetalhe', { nome: arquivo.name, limite: tamanhoDeArquivo(TAMANHO_MAXIMO_ANEXO) }),
      });
    }
    const aceitos = novos.filter((arquivo) => arquivo.size <= TAMANHO_MAXIMO_ANEXO);
    if (aceitos.length > 0) setArquivos((atuais) => [...atuais, ...aceitos]);
    textareaRef.current?.focus();
  };

  useImperativeHandle(ref, () => ({
    focar: () => textareaRef.current?.focus(),
    adicionarArquivos,
    alternarPrivada: () => setPrivada((atual) => !atual),
    abrirTemplates: () => {
      setPrivada(false);
      setTemplate(null);
      setSugestoesFechadas(false);
      setTexto('/');
      textareaRef.current?.focus();
    },
  }));

  const escolherTemplate = (escolhido: TemplateDto) => {
    setTemplate(escolhido);
    setValores({});
    setTexto('');
    pararDeDigitar();
  };

  const cancelarTemplate = () => {
    setTemplate(null);
    setValores({});
    textareaRef.current?.focus();
  };

  const enviarTemplate = async () => {
    if (!template) return;
    try {
      await envio.template({ templateId: template.id, variaveis: valores, respondeAId: respondendoA?.id });
      setTemplate(null);
      setValores({});
      onCancelarResposta();
      textareaRef.current?.focus();
    } catch {
      // The toast explains it; the filled template stays for another try.
    }
  };

  const enviar = async () => {
    const conteudo = texto.trim();
    if (envio.enviando) return;
    if (arquivos.length > 0) {
      const fila = arquivos;
      const respondeAId = respondendoA?.id;
      setArquivos([]);
      setTexto('');
      onCancelarResposta();
      pararDeDigitar();
      for (const [indice, arquivo] of fila.entries()) {
        await envio.arquivo({ arquivo, legenda: indice === 0 && conteudo ? conteudo : undefined, privada, respondeAId });
      }
      return;
    }
    if (!conteudo || (somenteTemplate && !privada)) return;
    try {
      await envio.texto({ conteudo, privada, respondeAId: respondendoA?.id });
      setTexto('');
      onCancelarResposta();
      pararDeDigitar();
    } catch {
      // The toast explains it; the text stays in the composer.
    }
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mostrandoSugestoes) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const total = templates.length;
        if (total > 0) setAtivo((atual) => (atual + (event.key === 'ArrowDown' ? 1 : total - 1)) % total);
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
        const escolhido = templates[ativo];
        if (escolhido) {
          event.preventDefault();
          escolherTemplate(escolhido);
          return;
        }
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setSugestoesFechadas(true);
        return;
      }
    }
    if (event.key === 'Escape' && respondendoA) {
      onCancelarResposta();
      return;
    }
    // Enter sends; Shift+Enter (and Enter while an IME is composing) breaks the line.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void enviar();
    }
  };

  const handlePaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const colados = Array.from(event.clipboardData.files);
    if (colados.length > 0) {
      event.preventDefault();
      adicionarArquivos(colados);
    }
  };

  /** An AI draft goes into the composer for editing (appended to what is already written); never sent by itself. */
  const inserirSugestao = (rascunho: string) => {
    setTexto((atual) => (atual.trim() === '' ? rascunho : `${atual.trimEnd()}\n${rascunho}`));
    requestAnimationFrame(() => textareaRef.current?.focus());
  };

  const inserirEmoji = (emoji: string) => {
    const el = textareaRef.current;
    const inicio = el?.selectionStart ?? texto.length;
    const fim = el?.selectionEnd ?? texto.length;
    const proximo = texto.slice(0, inicio) + emoji + texto.slice(fim);
    setTexto(proximo);
    setEmojiAberto(false);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(inicio + emoji.length, inicio + emoji.length);
    });
  };

  const bloqueado = somenteTemplate && !privada;
  const podeEnviar = arquivos.length > 0 || (texto.trim() !== '' && !bloqueado && atalho === null) || (texto.trim() !== '' && privada);

  return (
    <Box className={classes.composer} data-privada={privada || undefined} p="sm">
      {respondendoA ? (
        <Paper className={classes.resposta} px="sm" py={4} mb="xs" radius="sm">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Box miw={0}>
              <Text size="xs" fw={600}>
                {t('composer.respondendoA', {
                  autor: respondendoA.direcao === 'enviada' ? (respondendoA.remetente.nome ?? t('lista.voce')) : t('composer.cliente'),
                })}
              </Text>
              <Text size="xs" c="dimmed" truncate="end">
                {respondendoA.conteudo ?? t(`mensagem.tipos.${respondendoA.tipo}`)}
              </Text>
            </Box>
            <CloseButton size="sm" onClick={onCancelarResposta} aria-label={t('composer.cancelarResposta')} />
          </Group>
        </Paper>
      ) : null}

      {envio.uploads.length > 0 ? (
        <Box mb="xs" aria-live="polite">
          {envio.uploads.map((upload) => (
            <Group key={upload.id} gap="xs" wrap="nowrap" mb={4}>
              <Text size="xs" truncate="end" maw={200}>
                {upload.nome}
              </Text>
              <Progress
                value={Math.round(upload.progresso * 100)}
                style={{ flex: 1 }}
                size="sm"
                animated={upload.progresso < 1}
                aria-label={t('composer.enviandoArquivo', { nome: upload.nome })}
              />
              <Text size="xs" c="dimmed" w={36} ta="right">
                {Math.round(upload.progresso * 100)}%
              </Text>
              <CloseButton size="xs" onClick={upload.cancelar} aria-label={t('composer.cancelarUpload', { nome: upload.nome })} />
            </Group>
          ))}
        </Box>
      ) : null}

      {arquivos.length > 0 ? (
        <Group gap={6} mb="xs">
          {arquivos.map((arquivo, indice) => (
            <Paper key={`${arquivo.name}-${indice}`} withBorder px={8} py={2} radius="xl">
              <Group gap={4} wrap="nowrap">
                <IconPaperclip size={12} aria-hidden="true" />
                <Text size="xs" truncate="end" maw={180}>
                  {arquivo.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {tamanhoDeArquivo(arquivo.size)}
                </Text>
                <CloseButton
                  size="xs"
                  icon={<IconX size={12} />}
                  onClick={() => setArquivos((atuais) => atuais.filter((_, i) => i !== indice))}
                  aria-label={t('composer.removerArquivo', { nome: arquivo.name })}
                />
              </Group>
            </Paper>
          ))}
        </Group>
      ) : null}

      {!privada && !somenteTemplate && template === null ? (
        <Suspense fallback={null}>
          <SugestoesIa key={ticket.id} ticketId={ticket.id} onInserir={inserirSugestao} />
        </Suspense>
      ) : null}

      {template ? (
        <TemplatePreenchimento
          template={template}
          ticketId={ticket.id}
          valores={valores}
          onValores={setValores}
          onEnviar={() => void enviarTemplate()}
          onCancelar={cancelarTemplate}
          enviando={envio.enviando}
        />
      ) : (
        <Box pos="relative">
          {mostrandoSugestoes ? (
            <TemplateSugestoes
              id={listaId}
              templates={templates}
              carregando={sugestoes.isFetching}
              ativo={ativo}
              onEscolher={escolherTemplate}
              onDestacar={setAtivo}
            />
          ) : null}
          <Textarea
            ref={textareaRef}
            value={texto}
            onChange={(event) => {
              setTexto(event.currentTarget.value);
              setSugestoesFechadas(false);
              if (event.currentTarget.value.trim() !== '') avisarDigitando();
              else pararDeDigitar();
            }}
            onKeyDown={handleKeyDown}
            onPaste={handlePaste}
            placeholder={privada ? t('composer.placeholderNota') : bloqueado ? t('composer.placeholderJanela') : t('composer.placeholder')}
            aria-label={privada ? t('composer.rotuloNota') : t('composer.rotulo')}
            autosize
            minRows={2}
            maxRows={8}
            classNames={{ input: classes.entrada }}
            role={mostrandoSugestoes ? 'combobox' : undefined}
            aria-expanded={mostrandoSugestoes ? true : undefined}
            aria-controls={mostrandoSugestoes ? listaId : undefined}
            aria-autocomplete={mostrandoSugestoes ? 'list' : undefined}
            aria-activedescendant={mostrandoSugestoes && templates[ativo] ? opcaoId(listaId, ativo) : undefined}
            aria-describedby={`${listaId}-dica`}
          />
          <VisuallyHidden id={`${listaId}-dica`}>{t('composer.dicaEnter')}</VisuallyHidden>
        </Box>
      )}

      <Group justify="space-between" mt="xs" gap="xs" wrap="nowrap">
        <Group gap={4} wrap="nowrap">
          <SegmentedControl
            size="xs"
            value={privada ? 'nota' : 'resposta'}
            onChange={(valor) => setPrivada(valor === 'nota')}
            aria-label={t('composer.modo')}
            data={[
              {
                value: 'resposta',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconMessage size={14} aria-hidden="true" />
                    <span>{t('composer.resposta')}</span>
                  </Group>
                ),
              },
              {
                value: 'nota',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconLock size={14} aria-hidden="true" />
                    <span>{t('composer.nota')}</span>
                  </Group>
                ),
              },
            ]}
          />
          <Tooltip label={t('composer.templatesBotao')} withinPortal>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={t('composer.templatesBotao')}
              disabled={privada}
              onClick={() => {
                setTemplate(null);
                setSugestoesFechadas(false);
                setTexto('/');
                textareaRef.current?.focus();
              }}
            >
              <IconTemplate size={18} aria-hidden="true" />
            </ActionIcon>
          </Tooltip>
          <Popover opened={emojiAberto} onChange={setEmojiAberto} position="top-start" shadow="md" withinPortal trapFocus>
            <Popover.Target>
              <Tooltip label={t('composer.emojiBotao')} withinPortal>
                <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('composer.emojiBotao')} onClick={() => setEmojiAberto((aberto) => !aberto)}>
                  <IconMoodSmile size={18} aria-hidden="true" />
                </ActionIcon>
              </Tooltip>
            </Popover.Target>
            <Popover.Dropdown>
              <Suspense fallback={<Loader size="xs" aria-label={t('app.loading')} />}>
                <EmojiPicker onEscolher={inserirEmoji} />
              </Suspense>
            </Popover.Dropdown>
          </Popover>
          <FileButton onChange={(escolhidos) => adicionarArquivos(escolhidos)} multiple>
            {(props) => (
              <Tooltip label={t('composer.anexar')} withinPortal>
                <ActionIcon {...props} variant="subtle" color="gray" size="lg" aria-label={t('composer.anexar')} disabled={bloqueado}>
                  <IconPaperclip size={18} aria-hidden="true" />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Tooltip label={`${privada ? t('composer.salvarNota') : t('composer.enviar')} · ${t('composer.dicaEnter')}`} withinPortal>
            <ActionIcon
              size="lg"
              variant="filled"
              color={privada ? 'yellow' : undefined}
              onClick={() => void enviar()}
              disabled={!podeEnviar || template !== null}
              loading={envio.enviando}
              aria-label={privada ? t('composer.salvarNota') : t('composer.enviar')}
            >
              <IconSend size={18} aria-hidden="true" />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </Box>
  );
}
