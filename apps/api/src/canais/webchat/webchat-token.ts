import { createHmac } from 'node:crypto';
import { safeEqual } from '../webhook.util.js';

/** What a visitor token asserts: this visitor of this canal, until `expiraEm` (epoch ms). */
export interface TokenDeVisitante {
  canalId: string;
  visitanteId: string;
  emitidoEm: number;
  expiraEm: number;
}

/** Visitors come back for months (the token lives in localStorage); a new pre-chat starts over after this. */
export const VALIDADE_TOKEN_VISITANTE_MS = 180 * 24 * 3_600_000;

const VERSAO = 'wc1';

function assinatura(segredo: string, corpo: string): string {
  return createHmac('sha256', segredo).update(`${VERSAO}.${corpo}`).digest('base64url');
}

/** `wc1.<base64url JSON>.<base64url HMAC-SHA256(canal secret, "wc1.<json>")>` */
export function assinarTokenDeVisitante(segredo: string, dados: Omit<TokenDeVisitante, 'expiraEm'> & { expiraEm?: number }): string {
  const corpo = Buffer.from(
    JSON.stringify({
      c: dados.canalId,
      v: dados.visitanteId,
      iat: dados.emitidoEm,
      exp: dados.expiraEm ?? dados.emitidoEm + VALIDADE_TOKEN_VISITANTE_MS,
    }),
  ).toString('base64url');
  return `${VERSAO}.${corpo}.${assinatura(segredo, corpo)}`;
}

/** The token's claims when the signature holds and it has not expired; null otherwise (never throws). */
export function verificarTokenDeVisitante(segredo: string, token: string, agora: number): TokenDeVisitante | null {
  const partes = token.split('.');
  if (partes.length !== 3 || partes[0] !== VERSAO) return null;
  const [, corpo, recebida] = partes;
  if (!safeEqual(recebida, assinatura(segredo, corpo))) return null;
  let dados: unknown;
  try {
    dados = JSON.parse(Buffer.from(corpo, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof dados !== 'object' || dados === null) return null;
  const { c, v, iat, exp } = dados as Record<string, unknown>;
  if (typeof c !== 'string' || typeof v !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return null;
  if (exp <= agora) return null;
  return { canalId: c, visitanteId: v, emitidoEm: iat, expiraEm: exp };
}
