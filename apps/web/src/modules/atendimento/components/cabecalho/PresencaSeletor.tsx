import { ATENDENTE_STATUS_PRESENCA, type AtendenteDto, type AtendenteStatusDto, type ConectadoEvento, atendenteSchema } from '@atende/shared';
import { Badge, Menu, UnstyledButton } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconCheck, IconChevronDown } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../lib/api.js';
import { getRealtimeSocket } from '../../../../lib/socket.js';
import { useRealtimeStore } from '../../../../lib/realtime-store.js';
import { atendimentoKeys } from '../../api/query-keys.js';
import { useMeuAtendente } from '../../hooks/useAtendentes.js';

export const COR_PRESENCA: Record<AtendenteStatusDto, string> = { online: 'green', ausente: 'yellow', offline: 'gray' };

function alterarPorRest(atendenteId: string, status: AtendenteStatusDto): Promise<AtendenteDto> {
  return api.patch(`/atendimento/atendentes/${atendenteId}/status`, { status }, { schema: atendenteSchema });
}

/** online and ausente go over the socket when it is up (the server owns presence); offline (or no socket) by REST. */
async function definirPresenca(atendente: AtendenteDto, status: AtendenteStatusDto): Promise<AtendenteDto> {
  const socket = getRealtimeSocket();
  if (status !== 'offline' && socket?.connected) {
    const resposta = await socket.timeout(5_000).emitWithAck('presenca', { status });
    if (resposta.ok) return { ...atendente, status };
  }
  return alterarPorRest(atendente.id, status);
}

/** The agent's presence in the header: online, ausente or offline. The choice survives reloads. */
export function PresencaSeletor() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const meu = useMeuAtendente();
  const [escolha, setEscolha] = useLocalStorage<AtendenteStatusDto>({ key: 'atende.presenca', defaultValue: 'online' });
  const atendente = meu.data;

  const mudar = useMutation({
    mutationFn: (status: AtendenteStatusDto) => {
      if (!atendente) throw new Error('sem atendente');
      return definirPresenca(atendente, status);
    },
    onSuccess: (atualizado) => queryClient.setQueryData(atendimentoKeys.meuAtendente(), atualizado),
  });
  const { mutate } = mudar;

  // Connecting makes an agent online: re-apply an ausente/offline choice once per (re)connection.
  const sessao = useRealtimeStore((state) => state.sessao);
  const aplicadaEm = useRef<ConectadoEvento | null>(null);
  const temAtendente = atendente !== undefined && atendente !== null;
  useEffect(() => {
    if (!temAtendente || !sessao || aplicadaEm.current === sessao) return;
    aplicadaEm.current = sessao;
    if (escolha !== 'online') mutate(escolha);
  }, [temAtendente, sessao, escolha, mutate]);

  if (!atendente) return null;
  const status = atendente.status;

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('presenca.rotulo', { status: t(`presenca.${status}`) })} data-testid="presenca">
          <Badge
            variant="dot"
            color={COR_PRESENCA[status]}
            size="lg"
            rightSection={<IconChevronDown size={12} aria-hidden="true" />}
            style={{ cursor: 'pointer', textTransform: 'none' }}
          >
            {t(`presenca.${status}`)}
          </Badge>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('presenca.titulo')}</Menu.Label>
        {ATENDENTE_STATUS_PRESENCA.map((opcao) => (
          <Menu.Item
            key={opcao}
            leftSection={<Badge variant="dot" color={COR_PRESENCA[opcao]} size="xs" p={0} w={12} aria-hidden="true" style={{ border: 0 }} />}
            rightSection={opcao === status ? <IconCheck size={14} aria-hidden="true" /> : null}
            onClick={() => {
              setEscolha(opcao);
              mutate(opcao);
            }}
          >
            {t(`presenca.${opcao}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
