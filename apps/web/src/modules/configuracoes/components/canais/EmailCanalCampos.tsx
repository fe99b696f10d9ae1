import type { CanalDto } from '@atende/shared';
import {
  Fieldset,
  List,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/**
 * The e-mail step of the canal wizard: the sender, SMTP out, and how mail comes in (IMAP polling of a mailbox,
 * SendGrid Inbound Parse or Amazon SES through SNS). The checks mirror the API's credential schema
 * (apps/api/src/canais/email/email.types.ts) so a form that passes here is accepted there.
 */

export const EMAIL_ENTRADAS = ['imap', 'sendgrid', 'ses'] as const;
export type EmailEntrada = (typeof EMAIL_ENTRADAS)[number];

export type CampoEmail =
  | 'entrada'
  | 'fromAddress'
  | 'fromName'
  | 'replyDomain'
  | 'smtpHost'
  | 'smtpPort'
  | 'smtpSecure'
  | 'smtpUser'
  | 'smtpPassword'
  | 'imapHost'
  | 'imapPort'
  | 'imapSecure'
  | 'imapUser'
  | 'imapPassword'
  | 'imapMailbox'
  | 'sendgridVerificationKey'
  | 'snsTopicArn';

/** The form keeps every field as text (switches as 'true'/'false'); defaults as the API's schema has them. */
export const EMAIL_PADRAO: Record<string, string> = {
  entrada: 'imap',
  smtpPort: '587',
  smtpSecure: 'false',
  imapPort: '993',
  imapSecure: 'true',
  imapMailbox: 'INBOX',
};

const HOST = /^[A-Za-z0-9.-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMINIO = /^[a-z0-9.-]+\.[a-z]{2,}$/;
const CHAVE_BASE64 = /^[A-Za-z0-9+/=]{40,}$/;
const ARN_SNS = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

function entradaDe(configuracao: Record<string, string>): EmailEntrada {
  const entrada = configuracao.entrada;
  return entrada === 'sendgrid' || entrada === 'ses' ? entrada : 'imap';
}

function texto(configuracao: Record<string, string>, campo: CampoEmail): string {
  return (configuracao[campo] ?? '').trim();
}

/** Field errors, keyed like the form (`configuracao.<campo>`). */
export function validarEmail(configuracao: Record<string, string>, t: TFunction): Record<string, string> {
  const erros: Record<string, string> = {};
  const erro = (campo: CampoEmail, mensagem: string) => {
    erros[`configuracao.${campo}`] ??= mensagem;
  };
  const obrigatorio = (campo: CampoEmail) => {
    if (!texto(configuracao, campo)) erro(campo, t('canais.campoObrigatorio'));
  };
  const host = (campo: CampoEmail) => {
    obrigatorio(campo);
    const valor = texto(configuracao, campo);
    if (valor && (!HOST.test(valor) || valor.length > 253)) erro(campo, t('canais.email.hostFormato'));
  };
  const porta = (campo: CampoEmail) => {
    const valor = texto(configuracao, campo);
    const numero = Number(valor);
    if (!valor) erro(campo, t('canais.campoObrigatorio'));
    else if (!Number.isInteger(numero) || numero < 1 || numero > 65_535) erro(campo, t('canais.email.portaFormato'));
  };

  obrigatorio('fromAddress');
  if (texto(configuracao, 'fromAddress') && !EMAIL.test(texto(configuracao, 'fromAddress')))
    erro('fromAddress', t('canais.email.emailFormato'));
  if (texto(configuracao, 'fromName').length > 120) erro('fromName', t('canais.email.longo', { max: 120 }));
  const dominio = texto(configuracao, 'replyDomain').toLowerCase();
  if (dominio && !DOMINIO.test(dominio)) erro('replyDomain', t('canais.email.dominioFormato'));
  host('smtpHost');
  porta('smtpPort');

  const entrada = entradaDe(configuracao);
  if (entrada === 'imap') {
    host('imapHost');
    porta('imapPort');
    obrigatorio('imapUser');
    obrigatorio('imapPassword');
    obrigatorio('imapMailbox');
  } else if (entrada === 'sendgrid') {
    obrigatorio('sendgridVerificationKey');
    const chave = texto(configuracao, 'sendgridVerificationKey');
    if (chave && !CHAVE_BASE64.test(chave)) erro('sendgridVerificationKey', t('canais.email.chaveFormato'));
  } else {
    obrigatorio('snsTopicArn');
    const arn = texto(configuracao, 'snsTopicArn');
    if (arn && !ARN_SNS.test(arn)) erro('snsTopicArn', t('canais.email.arnFormato'));
  }
  return erros;
}

/** The `configuracao` body of an e-mail canal: numbers and booleans typed, empty optional fields left out. */
export function configuracaoEmail(configuracao: Record<string, string>): Record<string, string | number | boolean> {
  const entrada = entradaDe(configuracao);
  const corpo: Record<string, string | number | boolean> = {
    entrada,
    fromAddress: texto(configuracao, 'fromAddress').toLowerCase(),
    smtpHost: texto(configuracao, 'smtpHost'),
    smtpPort: Number(texto(configuracao, 'smtpPort')),
    smtpSecure: configuracao.smtpSecure === 'true',
  };
  const opcional = (campo: CampoEmail, valor = texto(configuracao, campo)) => {
    if (valor) corpo[campo] = valor;
  };
  opcional('fromName');
  opcional('replyDomain', texto(configuracao, 'replyDomain').toLowerCase());
  opcional('smtpUser');
  // Passwords are sent as typed: spaces can be part of them.
  if (configuracao.smtpPassword) corpo.smtpPassword = configuracao.smtpPassword;
  if (entrada === 'imap') {
    corpo.imapHost = texto(configuracao, 'imapHost');
    corpo.imapPort = Number(texto(configuracao, 'imapPort'));
    corpo.imapSecure = configuracao.imapSecure === 'true';
    corpo.imapUser = texto(configuracao, 'imapUser');
    corpo.imapPassword = configuracao.imapPassword ?? '';
    corpo.imapMailbox = texto(configuracao, 'imapMailbox');
  } else if (entrada === 'sendgrid') {
    corpo.sendgridVerificationKey = texto(configuracao, 'sendgridVerificationKey');
  } else {
    corpo.snsTopicArn = texto(configuracao, 'snsTopicArn');
  }
  return corpo;
}

export interface EmailCanalCamposProps {
  configuracao: Record<string, string>;
  /** The form's input props of `configuracao.<campo>`. */
  inputProps: (campo: CampoEmail) => GetInputPropsReturnType;
  definir: (campo: CampoEmail, valor: string) => void;
}

export function EmailCanalCampos({ configuracao, inputProps, definir }: EmailCanalCamposProps) {
  const { t } = useTranslation();
  const entrada = entradaDe(configuracao);
  const rotulo = (campo: CampoEmail) => t(`canais.email.campos.${campo}`);
  const campoTexto = (campo: CampoEmail, opcoes: { obrigatorio?: boolean; descricao?: string; placeholder?: string } = {}) => (
    <TextInput
      label={rotulo(campo)}
      required={opcoes.obrigatorio}
      description={opcoes.descricao}
      placeholder={opcoes.placeholder}
      autoComplete="off"
      {...inputProps(campo)}
    />
  );
  const senha = (campo: CampoEmail, obrigatorio: boolean) => (
    <PasswordInput label={rotulo(campo)} required={obrigatorio} autoComplete="new-password" {...inputProps(campo)} />
  );
  const porta = (campo: CampoEmail) => {
    const props = inputProps(campo);
    return (
      <NumberInput
        label={rotulo(campo)}
        required
        min={1}
        max={65_535}
        allowDecimal={false}
        allowNegative={false}
        value={configuracao[campo] ?? ''}
        error={props.error}
        onFocus={props.onFocus}
        onBlur={props.onBlur}
        onChange={(valor) => definir(campo, String(valor))}
      />
    );
  };
  const chave = (campo: CampoEmail, descricao: string) => (
    <Switch
      label={rotulo(campo)}
      description={descricao}
      checked={configuracao[campo] === 'true'}
      onChange={(evento) => definir(campo, String(evento.currentTarget.checked))}
    />
  );

  return (
    <Stack gap="sm" data-testid="email-campos">
      <Fieldset legend={t('canais.email.remetente')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {campoTexto('fromAddress', { obrigatorio: true, placeholder: 'atendimento@empresa.com.br' })}
          {campoTexto('fromName', { placeholder: t('canais.email.fromNameExemplo') })}
          {campoTexto('replyDomain', { descricao: t('canais.email.replyDomainDica') })}
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend={t('canais.email.smtp')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {campoTexto('smtpHost', { obrigatorio: true, placeholder: 'smtp.empresa.com.br' })}
          {porta('smtpPort')}
          {campoTexto('smtpUser')}
          {senha('smtpPassword', false)}
        </SimpleGrid>
        <Stack mt="sm">{chave('smtpSecure', t('canais.email.smtpSecureDica'))}</Stack>
      </Fieldset>

      <Fieldset legend={t('canais.email.entrada')}>
        <SegmentedControl
          fullWidth
          value={entrada}
          onChange={(valor) => definir('entrada', valor)}
          aria-label={t('canais.email.entrada')}
          data={EMAIL_ENTRADAS.map((opcao) => ({ value: opcao, label: t(`canais.email.entradas.${opcao}`) }))}
        />
        <Text size="sm" c="dimmed" mt="xs">
          {t(`canais.email.entradaDica.${entrada}`)}
        </Text>
        {entrada === 'imap' ? (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="sm">
              {campoTexto('imapHost', { obrigatorio: true, placeholder: 'imap.empresa.com.br' })}
              {porta('imapPort')}
              {campoTexto('imapUser', { obrigatorio: true })}
              {senha('imapPassword', true)}
              {campoTexto('imapMailbox', { obrigatorio: true })}
            </SimpleGrid>
            <Stack mt="sm" gap="xs">
              {chave('imapSecure', t('canais.email.imapSecureDica'))}
              <Text size="xs" c="dimmed">
                {t('canais.email.intervalo')}
              </Text>
            </Stack>
          </>
        ) : entrada === 'sendgrid' ? (
          <Stack mt="sm">{campoTexto('sendgridVerificationKey', { obrigatorio: true, descricao: t('canais.email.sendgridDica') })}</Stack>
        ) : (
          <Stack mt="sm">
            {campoTexto('snsTopicArn', { obrigatorio: true, placeholder: 'arn:aws:sns:us-east-1:123456789012:atende-entrada' })}
          </Stack>
        )}
      </Fieldset>
    </Stack>
  );
}

/** What to do at the provider once the e-mail canal exists (the connection step). */
export function EmailPassosConexao({ canal }: { canal: CanalDto }) {
  const { t } = useTranslation();
  const entrada = entradaDe(
    Object.fromEntries(Object.entries(canal.configuracao).map(([chave, valor]) => [chave, String(valor)])),
  );
  return (
    <List size="sm" type="ordered" spacing={4} mb="sm">
      {entrada === 'imap' ? (
        <>
          <List.Item>{t('canais.email.passos.imap1')}</List.Item>
          <List.Item>{t('canais.email.passos.testar')}</List.Item>
        </>
      ) : entrada === 'sendgrid' ? (
        <>
          <List.Item>{t('canais.email.passos.sendgrid1')}</List.Item>
          <List.Item>{t('canais.email.passos.sendgrid2')}</List.Item>
          <List.Item>{t('canais.email.passos.testar')}</List.Item>
        </>
      ) : (
        <>
          <List.Item>{t('canais.email.passos.ses1')}</List.Item>
          <List.Item>{t('canais.email.passos.ses2')}</List.Item>
          <List.Item>{t('canais.email.passos.testar')}</List.Item>
        </>
      )}
    </List>
  );
}
