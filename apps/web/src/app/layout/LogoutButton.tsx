import { ActionIcon, Tooltip } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLogout } from '../../modules/auth/hooks/useLogout.js';

export function LogoutButton() {
  const { t } = useTranslation();
  const logout = useLogout();
  const label = logout.isPending ? t('usuario.loggingOut') : t('usuario.logout');

  const handleLogout = () => logout.mutate();

  return (
    <Tooltip label={label} withinPortal>
      <ActionIcon variant="default" size="lg" aria-label={label} onClick={handleLogout} loading={logout.isPending}>
        <IconLogout size={18} stroke={1.6} aria-hidden="true" />
      </ActionIcon>
    </Tooltip>
  );
}
