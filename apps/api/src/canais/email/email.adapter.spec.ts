import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSmtpServer } from '../../../test/support/fake-smtp-server.js';
import { FakeSns } from '../../../test/support/fake-sns.js';
import { ChannelSendError } from '../canal.exception.js';
import type { InboundHttpRequest } from '../channel-adapter.js';
import { EmailAdapter } from './email.adapter.js';
import { DEFAULT_EMAIL_OPTIONS, type EmailCredentials } from './email.types.js';
import { textoAssinadoSns } from './sns-verifier.js';

const FIXTURES = new URL('../../../test/fixtures/channels/email/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));
const SENDGRID = JSON.parse(fixture('sendgrid-signature-example.json').toString('utf8')) as Record<string, string>;
const TOPICO = 'arn:aws:sns:us-east-1:123456789012:ses-inbound';

function request(rawBody: Buffer, headers: Record<string, string> = {}): InboundHttpRequest {
  return { method: 'POST', url: 'https://atende.example.com/api/atendimento/webhooks/email/c1', headers, query: {}, rawBody };
}

function credenciais(extra: Partial<EmailCredentials> = {}): EmailCredentials {
  return new EmailAdapter(DEFAULT_EMAIL_OPTIONS).parseCredentials({
    fromAddress: 'Suporte@Acme.example',
    fromName: 'Acme Suporte',
    replyDomain: 'inbound.acme.example',
    smtpHost: '127.0.0.1',
    smtpPort: 2525,
    entrada: 'sendgrid',
    sendgridVerificationKey: SENDGRID.public_key_spki_der_base64,
    ...extra,
  });
}

describe('EmailAdapter: credentials', () => {
  const adapter = new EmailAdapter(DEFAULT_EMAIL_OPTIONS);

  it('normalizes the address and requires what each inbound mode needs, naming the field', () => {
    expect(credenciais()).toMatchObject({ fromAddress: 'suporte@acme.example', smtpSecure: false, imapMailbox: 'INBOX' });
    expect(() => adapter.parseCredentials({ ...credenciais(), sendgridVerificationKey: undefined })).toThrow(/sendgridVerificationKey/);
    expect(() => adapter.parseCredentials({ ...credenciais(), entrada: 'ses' })).toThrow(/snsTopicArn/);
    expect(() => adapter.parseCredentials({ ...credenciais(), entrada: 'imap' })).toThrow(/imapHost/);
    expect(() => adapter.parseCredentials({ ...credenciais(), fromAddress: 'não' })).toThrow(/fromAddress/);
    expect(adapter.secretFields).toEqual(['smtpPassword', 'imapPassword']);
    expect(adapter.routingKeyOf(credenciais())).toBe('suporte@acme.example');
  });
});

describe('EmailAdapter: SendGrid Signed Webhook', () => {
  const adapter = new EmailAdapter(DEFAULT_EMAIL_OPTIONS);
  const corpo = fixture('sendgrid-inbound-parse.multipart.bin');
  const chave = createPrivateKey(SENDGRID.private_key_pkcs8_pem_TEST_ONLY);
  const assinar = (timestamp: string, body: Buffer): string =>
    sign('sha256', Buffer.concat([Buffer.from(timestamp), body]), chave).toString('base64');
  const cabecalhos = (assinatura: string, timestamp: string) => ({
    'x-twilio-email-event-webhook-signature': assinatura,
    'x-twilio-email-event-webhook-timestamp': timestamp,
  });

  it('the fixture signature verifies over timestamp + body, but is refused as a stale replay', async () => {
    const resultado = await adapter.verify(request(corpo, cabecalhos(SENDGRID.signature_header, SENDGRID.timestamp_header)), credenciais());
    expect(resultado).toMatchObject({ ok: false, reason: 'assinatura_invalida', detail: expect.stringMatching(/janela/) as unknown });
  });

  it('accepts a fresh signature; refuses a tampered body, a missing header and another key', async () => {
    const agora = String(Math.floor(Date.now() / 1000));
    expect(await adapter.verify(request(corpo, cabecalhos(assinar(agora, corpo), agora)), credenciais())).toEqual({ ok: true });
    const adulterado = Buffer.from(corpo.toString('latin1').replace('Great', 'Grand'), 'latin1');
    expect(await adapter.verify(request(adulterado, cabecalhos(assinar(agora, corpo), agora)), credenciais())).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
      detail: expect.stringMatching(/não confere/) as unknown,
    });
    expect(await adapter.verify(request(corpo), credenciais())).toMatchObject({ ok: false, reason: 'assinatura_ausente' });
    const outra = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE==';
    expect(
      await adapter.verify(request(corpo, cabecalhos(assinar(agora, corpo), agora)), credenciais({ sendgridVerificationKey: outra })),
    ).toMatchObject({ ok: false, reason: 'assinatura_invalida' });
  });
});

