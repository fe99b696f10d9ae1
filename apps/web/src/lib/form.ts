import { z } from 'zod';
import { i18n } from './i18n.js';

// zod's own messages (a field left empty, a number out of range) in the app's language; the shared schemas'
// explicit messages are the API's own, in Portuguese.
function aplicarIdioma(idioma: string | undefined): void {
  z.config(idioma === 'en' ? z.locales.en() : z.locales.pt());
}
aplicarIdioma(i18n.resolvedLanguage);
i18n.on('languageChanged', aplicarIdioma);

export type ErrosDeFormulario = Record<string, string>;

/**
 * A Mantine `useForm` validator from a shared zod schema, so a form accepts exactly what the API accepts and
 * names the field that is wrong. `paraApi` turns the form's values (strings, empty fields) into the body.
 */
export function validarComZod<V>(schema: z.ZodType, paraApi: (valores: V) => unknown = (valores) => valores): (valores: V) => ErrosDeFormulario {
  return (valores) => {
    const resultado = schema.safeParse(paraApi(valores));
    if (resultado.success) return {};
    const erros: ErrosDeFormulario = {};
    for (const issue of resultado.error.issues) {
      const caminho = issue.path.map(String).join('.');
      erros[caminho] ??= issue.message;
    }
    return erros;
  };
}

/** '' → null, else the trimmed text: optional text fields of the forms. */
export function textoOuNull(valor: string): string | null {
  const limpo = valor.trim();
  return limpo === '' ? null : limpo;
}
