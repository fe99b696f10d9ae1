import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { changeIdioma, i18n } from '../../../lib/i18n.js';
import { renderRoutes, renderWithProviders } from '../../../test/render.js';
import { LoginPage } from '../../auth/components/LoginPage.js';
import { LanguageSwitcher } from './LanguageSwitcher.js';

function NavSample() {
  const { t } = useTranslation();
  return <h1>{t('nav.relatorios')}</h1>;
}

afterEach(async () => {
  await changeIdioma('pt-BR');
});

describe('language switching', () => {
  it('starts in pt-BR', () => {
    renderWithProviders(<NavSample />);
    expect(i18n.language).toBe('pt-BR');
    expect(document.documentElement.lang).toBe('pt-BR');
    expect(screen.getByRole('heading')).toHaveTextContent('Relatórios');
  });

  it('switches the UI to English from the menu, and persists the choice', async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <>
        <LanguageSwitcher />
        <NavSample />
      </>,
    );

    await user.click(screen.getByRole('button', { name: 'Mudar idioma' }));
    await user.click(await screen.findByRole('menuitem', { name: 'English' }));

    expect(await screen.findByRole('heading', { name: 'Reports' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Change language' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem('atende.idioma')).toBe('en');

    await user.click(screen.getByRole('button', { name: 'Change language' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Português (Brasil)' }));
    expect(await screen.findByRole('heading', { name: 'Relatórios' })).toBeInTheDocument();
    expect(window.localStorage.getItem('atende.idioma')).toBe('pt-BR');
  });

  it('can be operated with the keyboard alone', async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <>
        <LanguageSwitcher />
        <NavSample />
      </>,
    );

    await user.tab();
    expect(screen.getByRole('button', { name: 'Mudar idioma' })).toHaveFocus();
    await user.keyboard('{Enter}');
    const english = await screen.findByRole('menuitem', { name: 'English' });
    // Arrow keys walk the items: Português (Brasil), then English.
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Português (Brasil)' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(english).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('heading', { name: 'Reports' })).toBeInTheDocument();
  });

  it('re-translates validation messages already on screen', async () => {
    const user = userEvent.setup();
    renderRoutes([{ path: '/login', element: <LoginPage /> }], '/login');

    await user.click(await screen.findByRole('button', { name: 'Entrar' }));
    expect(await screen.findByText('Informe o e-mail')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Mudar idioma' }));
    await user.click(await screen.findByRole('menuitem', { name: 'English' }));

    expect(await screen.findByText('Enter your e-mail')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Log in' })).toBeInTheDocument();
  });
});
