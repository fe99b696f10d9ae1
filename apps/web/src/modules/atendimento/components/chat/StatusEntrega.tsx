import type { MensagemStatusDto } from '@atende/shared';
import { IconAlertTriangle, IconCheck, IconChecks, IconClock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Blue for "lida", as every messenger shows it. */
export const COR_LIDA = 'var(--mantine-color-blue-6)';

/**
 * Delivery ticks of an outgoing mensagem: pendente (clock), enviada ✓, entregue ✓✓, lida ✓✓ in blue,
 * falhou ⚠ in red. Nothing for received mensagens.
 */
export function StatusEntrega({ status, size = 16 }: { status: MensagemStatusDto; size?: number }) {
  const { t } = useTranslation();
  if (status === 'recebida') return null;
  const rotulo = t(`mensagem.status.${status}`);
  const comum = { size, stroke: 2, role: 'img', 'aria-label': rotulo, 'data-status': status, style: { flexShrink: 0 } } as const;
  switch (status) {
    case 'pendente':
      return <IconClock {...comum} color="var(--mantine-color-dimmed)" />;
    case 'enviada':
      return <IconCheck {...comum} color="var(--mantine-color-dimmed)" />;
    case 'entregue':
      return <IconChecks {...comum} color="var(--mantine-color-dimmed)" />;
    case 'lida':
      return <IconChecks {...comum} color={COR_LIDA} />;
    case 'falhou':
      return <IconAlertTriangle {...comum} color="var(--mantine-color-red-6)" />;
  }
}
