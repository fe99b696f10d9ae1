import type { CanalTipoDto } from '@atende/shared';
import {
  IconBrandInstagram,
  IconBrandMessenger,
  IconBrandTelegram,
  IconBrandWhatsapp,
  IconMail,
  IconMessage,
  IconWorldWww,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

const ICONES: Record<CanalTipoDto, Icon> = {
  whatsapp: IconBrandWhatsapp,
  telegram: IconBrandTelegram,
  email: IconMail,
  messenger: IconBrandMessenger,
  instagram: IconBrandInstagram,
  sms: IconMessage,
  webchat: IconWorldWww,
};

export const COR_CANAL: Record<CanalTipoDto, string> = {
  whatsapp: '#25D366',
  telegram: '#229ED9',
  email: '#868e96',
  messenger: '#0084FF',
  instagram: '#E1306C',
  sms: '#7950f2',
  webchat: '#1c7ed6',
};

/** The canal kind's mark, labelled for screen readers ("WhatsApp"). */
export function CanalIcone({ tipo, size = 16, colorido = true }: { tipo: CanalTipoDto; size?: number; colorido?: boolean }) {
  const { t } = useTranslation();
  const Icone = ICONES[tipo];
  return (
    <Icone
      size={size}
      stroke={1.7}
      color={colorido ? COR_CANAL[tipo] : 'currentColor'}
      role="img"
      aria-label={t(`canal.tipos.${tipo}`)}
      style={{ flexShrink: 0 }}
    />
  );
}
