import { type MensagemDto, iaMensagemBotSchema } from '@atende/shared';
import { ActionIcon, Badge, Box, Button, Group, Paper, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowBackUp, IconLock, IconRefresh, IconRobot } from '@tabler/icons-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { dataHora, horaCurta } from '../../formatacao.js';
import classes from './MensagemBolha.module.css';
import { MensagemConteudo } from './MensagemConteudo.js';
import { StatusEntrega } from './StatusEntrega.js';

interface MensagemBolhaProps {
  mensagem: MensagemDto;
  /** Show the sender's name (first of a run from the same person). */
  mostrarAutor: boolean;
  contatoNome: string;
  onResponder?: (mensagem: MensagemDto) => void;
  onReenviar?: (mensagem: MensagemDto) => void;
  reenviando?: boolean;
}

function irParaMensagem(id: string): void {
  const alvo = document.getElementById(`mensagem-${id}`);
  if (!alvo) return;
  alvo.scrollIntoView({ block: 'center', behavior: 'smooth' });
  alvo.setAttribute('data-destaque', 'true');
  setTimeout(() => alvo.removeAttribute('data-destaque'), 1500);
}

/** One mensagem: a bubble on the customer's side (left) or ours (right); internal notes stand out in yellow. */
export const MensagemBolha = memo(function MensagemBolha({ mensagem, mostrarAutor, contatoNome, onResponder, onReenviar, reenviando }: MensagemBolhaProps) {
  const { t } = useTranslation();

  if (mensagem.tipo === 'sistema') {
    return (
      <Group justify="center" my={6} id={`mensagem-${mensagem.id}`}>
        <Text size="xs" c="dimmed" ta="center" px="sm" className={classes.sistema}>
          {mensagem.conteudo}
        </Text>
      </Group>
    );
  }

  const nossa = mensagem.direcao === 'enviada';
  const autor = nossa
    ? mensagem.remetente.bot
      ? t('mensagem.bot')
      : (mensagem.remetente.nome ?? t('mensagem.automacao'))
    : contatoNome;
  const citada = mensagem.respondeA;
  // What the AI bot grounded its answer on, for the agents to check.
  const iaDoBot = mensagem.remetente.bot ? iaMensagemBotSchema.safeParse(mensagem.payload.ia) : null;
  const fontesDoBot = iaDoBot?.success ? iaDoBot.data.citacoes.map((c) => c.titulo) : [];
  const rotulo = mensagem.privada ? t('mensagem.notaDe', { autor }) : nossa ? t('mensagem.enviadaPor', { autor }) : t('mensagem.recebidaDe', { autor });

  return (
    <Box
      id={`mensagem-${mensagem.id}`}
      className={classes.linha}
      data-lado={nossa ? 'nossa' : 'cliente'}
      data-tipo={mensagem.tipo}
      data-status={mensagem.status}
      data-privada={mensagem.privada || undefined}
      role="article"
      aria-label={rotulo}
    >
      <Stack gap={2} className={classes.coluna}>
        {mostrarAutor || mensagem.privada ? (
          <Group gap={4} className={classes.autor}>
            {mensagem.privada ? <IconLock size={12} aria-hidden="true" /> : null}
            {mensagem.remetente.bot ? <IconRobot size={12} aria-hidden="true" /> : null}
            <Text size="xs" c="dimmed" fw={500}>
              {mensagem.privada ? t('mensagem.notaInterna', { autor }) : autor}
            </Text>
          </Group>
        ) : null}
        <Group gap={4} wrap="nowrap" align="center" className={classes.bolhaGrupo}>
          <Paper className={classes.bolha} data-lado={nossa ? 'nossa' : 'cliente'} data-privada={mensagem.privada || undefined} radius="lg" px="sm" py={6}>
            {citada ? (
              <UnstyledButton className={classes.citacao} onClick={() => irParaMensagem(citada.id)} aria-label={t('mensagem.irParaCitada')}>
                <Text size="xs" fw={600}>
                  {citada.direcao === 'enviada' ? (citada.remetenteNome ?? t('lista.voce')) : contatoNome}
                </Text>
                <Text size="xs" lineClamp={2} c="dimmed">
                  {citada.removida ? t('mensagem.removida') : (citada.conteudo ?? t(`mensagem.tipos.${citada.tipo}`))}
                </Text>
              </UnstyledButton>
            ) : null}
            <MensagemConteudo mensagem={mensagem} />
            <Group gap={4} justify="flex-end" mt={2} wrap="nowrap">
              {mensagem.editadaEm ? (
                <Text size="xs" c="dimmed" fs="italic">
                  {t('mensagem.editada')}
                </Text>
              ) : null}
              <Tooltip label={dataHora(mensagem.criadoEm)} withinPortal openDelay={400}>
                <Text size="xs" c="dimmed" component="time" dateTime={mensagem.criadoEm}>
                  {horaCurta(mensagem.criadoEm)}
                </Text>
              </Tooltip>
              {nossa && !mensagem.privada ? <StatusEntrega status={mensagem.status} size={15} /> : null}
            </Group>
          </Paper>
          {onResponder && !mensagem.privada ? (
            <Tooltip label={t('mensagem.responder')} withinPortal>
              <ActionIcon variant="subtle" color="gray" size="sm" className={classes.acao} onClick={() => onResponder(mensagem)} aria-label={t('mensagem.responderA', { autor })}>
                <IconArrowBackUp size={16} aria-hidden="true" />
              </ActionIcon>
            </Tooltip>
          ) : null}
        </Group>
        {fontesDoBot.length > 0 ? (
          <Text size="xs" c="dimmed" className={classes.autor}>
            {t('mensagem.fontesDoBot', { fontes: fontesDoBot.join(', ') })}
          </Text>
        ) : null}
        {mensagem.reacoes.length > 0 ? (
          <Group gap={4} className={classes.reacoes}>
            {mensagem.reacoes.map((reacao, indice) => (
              <Badge key={`${reacao.emoji}-${indice}`} variant="default" size="md" radius="xl" aria-label={t('mensagem.reacao', { emoji: reacao.emoji })}>
                {reacao.emoji}
              </Badge>
            ))}
          </Group>
        ) : null}
        {mensagem.status === 'falhou' ? (
          <Group gap={6} className={classes.falha} role="alert">
            <Text size="xs" c="red">
              {t('mensagem.falhou')}
              {mensagem.erro?.mensagem ? `: ${mensagem.erro.mensagem}` : ''}
              {mensagem.erro?.codigo ? ` (${mensagem.erro.codigo})` : ''}
            </Text>
            {onReenviar ? (
              <Button size="compact-xs" variant="light" color="red" leftSection={<IconRefresh size={12} aria-hidden="true" />} loading={reenviando} onClick={() => onReenviar(mensagem)}>
                {t('mensagem.tentarDeNovo')}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </Box>
  );
});
