import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from '../../../app/hooks/usePageTitle.js';

interface SecaoConfiguracaoProps {
  titulo: string;
  descricao: string;
  acao?: ReactNode;
  children: ReactNode;
}

/** A settings page: its heading, one line on what it is for, the main action, then the content. */
export function SecaoConfiguracao({ titulo, descricao, acao, children }: SecaoConfiguracaoProps) {
  usePageTitle(titulo);
  return (
    <Stack gap="md" component="section" aria-labelledby="secao-configuracao-titulo">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={2} maw={720}>
          <Title order={2} fz="h4" id="secao-configuracao-titulo">
            {titulo}
          </Title>
          <Text size="sm" c="dimmed">
            {descricao}
          </Text>
        </Stack>
        {acao}
      </Group>
      {children}
    </Stack>
  );
}
