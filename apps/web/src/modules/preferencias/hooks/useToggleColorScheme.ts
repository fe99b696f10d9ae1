import { useComputedColorScheme, useMantineColorScheme } from '@mantine/core';

/** The colour scheme actually shown ('auto' resolved) and a toggle that persists an explicit choice. */
export function useToggleColorScheme(): { colorScheme: 'light' | 'dark'; toggle: () => void } {
  const { setColorScheme } = useMantineColorScheme();
  const colorScheme = useComputedColorScheme('light', { getInitialValueInEffect: false });
  return {
    colorScheme,
    toggle: () => setColorScheme(colorScheme === 'dark' ? 'light' : 'dark'),
  };
}
