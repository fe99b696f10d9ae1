import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { jsonResponse, renderWithProviders, resetNotifications, sessionFixture } from '../../../../test/render.js';
import { CanalConexao } from './CanalConexao.js';
import { CanalWizard } from './CanalWizard.js';

const fetchMock = vi.fn<typeof globalThis.fetch>();

/** The bodies POSTed to /api/atendimento/canais. */
function criacoes(): Record<string, unknown>[] {
  return fetchMock.mock.calls
    .filter(([url, init]) => String(url) === '/api/atendimento/canais' && init?.method === 'POST')
    .map(([, init]) => JSON.parse(String(init?.body)) as Record<string, unknown>);
}

/** Types a value at once (paste): the e-mail step has many fields and keystroke-by-keystroke typing is slow. */
async function preencher(user: ReturnType<typeof userEvent.setup>, campo: HTMLElement, valor: string): Promise<void> {
  await user.clear(campo);
  await user.click(campo);
  await user.paste(valor);
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input) => {
    const url = String(input);
    if (url.startsWith('/api/atendimento/filas')) return jsonResponse(200, { items: [], nextCursor: null });
    // The wizard's last step is covered by the end-to-end test; here the creation is refused.
    if (url === '/api/atendimento/canais')
      return jsonResponse(503, { statusCode: 503, error: 'Service Unavailable', message: 'Tente de novo' });
    return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: 'Rota não encontrada' });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
  useAuthStore.getState().clearSession();
});

