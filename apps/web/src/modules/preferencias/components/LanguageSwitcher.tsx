import { ActionIcon, Menu, Tooltip } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { IDIOMAS, type Idioma } from '../../../lib/i18n.js';
import { useIdioma } from '../hooks/useIdioma.js';

export function LanguageSwitcher() {
  const { t } = useTranslation();
  const { idioma, setIdioma } = useIdioma();

  const handleSelect = (next: Idioma) => () => setIdioma(next);

  return (
    <Menu position="bottom-end" withinPortal>
      <Tooltip label={t('preferencias.changeLanguage')} withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label={t('preferencias.changeLanguage')}>
            <IconLanguage size={18} stroke={1.6} aria-hidden="true" />
          </ActionIcon>
        </Menu.Target>
      </Tooltip>
      <Menu.Dropdown aria-label={t('preferencias.language')}>
        <Menu.Label>{t('preferencias.language')}</Menu.Label>
        {IDIOMAS.map((option) => (
          <Menu.Item
            key={option}
            lang={option}
            onClick={handleSelect(option)}
            aria-current={option === idioma ? 'true' : undefined}
            rightSection={option === idioma ? <IconCheck size={16} aria-hidden="true" /> : null}
          >
            {t(`preferencias.languages.${option}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
