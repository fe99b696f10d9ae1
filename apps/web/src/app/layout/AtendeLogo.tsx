import { Group, Text } from '@mantine/core';

/** The Atende mark (a speech bubble holding a check) and name. Decorative: callers label the link. */
export function AtendeLogo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap" aria-hidden="true">
      <svg width={size} height={size} viewBox="0 0 32 32" focusable="false">
        <path
          d="M6 4h20a4 4 0 0 1 4 4v13a4 4 0 0 1-4 4H14l-6.5 5.2A1 1 0 0 1 6 29.4V25a4 4 0 0 1-4-4V8a4 4 0 0 1 4-4Z"
          fill="var(--mantine-primary-color-filled)"
        />
        <path
          d="m10 14.5 4 4 8-8"
          fill="none"
          stroke="var(--mantine-color-white)"
          strokeWidth="2.6"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <Text component="span" fw={700} fz="lg" lh={1}>
        Atende
      </Text>
    </Group>
  );
}
