import { type CanalDto, type CanalTipoDto, type CriarCanal, criarCanalSchema } from '@atende/shared';
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDice5 } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ErrosDeFormulario, validarComZod } from '../../../../lib/form.js';
import { atendimentoKeys } from '../../../atendimento/api/query-keys.js';
import { CanalIcone } from '../../../atendimento/components/CanalIcone.js';
import { useFilas } from '../../../atendimento/hooks/useCatalogos.js';
import { criarCanal } from '../../api/configuracoes-api.js';
import classes from './Canais.module.css';
import { CanalConexao } from './CanalConexao.js';
import { EMAIL_PADRAO, EmailCanalCampos, configuracaoEmail, validarEmail } from './EmailCanalCampos.js';
import { WEBCHAT_PADRAO, WebchatCanalCampos, configuracaoWebchat, validarWebchat } from './WebchatCanalCampos.js';

/** The kinds this installation has an adapter for (the API refuses the others). */
export const TIPOS_COM_ASSISTENTE = [
  'whatsapp',
  'telegram',
  'messenger',
  'instagram',
  'sms',
  'email',
  'webchat',
] as const satisfies readonly CanalTipoDto[];
type TipoComAssistente = (typeof TIPOS_COM_ASSISTENTE)[number];

/** The credential fields of each kind, as its adapter validates them. */
type CampoDeCredencial =
  | 'phoneNumberId'
  | 'businessAccountId'
  | 'accessToken'
  | 'appSecret'
  | 'verifyToken'
  | 'botToken'
  | 'pageId'
  | 'pageAccessToken'
  | 'instagramAccountId'
  | 'accountSid'
  | 'authToken'
  | 'from';

const CAMPOS: Record<TipoComAssistente, readonly { nome: CampoDeCredencial; segredo: boolean; digitos?: boolean }[]> = {
  whatsapp: [
    { nome: 'phoneNumberId', segredo: false, digitos: true },
    { nome: 'businessAccountId', segredo: false, digitos: true },
    { nome: 'accessToken', segredo: true },
    { nome: 'appSecret', segredo: true },
    { nome: 'verifyToken', segredo: false },
  ],
  telegram: [{ nome: 'botToken', segredo: true }],
  messenger: [
    { nome: 'pageId', segredo: false, digitos: true },
    { nome: 'pageAccessToken', segredo: true },
    { nome: 'appSecret', segredo: true },
    { nome: 'verifyToken', segredo: false },
  ],
  instagram: [
    { nome: 'instagramAccountId', segredo: false, digitos: true },
    { nome: 'accessToken', segredo: true },
    { nome: 'appSecret', segredo: true },
    { nome: 'verifyToken', segredo: false },
  ],
  sms: [
    { nome: 'accountSid', segredo: false },
    { nome: 'authToken', segredo: true },
    { nome: 'from', segredo: false },
  ],
  // Their own step components (EmailCanalCampos, WebchatCanalCampos) check their fields.
  email: [],
  webchat: [],
};

/** Kinds whose webhook is checked with a verify token the admin invents (Meta's handshake). */
const COM_VERIFY_TOKEN: readonly TipoComAssistente[] = ['whatsapp', 'messenger', 'instagram'];

