import type { AnexoDto } from '@atende/shared';
import { ActionIcon, Alert, Anchor, Box, Group, Image, Modal, Paper, Skeleton, Text, ThemeIcon, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure, useInViewport } from '@mantine/hooks';
import { IconDownload, IconFileText, IconPhotoOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { baixarAnexo, useAnexoUrl } from '../../../../lib/anexos.js';
import { tamanhoDeArquivo } from '../../formatacao.js';

function nomeDoArquivo(anexo: AnexoDto, padrao: string): string {
  return anexo.nomeArquivo ?? padrao;
}

function FalhaDeMidia() {
  const { t } = useTranslation();
  return (
    <Group gap={6} c="dimmed">
      <IconPhotoOff size={16} aria-hidden="true" />
      <Text size="sm">{t('mensagem.midiaIndisponivel')}</Text>
    </Group>
  );
}

/** An image (or sticker) loaded when it scrolls into view; click opens it full size. */
export function ImagemAnexo({ anexo, sticker = false }: { anexo: AnexoDto; sticker?: boolean }) {
  const { t } = useTranslation();
  const { ref, inViewport } = useInViewport();
  const [visto, setVisto] = useState(false);
  if (inViewport && !visto) setVisto(true);
  const url = useAnexoUrl(anexo.url, visto);
  const [aberto, { open, close }] = useDisclosure(false);
  const nome = nomeDoArquivo(anexo, t('mensagem.tipos.imagem'));
  const largura = sticker ? 140 : 260;

  return (
    <Box ref={ref} w={largura} maw="100%">
      {url.isError ? (
        <FalhaDeMidia />
      ) : !url.data ? (
        <Skeleton height={sticker ? 140 : 180} width={largura} maw="100%" radius="sm" />
      ) : (
        <>
          <UnstyledButton onClick={open} aria-label={t('mensagem.ampliarImagem', { nome })} display="block">
            <Image src={url.data} alt={nome} radius="sm" fit="contain" mah={sticker ? 140 : 320} w="100%" />
          </UnstyledButton>
          <Modal opened={aberto} onClose={close} size="auto" title={nome} centered>
            <Image src={url.data} alt={nome} fit="contain" mah="80dvh" />
          </Modal>
        </>
      )}
    </Box>
  );
}

export function AudioAnexo({ anexo }: { anexo: AnexoDto }) {
  const { t } = useTranslation();
  const url = useAnexoUrl(anexo.url);
  if (url.isError) return <FalhaDeMidia />;
  if (!url.data) return <Skeleton height={40} width={260} radius="xl" />;
  return (
    <audio controls preload="metadata" src={url.data} aria-label={t('mensagem.tipos.audio')} style={{ width: 260, maxWidth: '100%' }}>
      <track kind="captions" />
    </audio>
  );
}

export function VideoAnexo({ anexo }: { anexo: AnexoDto }) {
  const { t } = useTranslation();
  const { ref, inViewport } = useInViewport();
  const [visto, setVisto] = useState(false);
  if (inViewport && !visto) setVisto(true);
  const url = useAnexoUrl(anexo.url, visto);
  return (
    <Box ref={ref} w={300} maw="100%">
      {url.isError ? (
        <FalhaDeMidia />
      ) : !url.data ? (
        <Skeleton height={170} radius="sm" />
      ) : (
        <video controls preload="metadata" src={url.data} aria-label={nomeDoArquivo(anexo, t('mensagem.tipos.video'))} style={{ width: '100%', borderRadius: 4 }}>
          <track kind="captions" />
        </video>
      )}
    </Box>
  );
}

/** A document as a file card: icon, name, size and a download button. */
export function DocumentoAnexo({ anexo }: { anexo: AnexoDto }) {
  const { t } = useTranslation();
  const [baixando, setBaixando] = useState(false);
  const [erro, setErro] = useState(false);
  const nome = nomeDoArquivo(anexo, t('mensagem.tipos.documento'));

  const handleBaixar = async () => {
    setBaixando(true);
    setErro(false);
    try {
      await baixarAnexo(anexo.url, nome);
    } catch {
      setErro(true);
    } finally {
      setBaixando(false);
    }
  };

  return (
    <Paper withBorder p="xs" radius="sm" maw={300} bg="var(--mantine-color-body)">
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon variant="light" size="lg" aria-hidden="true">
          <IconFileText size={20} />
        </ThemeIcon>
        <Box miw={0} style={{ flex: 1 }}>
          <Text size="sm" fw={500} truncate="end" title={nome}>
            {nome}
          </Text>
          <Text size="xs" c="dimmed">
            {[anexo.mimeTipo.split(';')[0], tamanhoDeArquivo(anexo.tamanhoBytes)].join(' · ')}
          </Text>
        </Box>
        <Tooltip label={t('mensagem.baixar')} withinPortal>
          <ActionIcon variant="subtle" onClick={() => void handleBaixar()} loading={baixando} aria-label={t('mensagem.baixarArquivo', { nome })}>
            <IconDownload size={18} aria-hidden="true" />
          </ActionIcon>
        </Tooltip>
      </Group>
      {erro ? (
        <Alert color="red" p={4} mt={6} variant="transparent">
          <Text size="xs">{t('mensagem.falhaDownload')}</Text>
        </Alert>
      ) : null}
    </Paper>
  );
}

export function LinkExterno({ href, children }: { href: string; children: string }) {
  return (
    <Anchor href={href} target="_blank" rel="noopener noreferrer" size="sm">
      {children}
    </Anchor>
  );
}
