import { NavLink, Stack } from '@mantine/core';
import { IconChartBar, IconMessages, IconSettings, type Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

interface NavItem {
  to: string;
  labelKey: 'nav.atendimento' | 'nav.relatorios' | 'nav.configuracoes';
  icon: Icon;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/atendimento', labelKey: 'nav.atendimento', icon: IconMessages },
  { to: '/atendimento/relatorios', labelKey: 'nav.relatorios', icon: IconChartBar },
  { to: '/atendimento/configuracoes', labelKey: 'nav.configuracoes', icon: IconSettings },
];

/** The item owning `pathname`: the longest matching prefix, since the sections nest under /atendimento. */
export function activeNavItem(pathname: string): NavItem | undefined {
  return NAV_ITEMS.filter((item) => pathname === item.to || pathname.startsWith(`${item.to}/`)).sort(
    (a, b) => b.to.length - a.to.length,
  )[0];
}

export function MainNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const active = activeNavItem(pathname);

  return (
    <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {NAV_ITEMS.map((item) => {
        const isActive = item === active;
        return (
          <li key={item.to}>
            <NavLink
              component={Link}
              to={item.to}
              label={t(item.labelKey)}
              leftSection={<item.icon size={20} stroke={1.6} aria-hidden="true" />}
              active={isActive}
              aria-current={isActive ? 'page' : undefined}
              onClick={onNavigate}
              variant="light"
            />
          </li>
        );
      })}
    </Stack>
  );
}
