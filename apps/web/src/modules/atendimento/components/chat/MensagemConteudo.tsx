import type { AnexoDto, MensagemDto } from '@atende/shared';
import { Badge, Box, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAddressBook, IconHandClick, IconMapPin, IconQuestionMark } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { AudioAnexo, DocumentoAnexo, ImagemAnexo, LinkExterno, VideoAnexo } from './AnexoPreview.js';

const localizacaoSchema = z.looseObject({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string().optional(),
  nome: z.string().optional(),
  address: z.string().optional(),
  endereco: z.string().optional(),
});

const cartaoSchema = z.looseObject({
  name: z.string().optional(),
  nome: z.string().optional(),
  phones: z.array(z.looseObject({ phone: z.string().optional(), waId: z.string().optional(), type: z.string().optional() })).optional(),
  emails: z.array(z.looseObject({ email: z.string().optional(), type: z.string().optional() })).optional(),
  org: z.string().optional(),
});

const interativaSchema = z.looseObject({ tipo: z.string().optional(), id: z.string().optional(), titulo: z.string().optional(), descricao: z.string().optional() });

/** Text with line breaks kept and long words wrapped; URLs stay plain text (never rendered as HTML). */
export function Texto({ children }: { children: string }) {
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {children}
    </Text>
  );
}

