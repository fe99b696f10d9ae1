import '../estilos.js';
import { Button, Group, ScrollArea, Stack, Title } from '@mantine/core';
import {
  IconAddressBook,
  IconBolt,
  IconBrandWhatsapp,
  IconSettings,
  IconSparkles,
  IconStack2,
  IconTag,
  IconTemplate,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useUsuario } from '../../auth/hooks/useAuth.js';

interface Secao {
  to: string;
  chave: 'geral' | 'canais' | 'filas' | 'atendentes' | 'templates' | 'tags' | 'automacoes' | 'ia';
  icone: Icon;
  soAdmin?: boolean;
}

const SECOES: readonly Secao[] = [
  { to: '/atendimento/configuracoes', chave: 'geral', icone: IconSettings },
  { to: '/atendimento/configuracoes/canais', chave: 'canais', icone: IconBrandWhatsapp, soAdmin: true },
  { to: '/atendimento/configuracoes/filas', chave: 'filas', icone: IconStack2 },
  { to: '/atendimento/configuracoes/atendentes', chave: 'atendentes', icone: IconAddressBook },
  { to: '/atendimento/configuracoes/templates', chave: 'templates', icone: IconTemplate },
  { to: '/atendimento/configuracoes/tags', chave: 'tags', icone: IconTag },
  { to: '/atendimento/configuracoes/automacoes', chave: 'automacoes', icone: IconBolt },
  { to: '/atendimento/configuracoes/ia', chave: 'ia', icone: IconSparkles, soAdmin: true },
];

/** Settings: a row of section links over the section's page. */
export function ConfiguracoesLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const usuario = useUsuario();
  const secoes = SECOES.filter((secao) => !secao.soAdmin || usuario?.papel === 'admin');
  const ativa = [...secoes]
    .sort((a, b) => b.to.length - a.to.length)
    .find((secao) => pathname === secao.to || pathname.startsWith(`${secao.to}/`));

  return (
    <Stack gap="lg" maw={1200}>
      <Title order={1} fz="h3">
        {t('configuracoes.title')}
      </Title>
      <ScrollArea type="never" offsetScrollbars={false}>
        <Group gap={6} wrap="nowrap" component="nav" aria-label={t('configuracoes.secoes')}>
          {secoes.map((secao) => {
            const atual = secao === ativa;
            return (
              <Button
                key={secao.to}
                component={Link}
                to={secao.to}
                variant={atual ? 'light' : 'subtle'}
                color={atual ? undefined : 'gray'}
                leftSection={<secao.icone size={16} aria-hidden="true" />}
                aria-current={atual ? 'page' : undefined}
                size="sm"
              >
                {t(`configuracoes.secao.${secao.chave}`)}
              </Button>
            );
          })}
        </Group>
      </ScrollArea>
      <Outlet />
    </Stack>
  );
}