describe('EmailAdapter: Amazon SNS signatures', () => {
  let sns: FakeSns;
  let adapter: EmailAdapter;
  const ses = () => credenciais({ entrada: 'ses', snsTopicArn: TOPICO, sendgridVerificationKey: undefined });
  const headers = (tipo: string) => ({ 'x-amz-sns-message-type': tipo, 'content-type': 'text/plain; charset=UTF-8' });

  beforeAll(async () => {
    sns = await FakeSns.start();
    adapter = new EmailAdapter({ ...DEFAULT_EMAIL_OPTIONS, snsCertBaseUrl: sns.baseUrl, timeoutMs: 2_000 });
  });
  afterAll(async () => {
    await sns.close();
  });

  it('the canonical string is exactly the fixture one', () => {
    const mensagem = FakeSns.fixture('sns-notification-ses-received.json');
    expect(textoAssinadoSns(mensagem as never)).toBe(fixture('sns-notification-ses-received.string-to-sign.txt').toString('utf8'));
  });

  it('verifies the fixture notification with the certificate fetched from the (fake) SNS host, once', async () => {
    const corpo = fixture('sns-notification-ses-received.json');
    expect(await adapter.verify(request(corpo, headers('Notification')), ses())).toEqual({ ok: true });
    expect(await adapter.verify(request(corpo, headers('Notification')), ses())).toEqual({ ok: true });
    expect(sns.requests.filter((r) => r.path.endsWith('.pem'))).toEqual([
      { method: 'GET', path: '/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem' },
    ]);
  });

  it('refuses a tampered message, another topic, and a certificate URL that is not Amazon SNS', async () => {
    const original = FakeSns.fixture('sns-notification-ses-received.json');
    const adulterada = { ...original, Message: original.Message.replace('Great', 'Grand') };
    expect(await adapter.verify(request(Buffer.from(JSON.stringify(adulterada)), headers('Notification')), ses())).toMatchObject({
      ok: false,
      reason: 'assinatura_invalida',
    });
    expect(
      await adapter.verify(request(Buffer.from(JSON.stringify(original)), headers('Notification')), {
        ...ses(),
        snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:outro',
      }),
    ).toMatchObject({ ok: false, detail: expect.stringMatching(/tópico/) as unknown });
    for (const url of [
      'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem',
      'http://sns.us-east-1.amazonaws.com/cert.pem',
      'https://evil.example/sns.us-east-1.amazonaws.com/cert.pem',
      'https://sns.us-east-1.amazonaws.com/cert.txt',
    ]) {
      const forjada = FakeSns.assinar({ ...original, SigningCertURL: url });
      expect(await adapter.verify(request(Buffer.from(JSON.stringify(forjada)), headers('Notification')), ses())).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/SigningCertURL/) as unknown,
      });
    }
  });

  it('a SubscriptionConfirmation is verified and confirmed by visiting the SubscribeURL', async () => {
    const corpo = fixture('sns-subscription-confirmation.json');
    expect(await adapter.verify(request(corpo, headers('SubscriptionConfirmation')), ses())).toEqual({ ok: true });
    expect(sns.requests.some((r) => r.path.startsWith('/?Action=ConfirmSubscription&TopicArn='))).toBe(true);
  });
});

