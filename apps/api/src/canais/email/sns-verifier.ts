import { createVerify, X509Certificate } from 'node:crypto';
import { ChannelApiError } from '../canal.exception.js';
import type { VerifyResult } from '../channel-adapter.js';
import { fetchWithTimeout, readBodyLimited, trimBaseUrl } from '../provider-http.util.js';
import type { SnsMessage } from './email.types.js';

/** Only Amazon's own SNS endpoints may name the certificate (anyone can host a cert that "verifies"). */
const HOST_SNS = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

const CAMPOS_ASSINADOS: Readonly<Record<SnsMessage['Type'], readonly (keyof SnsMessage)[]>> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

/** The canonical "Key\nValue\n" string SNS signs; absent optional keys (Subject) are left out. */
export function textoAssinadoSns(mensagem: SnsMessage): string {
  let texto = '';
  for (const campo of CAMPOS_ASSINADOS[mensagem.Type]) {
    const valor = mensagem[campo];
    if (typeof valor === 'string') texto += `${campo}\n${valor}\n`;
  }
  return texto;
}

/** An SNS endpoint URL (SigningCertURL, SubscribeURL) we may call; null when it is not Amazon's. */
export function urlSnsConfiavel(url: string, exigirPem: boolean): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || !HOST_SNS.test(parsed.hostname) || parsed.port !== '') return null;
  if (exigirPem && !parsed.pathname.endsWith('.pem')) return null;
  return parsed;
}

/**
 * Verifies SNS message signatures (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) with the certificate
 * named by SigningCertURL, after checking that URL is Amazon's. Certificates are cached per URL.
 */
export class SnsVerifier {
  private readonly certificados = new Map<string, Promise<X509Certificate>>();
  private readonly base: string | undefined;

  constructor(certBaseUrl: string | undefined, private readonly timeoutMs: number) {
    this.base = certBaseUrl === undefined ? undefined : trimBaseUrl(certBaseUrl);
  }

  async verificar(mensagem: SnsMessage): Promise<VerifyResult> {
    const url = urlSnsConfiavel(mensagem.SigningCertURL, true);
    if (url === null) {
      return { ok: false, reason: 'assinatura_invalida', detail: 'SigningCertURL não é um endereço https do Amazon SNS.' };
    }
    let certificado: X509Certificate;
    try {
      certificado = await this.certificado(url);
    } catch (error) {
      this.certificados.delete(url.href);
      const detalhe = error instanceof ChannelApiError ? error.providerMessage : error instanceof Error ? error.message : String(error);
      return { ok: false, reason: 'assinatura_invalida', detail: `Certificado do SNS indisponível: ${detalhe}` };
    }
    const verificador = createVerify(mensagem.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
    verificador.update(textoAssinadoSns(mensagem), 'utf8');
    const valida = verificador.verify(certificado.publicKey, mensagem.Signature, 'base64');
    return valida ? { ok: true } : { ok: false, reason: 'assinatura_invalida', detail: 'A assinatura SNS não confere.' };
  }

  /** The URL to call for an Amazon SNS URL: its own, or the same path on the configured base (tests). */
  enderecoReal(url: URL): string {
    return this.base === undefined ? url.href : `${this.base}${url.pathname}${url.search}`;
  }

  private certificado(url: URL): Promise<X509Certificate> {
    let certificado = this.certificados.get(url.href);
    if (certificado === undefined) {
      certificado = this.baixar(url);
      this.certificados.set(url.href, certificado);
    }
    return certificado;
  }

  private async baixar(url: URL): Promise<X509Certificate> {
    const what = 'baixar o certificado do SNS';
    const resposta = await fetchWithTimeout(this.enderecoReal(url), { method: 'GET' }, this.timeoutMs, what);
    if (!resposta.ok) throw new Error(`HTTP ${resposta.status}`);
    const { data } = await readBodyLimited(resposta, 64 * 1024, what);
    const certificado = new X509Certificate(data);
    const agora = Date.now();
    if (Date.parse(certificado.validFrom) > agora || Date.parse(certificado.validTo) < agora) {
      throw new Error('certificado fora da validade');
    }
    return certificado;
  }
}
