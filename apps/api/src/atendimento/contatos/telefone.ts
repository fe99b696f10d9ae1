import { parsePhoneNumberFromString } from 'libphonenumber-js';

export interface TelefoneNormalizado {
  /** Canonical E.164 with '+': Brazilian mobiles always with the 9th digit. */
  e164: string;
  /** Every E.164 form of the same line: the canonical one first, then the legacy 8-digit mobile form, if any. */
  variantes: string[];
}

/** Area codes (DDD) in use in Brazil; a number with any other is refused. */
const DDDS_BRASIL = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53,
  54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96,
  97, 98, 99,
]);

const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * Normalizes a phone number to E.164. Without a country code it is read as Brazilian (`(11) 98888-7777`);
 * `internacional` says the digits already start with the country code, as channel ids do (WhatsApp wa_id).
 *
 * Brazilian mobiles gained a 9th digit (2012–2016), but WhatsApp still reports many old accounts by the
 * 8-digit form (`55 11 8888-7777`): both denote the same line, so the canonical form always carries the 9
 * and `variantes` lists the 8-digit form to match rows stored by it. Only subscriber numbers starting with
 * 6–9 are mobiles; 2–5 are landlines and stay as they are (inserting a 9 there would name another line).
 */
export function normalizarTelefone(entrada: string, opcoes: { internacional?: boolean } = {}): TelefoneNormalizado | null {
  const limpo = entrada.trim();
  const digitos = limpo.replace(/\D/g, '');
  if (digitos.length < 7 || digitos.length > 17) return null;
  let texto: string;
  if (limpo.startsWith('+') || opcoes.internacional) texto = `+${digitos}`;
  else if (digitos.startsWith('00')) texto = `+${digitos.slice(2)}`;
  else if (digitos.length >= 12 && digitos.startsWith('55')) texto = `+${digitos}`;
  else texto = `+55${digitos.length === 11 || digitos.length === 12 ? digitos.replace(/^0/, '') : digitos}`;

  const numero = parsePhoneNumberFromString(texto);
  if (!numero) return null;
  if (numero.countryCallingCode === '55') return normalizarBrasileiro(numero.nationalNumber);
  if (!numero.isPossible() || !E164.test(numero.number)) return null;
  return { e164: numero.number, variantes: [numero.number] };
}

function normalizarBrasileiro(nacional: string): TelefoneNormalizado | null {
  const ddd = Number(nacional.slice(0, 2));
  const assinante = nacional.slice(2);
  if (!DDDS_BRASIL.has(ddd)) return null;
  if (assinante.length === 9 && assinante.startsWith('9')) {
    const legado = assinante.slice(1);
    const canonico = `+55${ddd}${assinante}`;
    return { e164: canonico, variantes: /^[6-9]/.test(legado) ? [canonico, `+55${ddd}${legado}`] : [canonico] };
  }
  if (assinante.length === 8 && /^[6-9]/.test(assinante)) {
    return { e164: `+55${ddd}9${assinante}`, variantes: [`+55${ddd}9${assinante}`, `+55${ddd}${assinante}`] };
  }
  if (assinante.length === 8 && /^[2-5]/.test(assinante)) {
    return { e164: `+55${ddd}${assinante}`, variantes: [`+55${ddd}${assinante}`] };
  }
  return null;
}
