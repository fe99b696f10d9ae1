import { type CanalDto, type CanalSaude, testarMensagemCanalSchema } from '@atende/shared';
import { ActionIcon, Alert, Badge, Button, Code, CopyButton, Group, List, Paper, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCopy, IconPlugConnected, IconRefresh, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validarComZod } from '../../../../lib/form.js';
import { atendimentoKeys } from '../../../atendimento/api/query-keys.js';
import { dataHora } from '../../../atendimento/formatacao.js';
import { sincronizarCanal, testarMensagemCanal, verificarCanal } from '../../api/configuracoes-api.js';
import { EmailPassosConexao } from './EmailCanalCampos.js';
import { WebchatPassosConexao, snippetDoWebchat } from './WebchatCanalCampos.js';

export const COR_STATUS_CANAL: Record<CanalDto['status'], string> = { pendente: 'yellow', conectado: 'teal', erro: 'red', desconectado: 'gray' };

/** The public URL of a webhook path: the API answers with a path or a full URL depending on ATENDE_PUBLIC_URL. */
export function urlAbsoluta(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${window.location.origin}${url.startsWith('/') ? '' : '/'}${url}`;
}

function Copiavel({ rotulo, valor, testId }: { rotulo: string; valor: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={rotulo}
      value={valor}
      readOnly
      data-testid={testId}
      onFocus={(event) => event.currentTarget.select()}
      rightSection={
        <CopyButton value={valor}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('canais.copiado') : t('canais.copiar')} withinPortal>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('canais.copiarCampo', { campo: rotulo })}>
                {copied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

function ResultadoDoTeste({ saude }: { saude: CanalSaude }) {
  const { t } = useTranslation();
  return (
    <Alert color={saude.ok ? 'teal' : 'red'} variant="light" title={saude.ok ? t('canais.testeOk') : t('canais.testeFalhou')} role="status">
      <Stack gap={4}>
        <Text size="sm">{saude.mensagem}</Text>
        {saude.acao ? (
          <Text size="sm" fw={500}>
            {saude.acao}
          </Text>
        ) : null}
        {saude.erroProvedor ? (
          <Text size="xs" c="dimmed">
            {`${saude.erroProvedor.code} · ${saude.erroProvedor.title}${saude.erroProvedor.message ? ` · ${saude.erroProvedor.message}` : ''}`}
          </Text>
        ) : null}
        {Object.entries(saude.detalhes).length > 0 ? (
          <Group gap={6}>
            {Object.entries(saude.detalhes).map(([chave, valor]) => (
              <Badge key={chave} variant="outline" color="gray">
                {`${chave}: ${String(valor)}`}
              </Badge>
            ))}
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

function MensagemDeTeste({ canal }: { canal: CanalDto }) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'controlled',
    initialValues: { para: '', texto: t('canais.textoTeste') },
    validate: validarComZod(testarMensagemCanalSchema),
  });
  const enviar = useMutation({ mutationFn: (body: { para: string; texto: string }) => testarMensagemCanal(canal.id, body) });
  return (
    <form onSubmit={form.onSubmit((valores) => enviar.mutate(valores))} noValidate aria-label={t('canais.mensagemTeste')}>
      <Stack gap="xs">
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            label={canal.tipo === 'telegram' ? t('canais.paraTelegram') : t('canais.paraWhatsapp')}
            placeholder={canal.tipo === 'telegram' ? '123456789' : '5511988887777'}
            style={{ flex: 1, minWidth: 180 }}
            {...form.getInputProps('para')}
          />
          <TextInput label={t('canais.texto')} style={{ flex: 2, minWidth: 200 }} {...form.getInputProps('texto')} />
          <Button type="submit" variant="light" leftSection={<IconSend size={14} aria-hidden="true" />} loading={enviar.isPending}>
            {t('canais.enviarTeste')}
          </Button>
        </Group>
        {enviar.isSuccess ? (
          <Text size="sm" c="teal" role="status">
            {t('canais.testeEnviado', { id: enviar.data.externalId })}
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}

/**
 * What to paste in the provider's console (webhook URL, verify token), the "testar" button, the status, and a
 * test message. `verifyTokenEmClaro`: the token as typed at creation (afterwards the API only shows it masked).
 */
export function CanalConexao({ canal, verifyTokenEmClaro }: { canal: CanalDto; verifyTokenEmClaro?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [saude, setSaude] = useState<CanalSaude | null>(null);
  const testar = useMutation({
    mutationFn: () => verificarCanal(canal.id),
    onSuccess: (resultado) => {
      setSaude(resultado);
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.canais() });
    },
  });
  const sincronizar = useMutation({
    mutationFn: () => sincronizarCanal(canal.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.canais() });
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.templates() });
    },
  });
  const verifyToken = verifyTokenEmClaro ?? canal.webhook.verifyToken;
  const status = saude?.status ?? canal.status;

  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Title order={3} fz="h6" mb={4}>
          {canal.tipo === 'webchat' ? t('canais.webchat.snippetTitulo') : t('canais.webhookTitulo')}
        </Title>
        {canal.tipo === 'email' ? (
          <EmailPassosConexao canal={canal} />
        ) : canal.tipo === 'webchat' ? (
          <WebchatPassosConexao />
        ) : (
          <List size="sm" type="ordered" spacing={4} mb="sm">
            {canal.tipo === 'whatsapp' ? (
              <>
                <List.Item>{t('canais.meta.passo1')}</List.Item>
                <List.Item>{t('canais.meta.passo2')}</List.Item>
                <List.Item>{t('canais.meta.passo3')}</List.Item>
              </>
            ) : (
              <>
                <List.Item>{t('canais.telegram.passo1')}</List.Item>
                <List.Item>{t('canais.telegram.passo2')}</List.Item>
              </>
            )}
          </List>
        )}
        {canal.tipo === 'webchat' ? (
          <Stack gap="xs">
            <Copiavel
              rotulo={t('canais.webchat.snippet')}
              valor={snippetDoWebchat(canal, new URL(urlAbsoluta(canal.webhook.url)).origin)}
              testId="webchat-snippet"
            />
            <Copiavel rotulo={t('canais.webchat.chavePublica')} valor={String(canal.configuracao.chavePublica ?? '')} testId="webchat-chave" />
          </Stack>
        ) : (
        <Stack gap="xs">
          <Copiavel rotulo={t('canais.urlWebhook')} valor={urlAbsoluta(canal.webhook.url)} testId="webhook-url" />
          {verifyToken ? <Copiavel rotulo={t('canais.verifyToken')} valor={verifyToken} testId="verify-token" /> : null}
          {verifyToken && verifyTokenEmClaro === undefined ? (
            <Text size="xs" c="dimmed">
              {t('canais.verifyTokenMascarado')}
            </Text>
          ) : null}
        </Stack>
        )}
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={3} fz="h6">
            {t('canais.statusTitulo')}
          </Title>
          <Badge color={COR_STATUS_CANAL[status]} variant="light" data-testid="status-canal">
            {t(`canais.status.${status}`)}
          </Badge>
        </Group>
        <Stack gap={4} mb="sm">
          <Text size="sm" c="dimmed">
            {canal.ultimoEventoEm ? t('canais.ultimoEvento', { data: dataHora(canal.ultimoEventoEm) }) : t('canais.semEventos')}
          </Text>
          {canal.ultimoErro ? (
            <Text size="sm" c="red">
              {t('canais.ultimoErro', { data: dataHora(canal.ultimoErro.em), mensagem: canal.ultimoErro.mensagem })}
            </Text>
          ) : null}
        </Stack>
        <Group gap="xs" mb={saude ? 'sm' : 0}>
          <Button leftSection={<IconPlugConnected size={16} aria-hidden="true" />} onClick={() => testar.mutate()} loading={testar.isPending}>
            {t('canais.testar')}
          </Button>
          {canal.tipo === 'webchat' ? null : (
            <Button variant="light" leftSection={<IconRefresh size={16} aria-hidden="true" />} onClick={() => sincronizar.mutate()} loading={sincronizar.isPending}>
              {canal.tipo === 'telegram' ? t('canais.registrarWebhook') : t('canais.sincronizarTemplates')}
            </Button>
          )}
        </Group>
        {sincronizar.data ? (
          <Text size="sm" c="teal" role="status" mb="xs">
            {sincronizar.data.templates
              ? t('canais.sincronizados', {
                  total: sincronizar.data.templates.total,
                  criados: sincronizar.data.templates.criados,
                  atualizados: sincronizar.data.templates.atualizados,
                })
              : sincronizar.data.webhook
                ? t('canais.webhookRegistrado', { url: sincronizar.data.webhook.url })
                : t('canais.nadaASincronizar')}
          </Text>
        ) : null}
        {saude ? <ResultadoDoTeste saude={saude} /> : null}
      </Paper>

      {canal.tipo === 'webchat' ? null : (
        <Paper withBorder p="md" radius="md">
          <Title order={3} fz="h6" mb={4}>
            {t('canais.mensagemTeste')}
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            {t('canais.mensagemTesteDica')}
          </Text>
          <MensagemDeTeste canal={canal} />
        </Paper>
      )}
      <Text size="xs" c="dimmed">
        {t('canais.idDoCanal')} <Code>{canal.id}</Code>
      </Text>
    </Stack>
  );
}
