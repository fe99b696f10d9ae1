import '@mantine/core/styles/Switch.css';
import { ActionIcon, Menu, Switch, Text, Tooltip } from '@mantine/core';
import { IconBell, IconBellOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pedirPermissaoDeNotificacao, permissaoDeNotificacao, tocarSom, useAlertasStore } from '../../realtime/alertas.js';

/** Sound and browser notifications for new work, each one switchable. */
export function AlertasMenu() {
  const { t } = useTranslation();
  const { som, notificacoes, alternarSom, definirNotificacoes } = useAlertasStore();
  const [permissao, setPermissao] = useState(permissaoDeNotificacao);
  const silencioso = !som && !(notificacoes && permissao === 'granted');

  const handleNotificacoes = async (ativar: boolean) => {
    definirNotificacoes(ativar);
    if (ativar) setPermissao(await pedirPermissaoDeNotificacao());
  };

  return (
    <Menu position="bottom-end" withinPortal closeOnItemClick={false}>
      <Menu.Target>
        <Tooltip label={t('alertas.titulo')} withinPortal>
          <ActionIcon variant="default" size="lg" aria-label={silencioso ? t('alertas.silenciado') : t('alertas.titulo')}>
            {silencioso ? <IconBellOff size={18} stroke={1.6} aria-hidden="true" /> : <IconBell size={18} stroke={1.6} aria-hidden="true" />}
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('alertas.titulo')}</Menu.Label>
        <Menu.Item
          onClick={() => {
            alternarSom();
            if (!som) tocarSom();
          }}
          rightSection={<Switch size="xs" checked={som} readOnly tabIndex={-1} aria-hidden="true" />}
          role="menuitemcheckbox"
          aria-checked={som}
        >
          {t('alertas.som')}
        </Menu.Item>
        <Menu.Item
          onClick={() => void handleNotificacoes(!notificacoes)}
          rightSection={<Switch size="xs" checked={notificacoes && permissao === 'granted'} readOnly tabIndex={-1} aria-hidden="true" />}
          role="menuitemcheckbox"
          aria-checked={notificacoes && permissao === 'granted'}
          disabled={permissao === 'indisponivel'}
        >
          {t('alertas.navegador')}
        </Menu.Item>
        {permissao === 'denied' ? (
          <Text size="xs" c="dimmed" px="sm" pb="xs" maw={240}>
            {t('alertas.bloqueadas')}
          </Text>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}
