import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ptBR from '../locales/pt-BR.json';

export const IDIOMAS = ['pt-BR', 'en'] as const;
export type Idioma = (typeof IDIOMAS)[number];
export const IDIOMA_PADRAO: Idioma = 'pt-BR';

const STORAGE_KEY = 'atende.idioma';

// pt-BR ships in the first load; other languages are fetched when chosen (they are about as big again).
export const resources = {
  'pt-BR': { translation: ptBR },
} as const;

type Traducoes = () => Promise<{ default: Record<string, unknown> }>;

const CARREGAR: Record<Exclude<Idioma, 'pt-BR'>, Traducoes> = {
  en: () => import('../locales/en.json'),
};

/**
 * Strings only some lazy routes use, fetched with them: the settings and reports screens hold about as many strings
 * as the whole inbox, and the inbox's first load has a size budget.
 */
const PACOTES = {
  configuracoes: {
    'pt-BR': () => import('../locales/configuracoes/pt-BR.json'),
    en: () => import('../locales/configuracoes/en.json'),
  },
} as const satisfies Record<string, Record<Idioma, Traducoes>>;
export type PacoteDeTraducoes = keyof typeof PACOTES;

/** Bundles in the i18n store, as `idioma` or `idioma:pacote`. */
const carregados = new Set<string>(['pt-BR']);
const pacotesPedidos = new Set<PacoteDeTraducoes>();

async function adicionar(chave: string, idioma: Idioma, carregar: Traducoes): Promise<void> {
  if (carregados.has(chave)) return;
  const { default: traducoes } = await carregar();
  i18n.addResourceBundle(idioma, 'translation', traducoes, true, true);
  carregados.add(chave);
}

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

/** Makes sure the strings of `idioma` are loaded, with the route bundles already asked for. */
export async function carregarIdioma(idioma: Idioma): Promise<void> {
  if (idioma !== 'pt-BR') await adicionar(idioma, idioma, CARREGAR[idioma]);
  await Promise.all([...pacotesPedidos].map((pacote) => adicionar(`${idioma}:${pacote}`, idioma, PACOTES[pacote][idioma])));
}

/** Loads a route's strings in the current language and the default one (its fallback); lazy routes await it. */
export async function carregarPacote(pacote: PacoteDeTraducoes): Promise<void> {
  pacotesPedidos.add(pacote);
  const idiomas = new Set<Idioma>([IDIOMA_PADRAO, currentIdioma()]);
  await Promise.all([...idiomas].map((idioma) => adicionar(`${idioma}:${pacote}`, idioma, PACOTES[pacote][idioma])));
}

const idiomaGuardado = readStoredIdioma();

void i18n.use(initReactI18next).init({
  resources,
  partialBundledLanguages: true,
  // Start in the default language; a stored other language switches as soon as its strings arrive.
  lng: IDIOMA_PADRAO,
  fallbackLng: IDIOMA_PADRAO,
  supportedLngs: [...IDIOMAS],
  interpolation: { escapeValue: false },
  returnNull: false,
  // Resources are bundled, so initialise synchronously: the first render already has its strings.
  initAsync: false,
});

export async function changeIdioma(idioma: Idioma): Promise<unknown> {
  await carregarIdioma(idioma);
  return i18n.changeLanguage(idioma);
}

/** The language the user chose earlier, ready to render (main.tsx awaits it before the first paint). */
export function prepararIdiomaGuardado(): Promise<unknown> {
  return idiomaGuardado === IDIOMA_PADRAO ? Promise.resolve() : changeIdioma(idiomaGuardado).catch(() => undefined);
}

export function currentIdioma(): Idioma {
  return isIdioma(i18n.resolvedLanguage) ? i18n.resolvedLanguage : IDIOMA_PADRAO;
}
