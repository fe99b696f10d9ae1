import { Badge, Loader } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtimeStore } from '../../../../lib/realtime-store.js';

/** Brief drops (a token refresh, a network blip) heal in under this; only longer ones are shown. */
const ATRASO_MS = 1_500;

/** "Reconectando…" while the real-time connection is down; nothing while it is fine. */
export function ConexaoIndicador() {
  const { t } = useTranslation();
  const status = useRealtimeStore((state) => state.status);
  const caiu = status === 'reconectando' || status === 'desconectado';
  const [visivel, setVisivel] = useState(false);

  useEffect(() => {
    if (!caiu) {
      setVisivel(false);
      return;
    }
    const timer = setTimeout(() => setVisivel(true), ATRASO_MS);
    return () => clearTimeout(timer);
  }, [caiu]);

  return (
    <div role="status" aria-live="polite">
      {visivel && caiu ? (
        <Badge
          color={status === 'desconectado' ? 'red' : 'yellow'}
          variant="light"
          leftSection={status === 'reconectando' ? <Loader size={10} color="yellow" /> : <IconPlugConnectedX size={12} aria-hidden="true" />}
          data-testid="conexao-indicador"
        >
          {status === 'reconectando' ? t('conexao.reconectando') : t('conexao.desconectado')}
        </Badge>
      ) : null}
    </div>
  );
}
