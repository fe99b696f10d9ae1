import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanalException } from '../canal.exception.js';
import type { InboundPayload, NormalizedMessageEvent } from '../channel-adapter.js';
import { removerCitacao, sanitizarHtml } from './email-conteudo.js';
import { CONTENT_TYPE_MIME, parseEmail } from './email-inbound.parser.js';

const FIXTURES = new URL('../../../test/fixtures/channels/email/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));
const ctx = { receivedAt: '2025-10-09T12:06:00.000Z' };
const mime = (body: Buffer | string): InboundPayload => ({ contentType: CONTENT_TYPE_MIME, body });

const THREAD = [
  'conversation/6bdc3f4d-0bec-4515-a284-5d916fdde489/messages/9001@acme.example',
  'CAF=customer-first-msg-0001@mail.customer.example',
  '6bdc3f4d-0bec-4515-a284-5d916fdde489@inbound.acme.example',
];

const SHEENA = {
  externalId: 'sheena@customer.example',
  address: 'sheena@customer.example',
  email: 'sheena@customer.example',
  displayName: 'Sheena Nelson',
};

describe('parseEmail', () => {
  it('raw MIME (IMAP): the reply without its quote, threaded by headers and by the reply token', async () => {
    const [event] = (await parseEmail(mime(fixture('inbound-customer-reply.eml')), ctx)) as NormalizedMessageEvent[];
    expect(event).toMatchObject({
      kind: 'message',
      dedupId: 'CAF=customer-reply-0002@mail.customer.example',
      externalId: 'CAF=customer-reply-0002@mail.customer.example',
      direction: 'entrada',
      occurredAt: '2025-10-09T12:05:13.000Z',
      sender: SHEENA,
      type: 'texto',
      providerType: 'email',
      text: 'Great, thank you!',
      subject: 'Re: Re: [#1042] Order not arrived',
      quoted: { externalId: THREAD[0] },
      thread: { references: THREAD },
    });
    expect(event.metadata?.html).toBe('<div dir="ltr">Great, thank you!</div><br />');
  });

  it('SendGrid Inbound Parse multipart: same mail, attachment listed', async () => {
    const headers = readFileSync(new URL('sendgrid-inbound-parse.request-headers.txt', FIXTURES), 'utf8');
    const contentType = /^Content-Type: (.+)$/m.exec(headers)?.[1].trim() ?? '';
    const [event, anexo] = (await parseEmail({ contentType, body: fixture('sendgrid-inbound-parse.multipart.bin') }, ctx)) as NormalizedMessageEvent[];
    expect(event).toMatchObject({
      dedupId: 'CAF=customer-reply-0002@mail.customer.example',
      sender: SHEENA,
      text: 'Great, thank you! Photo attached.',
      thread: { references: THREAD },
      metadata: { anexos: 1, nomesDosAnexos: 'box.png' },
    });
    expect(anexo).toMatchObject({
      dedupId: 'CAF=customer-reply-0002@mail.customer.example#anexo-1',
      type: 'imagem',
      thread: event.thread,
      quoted: { externalId: 'CAF=customer-reply-0002@mail.customer.example' },
      media: { kind: 'imagem', mimeType: 'image/png', filename: 'box.png', sizeBytes: 70 },
    });
    expect(Buffer.from(anexo.media?.inlineBase64 ?? '', 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('SES through SNS: the raw content of the Received notification', async () => {
    const [event] = (await parseEmail(
      { contentType: 'text/plain; charset=UTF-8', body: fixture('sns-notification-ses-received.json') },
      ctx,
    )) as NormalizedMessageEvent[];
    expect(event).toMatchObject({ dedupId: 'CAF=customer-reply-0002@mail.customer.example', text: 'Great, thank you!', thread: { references: THREAD } });
    expect(await parseEmail({ contentType: 'text/plain', body: fixture('sns-subscription-confirmation.json') }, ctx)).toEqual([]);
    await expect(parseEmail({ contentType: 'text/plain', body: '{"nope":1}' }, ctx)).rejects.toBeInstanceOf(CanalException);
  });

  it('a new mail has no references: it starts a conversation', async () => {
    const raw = [
      'From: Ana <ana@cliente.example>',
      'To: suporte@acme.example',
      'Subject: Nota fiscal',
      'Message-ID: <nova-1@cliente.example>',
      '',
      'Preciso da nota.',
    ].join('\r\n');
    expect(await parseEmail(mime(raw), ctx)).toMatchObject([{ externalId: 'nova-1@cliente.example', thread: { references: [] }, subject: 'Nota fiscal' }]);
  });

  it.each([
    ['Auto-Submitted: auto-replied'],
    ['Precedence: bulk'],
    ['Precedence: junk'],
    ['X-Autoreply: yes'],
  ])('auto-replies and bulk mail (%s) produce no event', async (header) => {
    const raw = ['From: ana@cliente.example', 'To: suporte@acme.example', header, 'Subject: Fora do escritório', 'Message-ID: <ooo@x>', '', 'Volto segunda.'].join('\r\n');
    expect(await parseEmail(mime(raw), ctx)).toEqual([]);
  });

  it('Auto-Submitted: no is a person', async () => {
    const raw = ['From: ana@cliente.example', 'Auto-Submitted: no', 'Message-ID: <p@x>', '', 'Oi'].join('\r\n');
    expect(await parseEmail(mime(raw), ctx)).toHaveLength(1);
  });

  it('a bounce (DSN) marks the bounced message falhou and opens nothing', async () => {
    const raw = [
      'From: Mail Delivery Subsystem <mailer-daemon@mx.cliente.example>',
      'To: suporte@acme.example',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn-77@mx.cliente.example>',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.cliente.example',
      '',
      'Final-Recipient: rfc822; Ana@cliente.example',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      'From: suporte@acme.example',
      'Message-ID: <0123abcd@acme.example>',
      '--b1--',
    ].join('\r\n');
    expect(await parseEmail(mime(raw), ctx)).toEqual([
      {
        kind: 'status',
        dedupId: 'dsn:dsn-77@mx.cliente.example',
        occurredAt: ctx.receivedAt,
        target: { type: 'mensagem', externalId: '0123abcd@acme.example' },
        status: 'falhou',
        recipientId: 'ana@cliente.example',
        errors: [{ code: '5.1.1', title: 'O e-mail foi devolvido pelo servidor do destinatário', message: 'smtp; 550 5.1.1 user unknown' }],
      },
    ]);
  });
});

describe('email content', () => {
  it('strips quotes in several languages and keeps all-quote forwards', () => {
    expect(removerCitacao('Obrigado!\n\nEm qui., 9 de out. de 2025 às 11:40, Acme <s@a.example> escreveu:\n> antigo')).toBe('Obrigado!');
    expect(removerCitacao('Ok\n\n-----Original Message-----\nFrom: x')).toBe('Ok');
    expect(removerCitacao('Resposta\n> citado\n> mais')).toBe('Resposta');
    expect(removerCitacao('> só citação')).toBe('> só citação');
  });

  it('sanitizes HTML: no scripts, handlers, styles or remote images; links open safely', () => {
    const html = sanitizarHtml(
      '<p onclick="x()">Oi<script>alert(1)</script><style>p{}</style><img src="https://t.example/pixel.gif"><a href="javascript:alert(1)">a</a><a href="https://ok.example">b</a></p>',
    );
    expect(html).toBe('<p>Oi<img /><a target="_blank" rel="noopener noreferrer nofollow">a</a><a href="https://ok.example" target="_blank" rel="noopener noreferrer nofollow">b</a></p>');
  });
});
