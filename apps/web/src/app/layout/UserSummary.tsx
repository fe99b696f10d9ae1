import { Avatar, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUsuario } from '../../modules/auth/hooks/useAuth.js';

/** The logged-in usuario's name and papel. */
export function UserSummary() {
  const { t } = useTranslation();
  const usuario = useUsuario();
  if (!usuario) return null;

  return (
    <Group gap="sm" wrap="nowrap">
      <Avatar color="initials" name={usuario.nome} radius="xl" size="md" aria-hidden="true" />
      <Stack gap={2} miw={0}>
        <Text size="sm" fw={600} lh={1.2} truncate="end" maw={200}>
          {usuario.nome}
        </Text>
        <Badge size="xs" variant="light" w="fit-content">
          {t(`papel.${usuario.papel}`)}
        </Badge>
      </Stack>
    </Group>
  );
}
