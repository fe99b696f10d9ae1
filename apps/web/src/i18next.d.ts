import 'i18next';
import type configuracoesPtBR from './locales/configuracoes/pt-BR.json';
import type ptBR from './locales/pt-BR.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The settings strings load with their routes (lib/i18n.ts `carregarPacote`), into the same namespace.
    resources: { translation: typeof ptBR & typeof configuracoesPtBR };
  }
}
