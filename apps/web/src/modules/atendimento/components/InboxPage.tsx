import { EmptyState, Stack, Title } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../../app/hooks/usePageTitle.js';

export function InboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('atendimento.title'));

  return (
    <Stack gap="lg">
      <Title order={1} fz="h3">
        {t('atendimento.title')}
      </Title>
      <EmptyState
        mt="xl"
        icon={<IconInbox size={32} stroke={1.5} aria-hidden="true" />}
        withIndicatorBackground
        title={t('atendimento.emptyTitle')}
        description={t('atendimento.emptyDescription')}
      />
    </Stack>
  );
}
