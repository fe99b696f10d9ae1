import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../../app/hooks/usePageTitle.js';
import { PreferenciasForm } from '../../preferencias/components/PreferenciasForm.js';
import { ContaResumo } from './ContaResumo.js';
import { CsatConfigCard } from './csat/CsatConfigCard.js';
import { usePermissoes } from '../hooks/usePermissoes.js';

export function ConfiguracoesPage() {
  const { t } = useTranslation();
  const { editaAutomacoes: supervisiona } = usePermissoes();
  usePageTitle(t('configuracoes.title'));

  return (
    <Stack gap="lg" maw={960}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="lg" component="section" aria-labelledby="config-conta">
          <Title order={2} fz="h4" id="config-conta" mb="md">
            {t('configuracoes.conta')}
          </Title>
          <ContaResumo />
        </Paper>
        <Paper withBorder p="lg" component="section" aria-labelledby="config-preferencias">
          <Title order={2} fz="h4" id="config-preferencias">
            {t('configuracoes.preferencias')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('configuracoes.preferenciasDescription')}
          </Text>
          <PreferenciasForm />
        </Paper>
      </SimpleGrid>
      {supervisiona ? <CsatConfigCard /> : null}
    </Stack>
  );
}