describe('CanalWizard', () => {
  it('asks a Messenger canal for its Page credentials and a generated verify token', async () => {
    const user = userEvent.setup();
    renderWithProviders(<CanalWizard onFechar={() => undefined} />);
    await user.click(screen.getByTestId('tipo-messenger'));

    await user.type(screen.getByRole('textbox', { name: /ID da Página/ }), '1234567890');
    await user.type(screen.getByLabelText(/Token de acesso da Página/), 'EAAG-pagina');
    await user.type(screen.getByLabelText(/Chave secreta do app/), 'segredo-do-app');
    const verifyToken = screen.getByRole('textbox', { name: /Token de verificação/ });
    expect((verifyToken as HTMLInputElement).value).toMatch(/^atende-[0-9a-f]{36}$/);
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));

    await waitFor(() => expect(criacoes()).toHaveLength(1));
    expect(criacoes()[0]).toMatchObject({
      tipo: 'messenger',
      nome: 'Messenger',
      configuracao: {
        pageId: '1234567890',
        pageAccessToken: 'EAAG-pagina',
        appSecret: 'segredo-do-app',
        verifyToken: (verifyToken as HTMLInputElement).value,
      },
    });
  });

  it('checks the Twilio Account SID and sender number before creating an SMS canal', async () => {
    const user = userEvent.setup();
    renderWithProviders(<CanalWizard onFechar={() => undefined} />);
    await user.click(screen.getByTestId('tipo-sms'));

    await user.type(screen.getByRole('textbox', { name: /Account SID/ }), 'AC123');
    await user.type(screen.getByLabelText(/Auth Token/), 'token-da-twilio');
    await user.type(screen.getByRole('textbox', { name: /Número remetente/ }), '11999990000');
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));

    expect(await screen.findByText(/AC seguido de 32 caracteres/)).toBeInTheDocument();
    expect(screen.getByText(/formato internacional/)).toBeInTheDocument();
    expect(criacoes()).toHaveLength(0);

    await user.clear(screen.getByRole('textbox', { name: /Account SID/ }));
    await user.type(screen.getByRole('textbox', { name: /Account SID/ }), `AC${'a'.repeat(32)}`);
    await user.clear(screen.getByRole('textbox', { name: /Número remetente/ }));
    await user.type(screen.getByRole('textbox', { name: /Número remetente/ }), '+5511999990000');
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));
    await waitFor(() => expect(criacoes()).toHaveLength(1));
    expect(criacoes()[0]).toMatchObject({
      tipo: 'sms',
      configuracao: { accountSid: `AC${'a'.repeat(32)}`, authToken: 'token-da-twilio', from: '+5511999990000' },
    });
  });

  it('sets up an e-mail canal with SMTP and IMAP, checking the fields like the API schema', async () => {
    const user = userEvent.setup();
    renderWithProviders(<CanalWizard onFechar={() => undefined} />);
    await user.click(screen.getByTestId('tipo-email'));
    expect(screen.getByTestId('email-campos')).toBeInTheDocument();
    // The schema's defaults are filled in.
    expect(screen.getByRole('textbox', { name: /Porta SMTP/ })).toHaveValue('587');
    expect(screen.getByRole('textbox', { name: /Porta IMAP/ })).toHaveValue('993');
    expect(screen.getByRole('textbox', { name: /Caixa \(pasta\)/ })).toHaveValue('INBOX');
    expect(screen.getByRole('switch', { name: /TLS implícito/ })).not.toBeChecked();

    await preencher(user, screen.getByRole('textbox', { name: /E-mail do remetente/ }), 'suporte@acme');
    await preencher(user, screen.getByRole('textbox', { name: /Servidor SMTP/ }), 'smtp acme!');
    await user.clear(screen.getByRole('textbox', { name: /Porta IMAP/ }));
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));
    expect(await screen.findByText(/Use um e-mail válido/)).toBeInTheDocument();
    expect(screen.getByText(/Use um nome de host ou IP/)).toBeInTheDocument();
    // IMAP needs its server, port, user and password.
    expect(screen.getAllByText('Obrigatório').length).toBeGreaterThanOrEqual(4);
    expect(criacoes()).toHaveLength(0);

    await preencher(user, screen.getByRole('textbox', { name: /E-mail do remetente/ }), 'Suporte@Acme.com.br');
    await preencher(user, screen.getByRole('textbox', { name: /Nome do remetente/ }), 'Suporte ACME');
    await preencher(user, screen.getByRole('textbox', { name: /Servidor SMTP/ }), 'smtp.acme.com.br');
    await preencher(user, screen.getByRole('textbox', { name: /Porta SMTP/ }), '465');
    await user.click(screen.getByRole('switch', { name: /TLS implícito/ }));
    await preencher(user, screen.getByRole('textbox', { name: /Usuário SMTP/ }), 'suporte@acme.com.br');
    await preencher(user, screen.getByLabelText(/Senha SMTP/), 'senha smtp');
    await preencher(user, screen.getByRole('textbox', { name: /Servidor IMAP/ }), 'imap.acme.com.br');
    await preencher(user, screen.getByRole('textbox', { name: /Porta IMAP/ }), '993');
    await preencher(user, screen.getByRole('textbox', { name: /Usuário IMAP/ }), 'suporte');
    await preencher(user, screen.getByLabelText(/Senha IMAP/), 'senha-imap');
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));

    await waitFor(() => expect(criacoes()).toHaveLength(1));
    expect(criacoes()[0]).toEqual({
      tipo: 'email',
      nome: 'E-mail',
      filaPadraoId: null,
      limiteEnviosPorSegundo: null,
      configuracao: {
        entrada: 'imap',
        fromAddress: 'suporte@acme.com.br',
        fromName: 'Suporte ACME',
        smtpHost: 'smtp.acme.com.br',
        smtpPort: 465,
        smtpSecure: true,
        smtpUser: 'suporte@acme.com.br',
        smtpPassword: 'senha smtp',
        imapHost: 'imap.acme.com.br',
        imapPort: 993,
        imapSecure: true,
        imapUser: 'suporte',
        imapPassword: 'senha-imap',
        imapMailbox: 'INBOX',
      },
    });
  });

  it('receives e-mail through SendGrid: asks for the signed-webhook key instead of a mailbox', async () => {
    const user = userEvent.setup();
    renderWithProviders(<CanalWizard onFechar={() => undefined} />);
    await user.click(screen.getByTestId('tipo-email'));
    await user.click(screen.getByRole('radio', { name: 'SendGrid' }));
    expect(screen.queryByRole('textbox', { name: /Servidor IMAP/ })).not.toBeInTheDocument();

    await preencher(user, screen.getByRole('textbox', { name: /E-mail do remetente/ }), 'suporte@acme.com.br');
    await preencher(user, screen.getByRole('textbox', { name: /Servidor SMTP/ }), 'smtp.sendgrid.net');
    await preencher(user, screen.getByRole('textbox', { name: /Chave de verificação do SendGrid/ }), 'curta');
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));
    expect(await screen.findByText(/chave pública em base64/)).toBeInTheDocument();
    expect(criacoes()).toHaveLength(0);

    const chave = `MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${'A'.repeat(40)}==`;
    await preencher(user, screen.getByRole('textbox', { name: /Chave de verificação do SendGrid/ }), chave);
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));
    await waitFor(() => expect(criacoes()).toHaveLength(1));
    expect(criacoes()[0].configuracao).toEqual({
      entrada: 'sendgrid',
      fromAddress: 'suporte@acme.com.br',
      smtpHost: 'smtp.sendgrid.net',
      smtpPort: 587,
      smtpSecure: false,
      sendgridVerificationKey: chave,
    });
  });
  it('creates a WebChat canal from its allowed sites and pre-chat fields, refusing a malformed origin', async () => {
    const user = userEvent.setup();
    renderWithProviders(<CanalWizard onFechar={() => undefined} />);
    await user.click(screen.getByTestId('tipo-webchat'));

    const origens = screen.getByRole('textbox', { name: /Sites permitidos/ });
    await user.type(origens, 'minhaloja.com.br/contato');
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));
    expect(await screen.findByText(/Origem inválida: minhaloja\.com\.br\/contato/)).toBeInTheDocument();
    expect(criacoes()).toHaveLength(0);

    await user.clear(origens);
    await user.type(origens, 'https://www.minhaloja.com.br');
    await user.click(screen.getByRole('button', { name: 'Criar canal' }));
    await waitFor(() => expect(criacoes()).toHaveLength(1));
    expect(criacoes()[0]).toMatchObject({
      tipo: 'webchat',
      nome: 'Chat do site',
      configuracao: {
        origensPermitidas: ['https://www.minhaloja.com.br'],
        titulo: 'Atendimento',
        cor: '#1f6feb',
        preChat: { nome: 'obrigatorio', email: 'obrigatorio' },
      },
    });
  });

  it('shows the WebChat snippet to paste, with the public key', () => {
    renderWithProviders(
      <CanalConexao
        canal={{
          id: '3f0c4a52-9d6e-4c51-a7a0-2f5b9d1e0a11',
          tipo: 'webchat',
          provedor: null,
          nome: 'Site',
          status: 'pendente',
          ativo: true,
          configuracao: { chavePublica: 'wc_chave-publica-de-teste-123', segredoToken: '••••abcd' },
          chaveRoteamento: 'wc_chave-publica-de-teste-123',
          filaPadraoId: null,
          menu: null,
          limiteEnviosPorSegundo: null,
          webhook: { url: 'https://atende.example.com/api/atendimento/webhooks/webchat/3f0c4a52-9d6e-4c51-a7a0-2f5b9d1e0a11' },
          ultimoEventoEm: null,
          ultimoErro: null,
          verificadoEm: null,
          criadoEm: '2026-11-29T12:00:00.000Z',
          atualizadoEm: '2026-11-29T12:00:00.000Z',
        }}
      />,
    );
    expect((screen.getByTestId('webchat-snippet') as HTMLInputElement).value).toBe(
      '<script src="https://atende.example.com/api/atendimento/webchat/widget.js" data-atende-key="wc_chave-publica-de-teste-123" async></script>',
    );
    expect(screen.queryByText('Mensagem de teste')).not.toBeInTheDocument();
  });
});
