import { Badge, createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    // Names of filas, tags and people read better as typed than in capitals.
    Badge: Badge.extend({ defaultProps: { tt: 'none' } }),
  },
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'atende.tema' });
