import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Shown when a route fails to render or its code chunk fails to load (typically after a deploy). */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const handleReload = () => window.location.reload();

  return (
    <Center mih="100dvh" p="md" component="main">
      <Stack align="center" gap="sm" maw={480} ta="center" role="alert">
        <Title order={1} fz="h2">
          {t('routeError.title')}
        </Title>
        <Text c="dimmed">{t('routeError.description')}</Text>
        <Button mt="md" leftSection={<IconRefresh size={18} aria-hidden="true" />} onClick={handleReload}>
          {t('routeError.reload')}
        </Button>
      </Stack>
    </Center>
  );
}
