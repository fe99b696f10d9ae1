import { useTranslation } from 'react-i18next';
import { type Idioma, IDIOMA_PADRAO, changeIdioma, isIdioma } from '../../../lib/i18n.js';

export function useIdioma(): { idioma: Idioma; setIdioma: (idioma: Idioma) => void } {
  const { i18n } = useTranslation();
  const idioma = isIdioma(i18n.resolvedLanguage) ? i18n.resolvedLanguage : IDIOMA_PADRAO;
  return {
    idioma,
    setIdioma: (next) => {
      void changeIdioma(next);
    },
  };
}
