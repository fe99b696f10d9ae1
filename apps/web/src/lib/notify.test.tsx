import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders, resetNotifications } from '../test/render.js';
import { ApiError } from './api-client.js';
import { describeApiError, showApiError } from './notify.js';

afterEach(() => resetNotifications());

describe('API error toasts', () => {
  it("uses the server's message, or says which status came back when there is none", () => {
    expect(describeApiError(new ApiError({ kind: 'http', status: 409, message: 'Ticket já resolvido' }))).toBe(
      'Ticket já resolvido',
    );
    expect(describeApiError(new ApiError({ kind: 'http', status: 502, message: '' }))).toBe(
      'O servidor respondeu com o erro 502.',
    );
    expect(describeApiError(new ApiError({ kind: 'network', status: 0, message: '' }))).toMatch(
      /Não foi possível falar com o servidor/,
    );
  });

  it('lists field issues the message does not already spell out', async () => {
    renderWithProviders(<main />);

    act(() =>
      showApiError(
        new ApiError({
          kind: 'http',
          status: 400,
          message: 'Dados inválidos: email: E-mail inválido',
          issues: [
            { path: 'email', message: 'E-mail inválido' },
            { path: ['itens', 0, 'nome'], message: 'Obrigatório' },
          ],
        }),
      ),
    );

    expect(await screen.findByText('Dados inválidos: email: E-mail inválido')).toBeInTheDocument();
    expect(screen.getByRole('listitem')).toHaveTextContent('itens.0.nome: Obrigatório');
  });
});
