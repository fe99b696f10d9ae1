import type { IaSugestoesEvento } from '@atende/shared';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { conectarRealtime } from '../../../../lib/socket.js';
import type { FakeSocket } from '../../../../test/fake-socket.js';
import { ticketFixture, uuid } from '../../../../test/fixtures.js';
import { jsonResponse, renderWithProviders, resetNotifications, sessionFixture } from '../../../../test/render.js';
import { Composer, type EnvioDoComposer } from './Composer.js';

const ticket = ticketFixture();
const fetchMock = vi.fn<typeof globalThis.fetch>();
const ARTIGO = 'artigo:6a0f4c1e-2b7d-4e8a-9c3f-1d2e3f4a5b6c';

function envioFalso() {
  return {
    texto: vi.fn().mockResolvedValue(undefined),
    template: vi.fn().mockResolvedValue(undefined),
    arquivo: vi.fn().mockResolvedValue(undefined),
    enviando: false,
    uploads: [],
  } satisfies EnvioDoComposer;
}

function push(ticketId: string, texto: string): IaSugestoesEvento {
  return {
    ticketId,
    mensagemId: uuid(),
    geradoEm: new Date().toISOString(),
    provedor: 'local',
    sugestoes: [{ texto, fontes: [ARTIGO] }],
    citacoes: [{ id: ARTIGO, titulo: 'Política de trocas' }],
  };
}

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input) => {
    if (String(input) === `/api/atendimento/tickets/${ticket.id}/sugestoes`) {
      return jsonResponse(200, {
        provedor: 'local',
        sugestoes: [
          { texto: 'O prazo de troca é de 30 dias.', fontes: [ARTIGO] },
          { texto: 'Pode me passar o número do pedido?', fontes: [] },
        ],
        citacoes: [{ id: ARTIGO, titulo: 'Política de trocas' }],
      });
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

describe('SugestoesIa in the composer', () => {
  it('shows the drafts pushed for this ticket with their sources; a click puts one in the composer, never sends it', async () => {
    const user = userEvent.setup();
    const socket = (await conectarRealtime()) as unknown as FakeSocket;
    const envio = envioFalso();
    renderWithProviders(
      <Composer ticket={ticket} envio={envio} respondendoA={null} onCancelarResposta={() => undefined} somenteTemplate={false} />,
    );
    await screen.findByRole('button', { name: 'Sugerir resposta (IA)' });

    act(() => socket.servidorEmite('ia:sugestoes', push(uuid(), 'Rascunho de outro ticket')));
    act(() => socket.servidorEmite('ia:sugestoes', push(ticket.id, 'Trocas de tamanho são gratuitas em até 30 dias.')));
    const usar = await screen.findByRole('button', { name: 'Usar a sugestão 1 no campo de resposta' });
    expect(screen.getByText('Fontes: Política de trocas')).toBeInTheDocument();
    expect(screen.queryByText('Rascunho de outro ticket')).not.toBeInTheDocument();

    const caixa = screen.getByRole('textbox', { name: 'Resposta ao cliente' });
    await user.type(caixa, 'Olá!');
    await user.click(usar);
    expect(caixa).toHaveValue('Olá!\nTrocas de tamanho são gratuitas em até 30 dias.');
    expect(envio.texto).not.toHaveBeenCalled();
    expect(fetchMock).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Descartar sugestões' }));
    expect(screen.queryByRole('button', { name: /Usar a sugestão/ })).not.toBeInTheDocument();
  });

  it('fetches drafts on demand with the button', async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <Composer ticket={ticket} envio={envioFalso()} respondendoA={null} onCancelarResposta={() => undefined} somenteTemplate={false} />,
    );
    await user.click(await screen.findByRole('button', { name: 'Sugerir resposta (IA)' }));
    await screen.findByText('O prazo de troca é de 30 dias.');
    expect(screen.getByText('Pode me passar o número do pedido?')).toBeInTheDocument();
    expect(screen.getAllByText(/^Fontes:/)).toHaveLength(1);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
  });

  it('is hidden while writing an internal note', async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <Composer ticket={ticket} envio={envioFalso()} respondendoA={null} onCancelarResposta={() => undefined} somenteTemplate={false} />,
    );
    await screen.findByRole('button', { name: 'Sugerir resposta (IA)' });
    await user.click(screen.getByText('Nota interna'));
    expect(screen.queryByRole('button', { name: 'Sugerir resposta (IA)' })).not.toBeInTheDocument();
  });
});
