import { EmptyState, Stack, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../../app/hooks/usePageTitle.js';

export function RelatoriosPage() {
  const { t } = useTranslation();
  usePageTitle(t('relatorios.title'));

  return (
    <Stack gap="lg">
      <Title order={1} fz="h3">
        {t('relatorios.title')}
      </Title>
      <EmptyState
        mt="xl"
        icon={<IconChartBar size={32} stroke={1.5} aria-hidden="true" />}
        withIndicatorBackground
        title={t('relatorios.emptyTitle')}
        description={t('relatorios.emptyDescription')}
      />
    </Stack>
  );
}