function Localizacao({ mensagem }: { mensagem: MensagemDto }) {
  const { t } = useTranslation();
  const local = localizacaoSchema.safeParse(mensagem.payload.localizacao);
  if (!local.success) return mensagem.conteudo ? <Texto>{mensagem.conteudo}</Texto> : null;
  const { latitude, longitude } = local.data;
  const nome = local.data.name ?? local.data.nome;
  const endereco = local.data.address ?? local.data.endereco;
  const mapa = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
  return (
    <Paper withBorder p="xs" radius="sm" maw={300} bg="var(--mantine-color-body)">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color="red" size="lg" aria-hidden="true">
          <IconMapPin size={20} />
        </ThemeIcon>
        <Stack gap={2} miw={0}>
          <Text size="sm" fw={600}>
            {nome ?? t('mensagem.tipos.localizacao')}
          </Text>
          {endereco ? (
            <Text size="xs" c="dimmed">
              {endereco}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            {latitude.toFixed(5)}, {longitude.toFixed(5)}
          </Text>
          <LinkExterno href={mapa}>{t('mensagem.abrirMapa')}</LinkExterno>
        </Stack>
      </Group>
    </Paper>
  );
}

function CartoesDeContato({ mensagem }: { mensagem: MensagemDto }) {
  const { t } = useTranslation();
  const cartoes = z.array(cartaoSchema).safeParse(mensagem.payload.contatos);
  if (!cartoes.success || cartoes.data.length === 0) return mensagem.conteudo ? <Texto>{mensagem.conteudo}</Texto> : null;
  return (
    <Stack gap={6}>
      {cartoes.data.map((cartao, indice) => (
        <Paper key={indice} withBorder p="xs" radius="sm" maw={300} bg="var(--mantine-color-body)">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon variant="light" size="lg" aria-hidden="true">
              <IconAddressBook size={20} />
            </ThemeIcon>
            <Stack gap={2} miw={0}>
              <Text size="sm" fw={600}>
                {cartao.name ?? cartao.nome ?? t('mensagem.tipos.contato')}
              </Text>
              {cartao.org ? (
                <Text size="xs" c="dimmed">
                  {cartao.org}
                </Text>
              ) : null}
              {(cartao.phones ?? []).map((fone, i) => (
                <Text key={`f${i}`} size="xs">
                  {fone.phone ?? fone.waId}
                  {fone.type ? ` (${fone.type.toLowerCase()})` : ''}
                </Text>
              ))}
              {(cartao.emails ?? []).map((email, i) => (
                <Text key={`e${i}`} size="xs">
                  {email.email}
                </Text>
              ))}
            </Stack>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

function Midia({ anexo, tipo }: { anexo: AnexoDto; tipo: MensagemDto['tipo'] }) {
  if (tipo === 'imagem' || tipo === 'sticker') return <ImagemAnexo anexo={anexo} sticker={tipo === 'sticker'} />;
  if (tipo === 'audio') return <AudioAnexo anexo={anexo} />;
  if (tipo === 'video') return <VideoAnexo anexo={anexo} />;
  if (anexo.mimeTipo.startsWith('image/')) return <ImagemAnexo anexo={anexo} />;
  if (anexo.mimeTipo.startsWith('audio/')) return <AudioAnexo anexo={anexo} />;
  if (anexo.mimeTipo.startsWith('video/')) return <VideoAnexo anexo={anexo} />;
  return <DocumentoAnexo anexo={anexo} />;
}

/** The body of a mensagem, by type: text, media (image, audio, video, document), location, contact cards… */
export function MensagemConteudo({ mensagem }: { mensagem: MensagemDto }) {
  const { t } = useTranslation();

  if (mensagem.removidaEm) {
    return (
      <Text size="sm" fs="italic" c="dimmed">
        {t('mensagem.removida')}
      </Text>
    );
  }

  switch (mensagem.tipo) {
    case 'localizacao':
      return <Localizacao mensagem={mensagem} />;
    case 'contato':
      return <CartoesDeContato mensagem={mensagem} />;
    case 'interativa': {
      const resposta = interativaSchema.safeParse(mensagem.payload.interativa);
      return (
        <Stack gap={4}>
          <Group gap={6} c="dimmed">
            <IconHandClick size={14} aria-hidden="true" />
            <Text size="xs">{t('mensagem.respostaInterativa')}</Text>
          </Group>
          <Texto>{mensagem.conteudo ?? (resposta.success ? (resposta.data.titulo ?? '') : '')}</Texto>
          {resposta.success && resposta.data.descricao ? (
            <Text size="xs" c="dimmed">
              {resposta.data.descricao}
            </Text>
          ) : null}
        </Stack>
      );
    }
    case 'reacao':
      return (
        <Text size="sm">
          {t('mensagem.reagiuCom')}{' '}
          <Text span fz="xl" lh={1}>
            {mensagem.conteudo}
          </Text>
        </Text>
      );
    case 'desconhecido':
      return (
        <Group gap={6} c="dimmed">
          <IconQuestionMark size={16} aria-hidden="true" />
          <Text size="sm" fs="italic">
            {t('mensagem.naoSuportada')}
          </Text>
        </Group>
      );
    case 'template':
      return (
        <Stack gap={4}>
          <Badge size="xs" variant="light" w="fit-content">
            {t('mensagem.tipos.template')}
          </Badge>
          {mensagem.conteudo ? <Texto>{mensagem.conteudo}</Texto> : null}
        </Stack>
      );
    default:
      break;
  }

  return (
    <Stack gap={6}>
      {mensagem.anexos.map((anexo) => (
        <Midia key={anexo.id} anexo={anexo} tipo={mensagem.tipo} />
      ))}
      {mensagem.anexos.length === 0 && ['imagem', 'audio', 'video', 'documento', 'sticker'].includes(mensagem.tipo) ? (
        <Text size="sm" c="dimmed" fs="italic">
          {t('mensagem.midiaBaixando', { tipo: t(`mensagem.tipos.${mensagem.tipo}`) })}
        </Text>
      ) : null}
      {mensagem.conteudo ? <Texto>{mensagem.conteudo}</Texto> : null}
      {mensagem.transcricao ? (
        <Box>
          <Text size="xs" c="dimmed" fs="italic">
            {t('mensagem.transcricao')}: {mensagem.transcricao}
          </Text>
        </Box>
      ) : mensagem.transcricaoStatus && mensagem.transcricaoStatus !== 'concluida' ? (
        <Text size="xs" c="dimmed" fs="italic">
          {t(`mensagem.transcricaoStatus.${mensagem.transcricaoStatus}`)}
        </Text>
      ) : null}
    </Stack>
  );
}
