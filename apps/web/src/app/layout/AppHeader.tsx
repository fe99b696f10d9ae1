import { Anchor, Burger, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Suspense, lazy } from 'react';
import { ConexaoIndicador } from '../../modules/atendimento/components/cabecalho/ConexaoIndicador.js';
import { ColorSchemeToggle } from '../../modules/preferencias/components/ColorSchemeToggle.js';
import { LanguageSwitcher } from '../../modules/preferencias/components/LanguageSwitcher.js';
import { AtendeLogo } from './AtendeLogo.js';
import { LogoutButton } from './LogoutButton.js';
import { UserSummary } from './UserSummary.js';

// Secondary controls load right after the shell paints (they are not needed to read the inbox).
const PresencaSeletor = lazy(async () => ({
  default: (await import('../../modules/atendimento/components/cabecalho/PresencaSeletor.js')).PresencaSeletor,
}));
const AlertasMenu = lazy(async () => ({
  default: (await import('../../modules/atendimento/components/cabecalho/AlertasMenu.js')).AlertasMenu,
}));

interface AppHeaderProps {
  navOpened: boolean;
  navId: string;
  onToggleNav: () => void;
}

export function AppHeader({ navOpened, navId, onToggleNav }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={navOpened ? t('nav.close') : t('nav.open')}
          aria-expanded={navOpened}
          aria-controls={navId}
        />
        <Anchor component={Link} to="/atendimento" underline="never" c="inherit" aria-label={t('app.home')}>
          <AtendeLogo />
        </Anchor>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <ConexaoIndicador />
        <Suspense fallback={null}>
          <PresencaSeletor />
        </Suspense>
        <Group visibleFrom="md" mr="xs">
          <UserSummary />
        </Group>
        <Suspense fallback={null}>
          <AlertasMenu />
        </Suspense>
        <LanguageSwitcher />
        <ColorSchemeToggle />
        <LogoutButton />
      </Group>
    </Group>
  );
}
