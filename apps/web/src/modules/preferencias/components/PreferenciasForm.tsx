import { SegmentedControl, Stack, Text, useMantineColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IDIOMAS, isIdioma } from '../../../lib/i18n.js';
import { useIdioma } from '../hooks/useIdioma.js';
import { useToggleColorScheme } from '../hooks/useToggleColorScheme.js';

/** Language and theme as explicit choices, for the settings page. */
export function PreferenciasForm() {
  const { t } = useTranslation();
  const { idioma, setIdioma } = useIdioma();
  const { colorScheme } = useToggleColorScheme();
  const { setColorScheme } = useMantineColorScheme();

  const handleIdiomaChange = (value: string) => {
    if (isIdioma(value)) setIdioma(value);
  };
  const handleColorSchemeChange = (value: string) => {
    if (value === 'light' || value === 'dark') setColorScheme(value);
  };

  return (
    <Stack gap="md">
      <Stack gap={6}>
        <Text id="pref-idioma-label" size="sm" fw={500}>
          {t('preferencias.language')}
        </Text>
        <SegmentedControl
          aria-labelledby="pref-idioma-label"
          value={idioma}
          onChange={handleIdiomaChange}
          data={IDIOMAS.map((option) => ({ value: option, label: t(`preferencias.languages.${option}`) }))}
        />
      </Stack>
      <Stack gap={6}>
        <Text id="pref-tema-label" size="sm" fw={500}>
          {t('preferencias.colorScheme')}
        </Text>
        <SegmentedControl
          aria-labelledby="pref-tema-label"
          value={colorScheme}
          onChange={handleColorSchemeChange}
          data={[
            { value: 'light', label: t('preferencias.light') },
            { value: 'dark', label: t('preferencias.dark') },
          ]}
        />
      </Stack>
    </Stack>
  );
}
