import { Box, Center, Loader, Progress } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigation } from 'react-router';

/** Shows a thin progress bar while the next route's code is loading. */
export function RootLayout() {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <>
      {navigation.state === 'loading' && (
        <Box pos="fixed" top={0} left={0} right={0} style={{ zIndex: 1000 }}>
          <Progress value={100} animated size="xs" radius={0} aria-label={t('app.loading')} />
        </Box>
      )}
      <Outlet />
    </>
  );
}

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh">
      <Loader aria-label={t('app.loading')} />
    </Center>
  );
}
