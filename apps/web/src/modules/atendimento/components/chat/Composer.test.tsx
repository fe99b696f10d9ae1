import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { templateFixture, ticketFixture } from '../../../../test/fixtures.js';
import { jsonResponse, renderWithProviders, resetNotifications, sessionFixture } from '../../../../test/render.js';
import { Composer, type EnvioDoComposer } from './Composer.js';

const ticket = ticketFixture();
const saudacao = templateFixture();
const fetchMock = vi.fn<typeof globalThis.fetch>();

function envioFalso(): EnvioDoComposer & { [K in 'texto' | 'template' | 'arquivo']: ReturnType<typeof vi.fn> } {
  return {
    texto: vi.fn().mockResolvedValue(undefined),
    template: vi.fn().mockResolvedValue(undefined),
    arquivo: vi.fn().mockResolvedValue(undefined),
    enviando: false,
    uploads: [],
  };
}

function renderComposer(props: { envio?: EnvioDoComposer; somenteTemplate?: boolean } = {}) {
  const envio = props.envio ?? envioFalso();
  const view = renderWithProviders(
    <Composer ticket={ticket} envio={envio} respondendoA={null} onCancelarResposta={() => undefined} somenteTemplate={props.somenteTemplate ?? false} />,
  );
  return { ...view, envio };
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input, init) => {
    const url = String(input);
    if (url.startsWith('/api/atendimento/templates?')) return jsonResponse(200, { items: [saudacao], nextCursor: null });
    if (url === `/api/atendimento/templates/${saudacao.id}/previsualizar`) {
      const corpo = JSON.parse(String(init?.body)) as { variaveis: Record<string, string> };
      return jsonResponse(200, { templateId: saudacao.id, texto: `Olá Carla Dias, seu protocolo é ${corpo.variaveis.protocolo}.` });
    }
    return jsonResponse(404, { statusCode: 404, error: 'Not Found', message: 'Rota não encontrada' });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  resetNotifications();
  useAuthStore.getState().clearSession();
});

