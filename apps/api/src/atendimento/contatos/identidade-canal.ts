import { CONTATO_IDENTIDADE_TIPOS, type ContatoIdentidadeTipo } from './contato-identidade.entity.js';
import { normalizarTelefone, type TelefoneNormalizado } from './telefone.js';

/** A channel identity in the form it is stored, with every stored form that denotes the same customer. */
export interface IdentidadeCanal {
  tipo: ContatoIdentidadeTipo;
  /** Canonical value (what a new row stores). */
  valor: string;
  /** Values to look up: the canonical one first, then older forms (the 8-digit Brazilian mobile, the raw id). */
  valores: string[];
  /** The phone number the identity carries, if any (WhatsApp wa_id, SMS number). */
  telefone: TelefoneNormalizado | null;
  email: string | null;
  /** Kept on the row: the provider's exact id when the canonical value differs from it. */
  dados: Record<string, unknown>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function ehTipoIdentidade(tipo: string): tipo is ContatoIdentidadeTipo {
  return (CONTATO_IDENTIDADE_TIPOS as readonly string[]).includes(tipo);
}

export function normalizarEmail(email: string | null | undefined): string | null {
  const limpo = email?.trim().toLowerCase() ?? '';
  return EMAIL.test(limpo) ? limpo : null;
}

/**
 * Maps a canal kind (or an identity kind) and the id the channel gives to the stored identity.
 *  - whatsapp: the wa_id, as digits without '+' (the wa_id format), canonicalized with the Brazilian 9th digit;
 *    the exact wa_id stays in `dados.waId`. A non-numeric id is the business-scoped user id (BSUID).
 *  - sms / telefone: E.164 with '+'.
 *  - email: lower-case.
 *  - telegram, messenger, instagram, webchat: the id as given.
 * Returns null for an empty or unusable value.
 */
export function identidadeDoCanal(tipo: string, valor: string): IdentidadeCanal | null {
  const limpo = valor.trim();
  if (!limpo) return null;
  const base = { telefone: null, email: null, dados: {} };
  switch (tipo) {
    case 'whatsapp': {
      if (!/^\+?[0-9]+$/.test(limpo)) return { ...base, tipo: 'whatsapp_bsuid', valor: limpo, valores: [limpo] };
      const digitos = limpo.replace(/^\+/, '');
      const telefone = normalizarTelefone(digitos, { internacional: true });
      if (!telefone) return { ...base, tipo: 'whatsapp', valor: digitos, valores: [digitos] };
      const formas = telefone.variantes.map((forma) => forma.slice(1));
      const canonico = telefone.e164.slice(1);
      return {
        ...base,
        tipo: 'whatsapp',
        valor: canonico,
        valores: [...new Set([...formas, digitos])],
        telefone,
        dados: canonico === digitos ? {} : { waId: digitos },
      };
    }
    case 'sms':
    case 'telefone': {
      const telefone = normalizarTelefone(limpo, { internacional: true });
      if (!telefone) return { ...base, tipo: 'telefone', valor: limpo, valores: [limpo] };
      return { ...base, tipo: 'telefone', valor: telefone.e164, valores: [...new Set([...telefone.variantes, limpo])], telefone };
    }
    case 'email': {
      const email = normalizarEmail(limpo);
      if (!email) return null;
      return { ...base, tipo: 'email', valor: email, valores: [email], email };
    }
    default:
      if (!ehTipoIdentidade(tipo)) return null;
      return { ...base, tipo, valor: limpo, valores: [limpo] };
  }
}