export function gerarVerifyToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return `atende-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

interface Valores {
  nome: string;
  filaPadraoId: string | null;
  limiteEnviosPorSegundo: number | string;
  configuracao: Record<string, string>;
}

function paraApi(tipo: TipoComAssistente, valores: Valores): CriarCanal {
  return {
    tipo,
    nome: valores.nome.trim(),
    filaPadraoId: valores.filaPadraoId,
    limiteEnviosPorSegundo: valores.limiteEnviosPorSegundo === '' ? null : Number(valores.limiteEnviosPorSegundo),
    configuracao:
      tipo === 'email'
        ? configuracaoEmail(valores.configuracao)
        : tipo === 'webchat'
          ? configuracaoWebchat(valores.configuracao)
          : Object.fromEntries(Object.entries(valores.configuracao).map(([chave, valor]) => [chave, valor.trim()])),
  };
}

/** Create a canal in three steps: the kind, its credentials, then what to paste in the provider and a test. */
export function CanalWizard({ onFechar }: { onFechar: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const filas = useFilas();
  const [passo, setPasso] = useState(0);
  const [tipo, setTipo] = useState<TipoComAssistente>('whatsapp');
  const [criado, setCriado] = useState<CanalDto | null>(null);

  const form = useForm<Valores>({
    mode: 'controlled',
    initialValues: { nome: '', filaPadraoId: null, limiteEnviosPorSegundo: '', configuracao: {} },
    validate: (valores) => {
      const erros: ErrosDeFormulario = validarComZod<Valores>(criarCanalSchema, (v) => paraApi(tipo, v))(valores);
      for (const campo of CAMPOS[tipo]) {
        const valor = (valores.configuracao[campo.nome] ?? '').trim();
        if (!valor) erros[`configuracao.${campo.nome}`] = t('canais.campoObrigatorio');
        else if (campo.digitos && !/^\d+$/.test(valor)) erros[`configuracao.${campo.nome}`] = t('canais.soDigitos');
      }
      if (tipo === 'sms') {
        const sid = (valores.configuracao.accountSid ?? '').trim();
        if (sid && !/^AC[0-9a-fA-F]{32}$/.test(sid)) erros['configuracao.accountSid'] = t('canais.accountSidFormato');
        const de = (valores.configuracao.from ?? '').trim();
        if (de && !/^\+[1-9]\d{6,14}$/.test(de)) erros['configuracao.from'] = t('canais.fromFormato');
      }
      if (tipo === 'email') Object.assign(erros, validarEmail(valores.configuracao, t));
      if (tipo === 'webchat') Object.assign(erros, validarWebchat(valores.configuracao, t));
      if (tipo === 'telegram') {
        const token = (valores.configuracao.botToken ?? '').trim();
        if (token && !/^\d+:[A-Za-z0-9_-]{20,}$/.test(token)) erros['configuracao.botToken'] = t('canais.botTokenFormato');
      }
      return erros;
    },
  });

  const criar = useMutation({
    mutationFn: (body: CriarCanal) => criarCanal(body),
    onSuccess: (canal) => {
      setCriado(canal);
      setPasso(2);
      void queryClient.invalidateQueries({ queryKey: atendimentoKeys.canais() });
    },
  });

  const escolherTipo = (escolhido: TipoComAssistente) => {
    setTipo(escolhido);
    form.setValues({
      nome: form.values.nome || t(`canal.tipos.${escolhido}`),
      configuracao:
        escolhido === 'email'
          ? { ...EMAIL_PADRAO }
          : escolhido === 'webchat'
            ? { ...WEBCHAT_PADRAO }
            : COM_VERIFY_TOKEN.includes(escolhido)
            ? { verifyToken: gerarVerifyToken() }
            : {},
    });
    setPasso(1);
  };

  return (
    <Stepper
      active={passo}
      onStepClick={(destino) => !criado && destino < passo && setPasso(destino)}
      size="sm"
      allowNextStepsSelect={false}
    >
      <Stepper.Step label={t('canais.passoTipo')} description={t('canais.passoTipoDica')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="md" role="radiogroup" aria-label={t('canais.passoTipo')}>
          {TIPOS_COM_ASSISTENTE.map((opcao) => (
            <UnstyledButton
              key={opcao}
              className={classes.tipo}
              onClick={() => escolherTipo(opcao)}
              role="radio"
              aria-checked={tipo === opcao && passo > 0}
              data-testid={`tipo-${opcao}`}
            >
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <CanalIcone tipo={opcao} size={28} />
                <div>
                  <Text fw={600}>{t(`canal.tipos.${opcao}`)}</Text>
                  <Text size="sm" c="dimmed">
                    {t(`canais.tipoDescricao.${opcao}`)}
                  </Text>
                </div>
              </Group>
            </UnstyledButton>
          ))}
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="sm">
          {t('canais.outrosTipos')}
        </Text>
      </Stepper.Step>

      <Stepper.Step label={t('canais.passoCredenciais')} description={t(`canal.tipos.${tipo}`)}>
        <form onSubmit={form.onSubmit((valores) => criar.mutate(paraApi(tipo, valores)))} noValidate>
          <Stack gap="sm" mt="md">
            <Text size="sm" c="dimmed">
              {t(`canais.credenciaisDica.${tipo}`)}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label={t('canais.nome')} required data-autofocus {...form.getInputProps('nome')} />
              <Select
                label={t('canais.filaPadrao')}
                description={t('canais.filaPadraoDica')}
                data={(filas.data ?? []).map((fila) => ({ value: fila.id, label: fila.nome }))}
                clearable
                {...form.getInputProps('filaPadraoId')}
              />
            </SimpleGrid>
            {tipo === 'email' ? (
              <EmailCanalCampos
                configuracao={form.values.configuracao}
                inputProps={(campo) => form.getInputProps(`configuracao.${campo}`)}
                definir={(campo, valor) => form.setFieldValue(`configuracao.${campo}`, valor)}
              />
            ) : null}
            {tipo === 'webchat' ? (
              <WebchatCanalCampos inputProps={(campo) => form.getInputProps(`configuracao.${campo}`)} />
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {CAMPOS[tipo].map((campo) => {
                const props = form.getInputProps(`configuracao.${campo.nome}`);
                const rotulo = t(`canais.campos.${campo.nome}`);
                if (campo.segredo)
                  return <PasswordInput key={campo.nome} label={rotulo} required autoComplete="off" {...props} />;
                return (
                  <TextInput
                    key={campo.nome}
                    label={rotulo}
                    required
                    autoComplete="off"
                    description={campo.nome === 'verifyToken' ? t('canais.verifyTokenDica') : undefined}
                    rightSection={
                      campo.nome === 'verifyToken' ? (
                        <Tooltip label={t('canais.gerarToken')} withinPortal>
                          <ActionIcon
                            variant="subtle"
                            onClick={() => form.setFieldValue('configuracao.verifyToken', gerarVerifyToken())}
                            aria-label={t('canais.gerarToken')}
                          >
                            <IconDice5 size={16} aria-hidden="true" />
                          </ActionIcon>
                        </Tooltip>
                      ) : undefined
                    }
                    {...props}
                  />
                );
              })}
            </SimpleGrid>
            <NumberInput
              label={t('canais.limite')}
              description={t('canais.limiteDica')}
              min={0.1}
              max={1000}
              decimalScale={1}
              w={{ base: '100%', sm: 260 }}
              {...form.getInputProps('limiteEnviosPorSegundo')}
            />
            <Group justify="space-between">
              <Button variant="default" onClick={() => setPasso(0)}>
                {t('canais.voltar')}
              </Button>
              <Button type="submit" loading={criar.isPending}>
                {t('canais.criar')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stepper.Step>

      <Stepper.Step label={t('canais.passoConectar')} description={t('canais.passoConectarDica')}>
        {criado ? (
          <Stack gap="md" mt="md">
            <CanalConexao
              canal={criado}
              verifyTokenEmClaro={criado.webhook.verifyToken ?? form.values.configuracao.verifyToken}
            />
            <Group justify="flex-end">
              <Button onClick={onFechar}>{t('canais.concluir')}</Button>
            </Group>
          </Stack>
        ) : null}
      </Stepper.Step>
    </Stepper>
  );
}