describe('Composer', () => {
  it('sends with Enter and breaks the line with Shift+Enter', async () => {
    const user = userEvent.setup();
    const { envio } = renderComposer();
    const caixa = screen.getByRole('textbox', { name: 'Resposta ao cliente' });

    await user.type(caixa, 'Oi{Shift>}{Enter}{/Shift}tudo bem?');
    expect(caixa).toHaveValue('Oi\ntudo bem?');
    expect(envio.texto).not.toHaveBeenCalled();

    await user.keyboard('{Enter}');

    expect(envio.texto).toHaveBeenCalledWith({ conteudo: 'Oi\ntudo bem?', privada: false, respondeAId: undefined });
    await waitFor(() => expect(caixa).toHaveValue(''));
  });

  it('does not send an empty message', async () => {
    const user = userEvent.setup();
    const { envio } = renderComposer();
    await user.type(screen.getByRole('textbox', { name: 'Resposta ao cliente' }), '   {Enter}');
    expect(envio.texto).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: /^Enviar/ })).toBeDisabled();
  });

  it('switches to an internal note and sends it as privada', async () => {
    const user = userEvent.setup();
    const { envio } = renderComposer();

    await user.click(screen.getByText('Nota interna'));
    const nota = screen.getByRole('textbox', { name: 'Nota interna' });
    expect(nota).toHaveAttribute('placeholder', 'Nota interna: só a equipe vê');
    await user.type(nota, 'Cliente VIP, priorizar{Enter}');

    expect(envio.texto).toHaveBeenCalledWith({ conteudo: 'Cliente VIP, priorizar', privada: true, respondeAId: undefined });
  });

  it('opens the template search with /, fills the variables and sends the template', async () => {
    const user = userEvent.setup();
    const { envio } = renderComposer();
    const caixa = screen.getByRole('textbox', { name: 'Resposta ao cliente' });

    await user.type(caixa, '/sau');
    const lista = await screen.findByRole('listbox', { name: 'Templates' });
    const opcao = await within(lista).findByRole('option', { name: /\/saudacao/ });
    expect(opcao).toHaveAttribute('aria-selected', 'true');
    expect(caixa).toHaveAttribute('aria-expanded', 'true');
    const busca = fetchMock.mock.calls.map(([url]) => String(url)).find((url) => url.startsWith('/api/atendimento/templates?'));
    expect(new URL(busca!, 'http://x').searchParams.get('atalho')).toBe('/sau');

    await user.keyboard('{Enter}');

    const protocolo = await screen.findByRole('textbox', { name: 'Protocolo' });
    expect(protocolo).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Enviar template' })).toBeDisabled();
    await user.type(protocolo, 'A-77');
    await waitFor(() => expect(screen.getByTestId('previa-template')).toHaveTextContent('Olá Carla Dias, seu protocolo é A-77.'));

    await user.click(screen.getByRole('button', { name: 'Enviar template' }));

    expect(envio.template).toHaveBeenCalledWith({ templateId: saudacao.id, variaveis: { protocolo: 'A-77' }, respondeAId: undefined });
    expect(envio.texto).not.toHaveBeenCalled();
  });

  it('closes the template search with Escape and keeps the text', async () => {
    const user = userEvent.setup();
    renderComposer();
    const caixa = screen.getByRole('textbox', { name: 'Resposta ao cliente' });
    await user.type(caixa, '/sau');
    await screen.findByRole('listbox', { name: 'Templates' });

    await user.keyboard('{Escape}');

    expect(screen.queryByRole('listbox', { name: 'Templates' })).not.toBeInTheDocument();
    expect(caixa).toHaveValue('/sau');
  });

  it('only offers approved provider templates while the reply window is closed', async () => {
    const user = userEvent.setup();
    const { envio } = renderComposer({ somenteTemplate: true });
    const caixa = screen.getByRole('textbox', { name: 'Resposta ao cliente' });
    expect(caixa).toHaveAttribute('placeholder', expect.stringContaining('Janela de 24 h encerrada'));

    await user.type(caixa, 'Oi{Enter}');
    expect(envio.texto).not.toHaveBeenCalled();

    await user.clear(caixa);
    await user.type(caixa, '/');
    expect(await screen.findByText(/Nenhum template com esse atalho/)).toBeInTheDocument();
  });

  it('queues picked files and sends each, the text as the first caption', async () => {
    const user = userEvent.setup();
    const { envio, container } = renderComposer();
    const entrada = container.querySelector<HTMLInputElement>('input[type=file]')!;
    const foto = new File(['png'], 'foto.png', { type: 'image/png' });
    const nota = new File(['pdf'], 'nota.pdf', { type: 'application/pdf' });

    await user.upload(entrada, [foto, nota]);
    expect(screen.getByText('foto.png')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remover nota.pdf' })).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Resposta ao cliente' }), 'Segue o comprovante{Enter}');

    await waitFor(() => expect(envio.arquivo).toHaveBeenCalledTimes(2));
    expect(envio.arquivo).toHaveBeenNthCalledWith(1, { arquivo: foto, legenda: 'Segue o comprovante', privada: false, respondeAId: undefined });
    expect(envio.arquivo).toHaveBeenNthCalledWith(2, { arquivo: nota, legenda: undefined, privada: false, respondeAId: undefined });
    expect(envio.texto).not.toHaveBeenCalled();
  });

  it('shows the upload progress of files being sent', () => {
    const envio = { ...envioFalso(), uploads: [{ id: 'u1', nome: 'video.mp4', tamanho: 1000, progresso: 0.4, cancelar: vi.fn() }] };
    renderComposer({ envio });
    expect(screen.getByRole('progressbar', { name: 'Enviando video.mp4' })).toHaveAttribute('aria-valuenow', '40');
    expect(screen.getByText('40%')).toBeInTheDocument();
  });
});
