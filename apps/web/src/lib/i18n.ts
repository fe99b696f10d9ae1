import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import ptBR from '../locales/pt-BR.json';

export const IDIOMAS = ['pt-BR', 'en'] as const;
export type Idioma = (typeof IDIOMAS)[number];
export const IDIOMA_PADRAO: Idioma = 'pt-BR';

const STORAGE_KEY = 'atende.idioma';

export const resources = {
  'pt-BR': { translation: ptBR },
  en: { translation: en },
} as const;

export function isIdioma(value: unknown): value is Idioma {
  return typeof value === 'string' && (IDIOMAS as readonly string[]).includes(value);
}

function readStoredIdioma(): Idioma {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isIdioma(stored) ? stored : IDIOMA_PADRAO;
  } catch {
    // Storage can be unavailable (privacy mode); the default language still works.
    return IDIOMA_PADRAO;
  }
}

export const i18n = i18next.createInstance();

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not persisting the choice is acceptable.
  }
});

void i18n.use(initReactI18next).init({
  resources,
  lng: readStoredIdioma(),
  fallbackLng: IDIOMA_PADRAO,
  supportedLngs: [...IDIOMAS],
  interpolation: { escapeValue: false },
  returnNull: false,
  // Resources are bundled, so initialise synchronously: the first render already has its strings.
  initAsync: false,
});

export function changeIdioma(idioma: Idioma): Promise<unknown> {
  return i18n.changeLanguage(idioma);
}

export function currentIdioma(): Idioma {
  return isIdioma(i18n.resolvedLanguage) ? i18n.resolvedLanguage : IDIOMA_PADRAO;
}
