import { ActionIcon, Tooltip } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useToggleColorScheme } from '../hooks/useToggleColorScheme.js';

export function ColorSchemeToggle() {
  const { t } = useTranslation();
  const { colorScheme, toggle } = useToggleColorScheme();
  const label = colorScheme === 'dark' ? t('preferencias.toLight') : t('preferencias.toDark');

  return (
    <Tooltip label={label} withinPortal>
      <ActionIcon variant="default" size="lg" aria-label={label} onClick={toggle}>
        {colorScheme === 'dark' ? (
          <IconSun size={18} stroke={1.6} aria-hidden="true" />
        ) : (
          <IconMoon size={18} stroke={1.6} aria-hidden="true" />
        )}
      </ActionIcon>
    </Tooltip>
  );
}