describe('EmailAdapter: SMTP sending', () => {
  let smtp: FakeSmtpServer;
  let adapter: EmailAdapter;
  let creds: EmailCredentials;

  beforeAll(async () => {
    smtp = await FakeSmtpServer.start();
    adapter = new EmailAdapter({ ...DEFAULT_EMAIL_OPTIONS, timeoutMs: 3_000 });
    creds = credenciais(smtp.credentials());
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(() => smtp.reset());

  it('a reply carries our Message-ID, In-Reply-To, References and the reply+token Reply-To', async () => {
    const resultado = await adapter.send(creds, {
      to: 'sheena@customer.example',
      content: { type: 'texto', text: 'Olá Sheena,\nseu pedido sai hoje.' },
      thread: { subject: 'Order not arrived', references: ['CAF=customer-first-msg-0001@mail.customer.example', 'x-2@acme.example'] },
    });
    expect(resultado.externalId).toMatch(/^[0-9a-f]{32}@inbound\.acme\.example$/);
    const [recebido] = smtp.received;
    const token = resultado.externalId.split('@')[0];
    expect(recebido.to).toEqual(['sheena@customer.example']);
    expect(recebido.from).toBe('suporte@acme.example');
    expect(recebido.mail.messageId).toBe(`<${resultado.externalId}>`);
    expect(recebido.mail.inReplyTo).toBe('<x-2@acme.example>');
    expect(recebido.mail.references).toEqual(['<CAF=customer-first-msg-0001@mail.customer.example>', '<x-2@acme.example>']);
    expect(recebido.mail.replyTo?.value[0]).toEqual({ name: 'Acme Suporte', address: `reply+${token}@inbound.acme.example` });
    expect(recebido.mail.subject).toBe('Re: Order not arrived');
    expect(recebido.mail.text?.trim()).toBe('Olá Sheena,\nseu pedido sai hoje.');
    expect(recebido.mail.html).toBe('<div>Olá Sheena,<br>seu pedido sai hoje.</div>');
  });

  it('attachments go as MIME parts; templates and reactions are refused without sending', async () => {
    await adapter.send(creds, {
      to: 'ana@cliente.example',
      content: {
        type: 'midia',
        kind: 'documento',
        source: { type: 'upload', data: Buffer.from('%PDF-1.4'), mimeType: 'application/pdf', filename: 'nota.pdf' },
        caption: 'Segue a nota',
      },
    });
    const [recebido] = smtp.received;
    expect(recebido.mail.subject).toBe('Atendimento');
    expect(recebido.mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ['nota.pdf', 'application/pdf', '%PDF-1.4'],
    ]);
    await expect(adapter.send(creds, { to: 'a@b.example', content: { type: 'reacao', targetExternalId: 'x', emoji: '👍' } })).rejects.toMatchObject({
      transient: false,
      category: 'requisicao_invalida',
    });
    expect(smtp.received).toHaveLength(1);
  });

  it('maps SMTP answers: 550 permanent, 4xx transient, bad password, connection refused', async () => {
    const erro = (promessa: Promise<unknown>) => promessa.then(() => undefined, (e: unknown) => e);
    smtp.rejectRecipients.add('sumiu@cliente.example');
    const recusado = await erro(adapter.send(creds, { to: 'sumiu@cliente.example', content: { type: 'texto', text: 'oi' } }));
    expect(recusado).toBeInstanceOf(ChannelSendError);
    expect(recusado).toMatchObject({ transient: false, category: 'destinatario_indisponivel', providerCode: '550' });
    smtp.failNext(451, '4.3.0 Try again later');
    expect(await erro(adapter.send(creds, { to: 'ana@cliente.example', content: { type: 'texto', text: 'oi' } }))).toMatchObject({
      transient: true,
      providerCode: '451',
    });
    expect(await erro(adapter.send({ ...creds, smtpPassword: 'errada' }, { to: 'ana@cliente.example', content: { type: 'texto', text: 'oi' } }))).toMatchObject({
      transient: false,
      category: 'autenticacao',
    });
    expect(await erro(adapter.send({ ...creds, smtpPort: 1 }, { to: 'ana@cliente.example', content: { type: 'texto', text: 'oi' } }))).toMatchObject({
      transient: true,
      category: 'rede',
    });
  });

  it('checkStatus logs in without sending; a wrong password says what to do', async () => {
    expect(await adapter.checkStatus(creds)).toMatchObject({ ok: true, code: 'ok' });
    expect(await adapter.checkStatus({ ...creds, smtpPassword: 'errada' })).toMatchObject({ ok: false, code: 'credenciais_invalidas' });
    expect(smtp.received).toHaveLength(0);
  });
});
