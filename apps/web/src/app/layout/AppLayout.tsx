import { AppShell, Box, Divider } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useRealtimeSync } from '../../modules/atendimento/hooks/useRealtimeSync.js';
import { useMe } from '../../modules/auth/hooks/useMe.js';
import { AppHeader } from './AppHeader.js';
import { MainNav } from './MainNav.js';
import { SkipLink } from './SkipLink.js';
import { UserSummary } from './UserSummary.js';

const NAV_ID = 'navegacao-principal';
const MAIN_ID = 'conteudo';

/** The authenticated shell: header, navigation (a drawer below the `sm` breakpoint) and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const [navOpened, { toggle: handleToggleNav, close: handleCloseNav }] = useDisclosure(false);
  useMe();
  useRealtimeSync();

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <SkipLink targetId={MAIN_ID} />
      <AppShell.Header>
        <AppHeader navOpened={navOpened} navId={NAV_ID} onToggleNav={handleToggleNav} />
      </AppShell.Header>
      <AppShell.Navbar id={NAV_ID} p="sm" aria-label={t('nav.label')}>
        <AppShell.Section grow>
          <MainNav onNavigate={handleCloseNav} />
        </AppShell.Section>
        <AppShell.Section hiddenFrom="sm">
          <Divider my="sm" />
          <Box px="xs" pb="xs">
            <UserSummary />
          </Box>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_ID} tabIndex={-1} style={{ outline: 'none' }}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
