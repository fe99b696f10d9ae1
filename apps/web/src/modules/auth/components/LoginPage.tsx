import { Center, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { usePageTitle } from '../../../app/hooks/usePageTitle.js';
import { AtendeLogo } from '../../../app/layout/AtendeLogo.js';
import { ColorSchemeToggle } from '../../preferencias/components/ColorSchemeToggle.js';
import { LanguageSwitcher } from '../../preferencias/components/LanguageSwitcher.js';
import { useIsAuthenticated } from '../hooks/useAuth.js';
import { useRedirectTarget } from '../hooks/useRedirectTarget.js';
import { LoginForm } from './LoginForm.js';

export function LoginPage() {
  const { t } = useTranslation();
  const isAuthenticated = useIsAuthenticated();
  const target = useRedirectTarget();
  usePageTitle(t('login.documentTitle'));

  // Covers both a successful login (the store fills) and an already logged-in visit to /login.
  if (isAuthenticated) return <Navigate to={target} replace />;

  return (
    <Center mih="100dvh" p="md" component="main">
      <Container size={420} w="100%" p={0}>
        <Group justify="space-between" mb="lg">
          <AtendeLogo size={32} />
          <Group gap="xs">
            <LanguageSwitcher />
            <ColorSchemeToggle />
          </Group>
        </Group>
        <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }}>
          <Stack gap={4} mb="lg">
            <Title order={1} fz="h2">
              {t('login.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('login.subtitle')}
            </Text>
          </Stack>
          <LoginForm />
        </Paper>
      </Container>
    </Center>
  );
}
