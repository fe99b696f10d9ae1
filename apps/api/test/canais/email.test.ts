import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service.js';
import { EmailImapPoller } from '../../src/canais/email/email-imap.poller.js';
import { FakeImapServer } from '../support/fake-imap-server.js';
import { FakeSmtpServer } from '../support/fake-smtp-server.js';
import { FakeSns } from '../support/fake-sns.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { aguardar, aguardarEventosProcessados, aguardarStatusDaMensagem, contar, sql } from './inbound-helpers.js';

/**
 * The e-mail channel end to end, through the real HTTP stack, job queue and a real SMTP server in-process:
 * SendGrid Inbound Parse and SES-through-SNS webhooks (signatures checked, nothing stored when forged),
 * threading of replies by headers and by the reply token, a new subject opening its own ticket, auto-replies
 * and bounces never opening tickets, and agent replies going out over SMTP with the threading headers.
 */

const FIXTURES = new URL('../fixtures/channels/email/', import.meta.url);
const SENDGRID = JSON.parse(readFileSync(new URL('sendgrid-signature-example.json', FIXTURES), 'utf8')) as Record<string, string>;
const CHAVE_SENDGRID = createPrivateKey(SENDGRID.private_key_pkcs8_pem_TEST_ONLY);
const TOPICO = 'arn:aws:sns:us-east-1:123456789012:ses-inbound';

interface Mail {
  from?: string;
  to?: string;
  subject?: string;
  messageId: string;
  inReplyTo?: string;
  references?: string;
  headers?: string[];
  texto?: string;
}

function mime(mail: Mail): string {
  return [
    `From: ${mail.from ?? 'Sheena Nelson <sheena@customer.example>'}`,
    `To: ${mail.to ?? 'Acme Suporte <suporte@acme.example>'}`,
    `Subject: ${mail.subject ?? 'Pedido não chegou'}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${mail.messageId}>`,
    ...(mail.inReplyTo !== undefined ? [`In-Reply-To: <${mail.inReplyTo}>`] : []),
    ...(mail.references !== undefined ? [`References: ${mail.references}`] : []),
    ...(mail.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    mail.texto ?? 'Meu pedido #1042 não chegou.',
    '',
  ].join('\r\n');
}

/** SendGrid Inbound Parse in raw mode: the whole MIME in the `email` field. */
function multipart(campos: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = 'xYzZY';
  const partes = Object.entries(campos).map(
    ([nome, valor]) => `--${boundary}\r\nContent-Disposition: form-data; name="${nome}"\r\n\r\n${valor}\r\n`,
  );
  return { body: Buffer.from(`${partes.join('')}--${boundary}--\r\n`, 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('E-mail channel end to end', { timeout: 180_000 }, () => {
  let t: TestApp;
  let smtp: FakeSmtpServer;
  let sns: FakeSns;
  let imap: FakeImapServer;
  let token: string;
  let canal: { id: string };
  let canalSes: { id: string };

  async function criarCanal(configuracao: Record<string, unknown>, nome: string): Promise<{ id: string }> {
    const resposta = await t
      .http()
      .post('/api/atendimento/canais')
      .set('Authorization', `Bearer ${token}`)
      .send({ tipo: 'email', nome, configuracao });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return resposta.body as { id: string };
  }

  function postarSendGrid(mail: string, opcoes: { assinatura?: string; canalId?: string } = {}) {
    const { body, contentType } = multipart({
      email: mail,
      envelope: JSON.stringify({ to: ['suporte@acme.example'], from: 'sheena@customer.example' }),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const assinatura = opcoes.assinatura ?? sign('sha256', Buffer.concat([Buffer.from(timestamp), body]), CHAVE_SENDGRID).toString('base64');
    return t
      .http()
      .post(`/api/atendimento/webhooks/email/${opcoes.canalId ?? canal.id}`)
      .set('Content-Type', contentType)
      .set('X-Twilio-Email-Event-Webhook-Signature', assinatura)
      .set('X-Twilio-Email-Event-Webhook-Timestamp', timestamp)
      .send(body);
  }

  async function clienteEscreve(mail: Mail): Promise<string> {
    const resposta = await postarSendGrid(mime(mail));
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(200);
    await aguardarEventosProcessados(t, 60_000);
    return ticketDa(mail.messageId);
  }

  async function ticketDa(externalId: string): Promise<string> {
    const [linha] = await sql<{ ticket_id: string }>(t, 'SELECT ticket_id FROM atendimento_mensagens WHERE external_id = $1', [externalId]);
    expect(linha, `mensagem ${externalId}`).toBeDefined();
    return linha.ticket_id;
  }

  async function agenteResponde(ticketId: string, texto: string): Promise<{ id: string; externalId: string }> {
    const resposta = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set('Authorization', `Bearer ${token}`)
      .send({ conteudo: texto });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    const id = (resposta.body as { id: string }).id;
    // Generous: the send job shares two cores with the rest of the suite.
    const enviada = await aguardarStatusDaMensagem(t, id, 'enviada', 60_000);
    return { id, externalId: enviada.external_id ?? '' };
  }

  beforeAll(async () => {
    smtp = await FakeSmtpServer.start();
    sns = await FakeSns.start();
    imap = await FakeImapServer.start();
    t = await createTestApp({ env: { EMAIL_SNS_CERT_BASE_URL: sns.baseUrl } });
    token = await t.login();
    const base = { fromAddress: 'suporte@acme.example', fromName: 'Acme Suporte', replyDomain: 'inbound.acme.example', ...smtp.credentials() };
    canal = await criarCanal({ ...base, entrada: 'sendgrid', sendgridVerificationKey: SENDGRID.public_key_spki_der_base64 }, 'E-mail SendGrid');
    canalSes = await criarCanal({ ...base, fromAddress: 'ses@acme.example', entrada: 'ses', snsTopicArn: TOPICO }, 'E-mail SES');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await sns?.close();
    await imap?.close();
  });

  beforeEach(() => smtp.reset());

  it('refuses a configuration without what its inbound mode needs, naming the field; secrets are masked', async () => {
    const resposta = await t
      .http()
      .post('/api/atendimento/canais')
      .set('Authorization', `Bearer ${token}`)
      .send({ tipo: 'email', nome: 'Sem chave', configuracao: { fromAddress: 'x@acme.example', smtpHost: 'smtp.acme.example', entrada: 'sendgrid' } });
    expect(resposta.status).toBe(400);
    expect(resposta.body.message).toMatch(/sendgridVerificationKey/);
    const lido = await t.http().get(`/api/atendimento/canais/${canal.id}`).set('Authorization', `Bearer ${token}`);
    expect(lido.status).toBe(200);
    expect(JSON.stringify(lido.body)).not.toContain(smtp.password);
  });

  it('a new mail opens a ticket for the contato matched by e-mail across channels; the reply threads back', async () => {
    const contato = await t
      .http()
      .post('/api/atendimento/contatos')
      .set('Authorization', `Bearer ${token}`)
      .send({ nome: 'Sheena (do WhatsApp)', email: 'Sheena@Customer.example' });
    expect(contato.status, JSON.stringify(contato.body)).toBe(201);

    const ticketId = await clienteEscreve({ messageId: 'primeira-0001@mail.customer.example', subject: 'Pedido #1042 não chegou' });
    const [ticket] = await sql<{ contato_id: string; assunto: string; canal_id: string }>(
      t,
      'SELECT contato_id, assunto, canal_id FROM atendimento_tickets WHERE id = $1',
      [ticketId],
    );
    expect(ticket).toEqual({ contato_id: (contato.body as { id: string }).id, assunto: 'Pedido #1042 não chegou', canal_id: canal.id });

    const resposta = await agenteResponde(ticketId, 'Olá Sheena, seu pedido sai hoje.');
    expect(resposta.externalId).toMatch(/^[0-9a-f]{32}@inbound\.acme\.example$/);
    const [enviado] = smtp.received;
    expect(enviado.to).toEqual(['sheena@customer.example']);
    expect(enviado.mail.messageId).toBe(`<${resposta.externalId}>`);
    expect(enviado.mail.inReplyTo).toBe('<primeira-0001@mail.customer.example>');
    expect(enviado.mail.references).toBe('<primeira-0001@mail.customer.example>');
    expect(enviado.mail.subject).toBe('Re: Pedido #1042 não chegou');
    expect(enviado.mail.replyTo?.value[0].address).toBe(`reply+${resposta.externalId.split('@')[0]}@inbound.acme.example`);

    // The customer's reply, with the headers their client sets, lands on the same ticket without the quote.
    const replyId = await clienteEscreve({
      messageId: 'resposta-0002@mail.customer.example',
      subject: 'Re: Pedido #1042 não chegou',
      inReplyTo: resposta.externalId,
      references: `<primeira-0001@mail.customer.example> <${resposta.externalId}>`,
      texto: `Obrigada!\r\n\r\nOn Thu, Oct 9, 2025 at 11:40 AM Acme Suporte <suporte@acme.example> wrote:\r\n> Olá Sheena, seu pedido sai hoje.`,
    });
    expect(replyId).toBe(ticketId);
    const [mensagem] = await sql<{ conteudo: string; payload: { assunto: string } }>(
      t,
      'SELECT conteudo, payload FROM atendimento_mensagens WHERE external_id = $1',
      ['resposta-0002@mail.customer.example'],
    );
    expect(mensagem.conteudo).toBe('Obrigada!');
    expect(mensagem.payload.assunto).toBe('Re: Pedido #1042 não chegou');

    // A client that dropped the headers still threads through the reply+token address it answered.
    const porToken = await clienteEscreve({
      messageId: 'resposta-0003@mail.customer.example',
      subject: 'sobre aquilo',
      to: `Acme <reply+${resposta.externalId.split('@')[0]}@inbound.acme.example>`,
    });
    expect(porToken).toBe(ticketId);

    // A new subject from the same contato, while that ticket is open, opens a second ticket.
    const novo = await clienteEscreve({ messageId: 'outro-assunto-0004@mail.customer.example', subject: 'Troca de endereço' });
    expect(novo).not.toBe(ticketId);
    expect(await contar(t, 'atendimento_tickets', `contato_id = $1 AND status NOT IN ('resolvido', 'fechado')`, [ticket.contato_id])).toBe(2);
    expect(await contar(t, 'atendimento_contatos', `email = 'sheena@customer.example'`)).toBe(1);

    // The agent's reply on the second ticket threads on that ticket's own mail.
    await agenteResponde(novo, 'Endereço atualizado.');
    expect(smtp.received.at(-1)?.mail.inReplyTo).toBe('<outro-assunto-0004@mail.customer.example>');
    expect(smtp.received.at(-1)?.mail.subject).toBe('Re: Troca de endereço');
  });

  it('a reply to a resolved ticket reopens it instead of opening another', async () => {
    const ticketId = await clienteEscreve({ messageId: 'reabrir-0001@mail.customer.example', subject: 'Nota fiscal' });
    const enviada = await agenteResponde(ticketId, 'Segue a nota.');
    const resolver = await t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/resolver`)
      .set('Authorization', `Bearer ${token}`)
      .send({});
    expect(resolver.status, JSON.stringify(resolver.body)).toBe(200);
    const resposta = await clienteEscreve({ messageId: 'reabrir-0002@mail.customer.example', inReplyTo: enviada.externalId, subject: 'Re: Nota fiscal' });
    expect(resposta).toBe(ticketId);
    const [ticket] = await sql<{ status: string; reaberturas: number }>(t, 'SELECT status, reaberturas FROM atendimento_tickets WHERE id = $1', [ticketId]);
    expect(ticket.status).not.toBe('resolvido');
    expect(ticket.reaberturas).toBe(1);
  });

  it('attachments are stored through the storage service, one mensagem each, on the thread of the mail', async () => {
    const corpo = readFileSync(new URL('sendgrid-inbound-parse.multipart.bin', FIXTURES));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const resposta = await t
      .http()
      .post(`/api/atendimento/webhooks/email/${canal.id}`)
      .set('Content-Type', 'multipart/form-data; boundary=xYzZY')
      .set('X-Twilio-Email-Event-Webhook-Signature', sign('sha256', Buffer.concat([Buffer.from(timestamp), corpo]), CHAVE_SENDGRID).toString('base64'))
      .set('X-Twilio-Email-Event-Webhook-Timestamp', timestamp)
      .send(corpo);
    expect(resposta.body).toEqual({ recebido: true, eventos: 2, novos: 2 });
    await aguardarEventosProcessados(t, 60_000);
    const texto = await ticketDa('CAF=customer-reply-0002@mail.customer.example');
    expect(await ticketDa('CAF=customer-reply-0002@mail.customer.example#anexo-1')).toBe(texto);
    const [anexo] = await aguardar('anexo gravado', () =>
      sql<{ nome_arquivo: string; mime_tipo: string; tamanho_bytes: string }>(
        t,
        `SELECT a.nome_arquivo, a.mime_tipo, a.tamanho_bytes::text FROM atendimento_anexos a
           JOIN atendimento_mensagens m ON m.id = a.mensagem_id WHERE m.external_id = $1`,
        ['CAF=customer-reply-0002@mail.customer.example#anexo-1'],
      ).then((linhas) => (linhas.length > 0 ? linhas : null)),
    );
    expect(anexo).toEqual({ nome_arquivo: 'box.png', mime_tipo: 'image/png', tamanho_bytes: '70' });
  });

  it('a forged or missing signature is 401 with nothing stored; a redelivery is stored once', async () => {
    const antes = await contar(t, 'atendimento_eventos_entrada');
    const mail = mime({ messageId: 'forjado-0001@mail.customer.example' });
    const forjado = await postarSendGrid(mail, { assinatura: SENDGRID.signature_header });
    expect(forjado.status).toBe(401);
    const semAssinatura = await t
      .http()
      .post(`/api/atendimento/webhooks/email/${canal.id}`)
      .set('Content-Type', 'multipart/form-data; boundary=xYzZY')
      .send(multipart({ email: mail }).body);
    expect(semAssinatura.status).toBe(401);
    expect(await contar(t, 'atendimento_eventos_entrada')).toBe(antes);

    const primeira = await postarSendGrid(mime({ messageId: 'duplicada-0001@mail.customer.example' }));
    const segunda = await postarSendGrid(mime({ messageId: 'duplicada-0001@mail.customer.example' }));
    expect([primeira.body, segunda.body]).toEqual([
      { recebido: true, eventos: 1, novos: 1 },
      { recebido: true, eventos: 1, novos: 0 },
    ]);
    await aguardarEventosProcessados(t, 60_000);
    expect(await contar(t, 'atendimento_mensagens', 'external_id = $1', ['duplicada-0001@mail.customer.example'])).toBe(1);
  });

  it('auto-replies and bulk mail open no ticket; a bounce marks our message falhou', async () => {
    const tickets = await contar(t, 'atendimento_tickets');
    for (const [i, cabecalho] of ['Auto-Submitted: auto-replied', 'Precedence: bulk'].entries()) {
      const resposta = await postarSendGrid(mime({ messageId: `auto-${i}@mail.customer.example`, headers: [cabecalho], from: 'ferias@customer.example' }));
      expect(resposta.body).toEqual({ recebido: true, eventos: 0, novos: 0 });
    }

    const ticketId = await clienteEscreve({ messageId: 'devolver-0001@mail.customer.example', from: 'sumiu@customer.example' });
    smtp.rejectRecipients.clear();
    const enviada = await agenteResponde(ticketId, 'Resposta que vai voltar.');
    const dsn = [
      'From: Mail Delivery Subsystem <mailer-daemon@mx.customer.example>',
      'To: suporte@acme.example',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn-0001@mx.customer.example>',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.customer.example',
      '',
      'Final-Recipient: rfc822; sumiu@customer.example',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      'From: suporte@acme.example',
      `Message-ID: <${enviada.externalId}>`,
      '--b1--',
      '',
    ].join('\r\n');
    expect((await postarSendGrid(dsn)).status).toBe(200);
    const falhou = await aguardarStatusDaMensagem(t, enviada.id, 'falhou', 60_000);
    expect(falhou.erro_codigo).toBe('5.1.1');
    expect(await contar(t, 'atendimento_tickets')).toBe(tickets + 1);
  });

  it('SES through SNS: signed notifications are stored and threaded; forged ones are 401; subscriptions are confirmed', async () => {
    const notificacao = FakeSns.notificacaoSes(mime({ messageId: 'ses-0001@mail.customer.example', subject: 'Via SES' }), {
      messageId: 'aaaaaaaa-0000-4000-8000-000000000001',
    });
    const postar = (corpo: unknown, tipo = 'Notification') =>
      t
        .http()
        .post(`/api/atendimento/webhooks/email/${canalSes.id}`)
        .set('Content-Type', 'text/plain; charset=UTF-8')
        .set('x-amz-sns-message-type', tipo)
        .send(JSON.stringify(corpo));
    const ok = await postar(notificacao);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toEqual({ recebido: true, eventos: 1, novos: 1 });
    await aguardarEventosProcessados(t, 60_000);
    const ticketId = await ticketDa('ses-0001@mail.customer.example');
    const [ticket] = await sql<{ canal_id: string }>(t, 'SELECT canal_id FROM atendimento_tickets WHERE id = $1', [ticketId]);
    expect(ticket.canal_id).toBe(canalSes.id);

    const antes = await contar(t, 'atendimento_eventos_entrada');
    expect((await postar({ ...notificacao, Message: notificacao.Message.replace('Via SES', 'Forjado') })).status).toBe(401);
    const outroTopico = FakeSns.notificacaoSes(mime({ messageId: 'ses-0002@mail.customer.example' }), {
      messageId: 'aaaaaaaa-0000-4000-8000-000000000002',
      topicArn: 'arn:aws:sns:us-east-1:123456789012:outro',
    });
    expect((await postar(outroTopico)).status).toBe(401);
    expect(await contar(t, 'atendimento_eventos_entrada')).toBe(antes);

    const confirmacao = await postar(FakeSns.fixture('sns-subscription-confirmation.json'), 'SubscriptionConfirmation');
    expect(confirmacao.body).toEqual({ recebido: true, eventos: 0, novos: 0 });
    expect(sns.requests.some((r) => r.path.startsWith('/?Action=ConfirmSubscription'))).toBe(true);
  });

  it('IMAP polling: from the UID after a durable cursor, as jobs; history and auto-replies are not imported', async () => {
    imap.entregar(mime({ messageId: 'historico-0001@mail.customer.example', subject: 'Antigo' }));
    const canalImap = await criarCanal(
      { fromAddress: 'caixa@acme.example', ...smtp.credentials(), entrada: 'imap', ...imap.credentials() },
      'E-mail IMAP',
    );
    const [{ empresa_id: empresaId }] = await sql<{ empresa_id: string }>(t, 'SELECT empresa_id FROM atendimento_canais WHERE id = $1', [
      canalImap.id,
    ]);
    const poller = t.app.get(EmailImapPoller);
    const sondar = () => poller.executar({ empresaId, canalId: canalImap.id });
    const cursor = async () =>
      (await sql<{ uid_validity: string; ultimo_uid: string }>(t, 'SELECT uid_validity::text, ultimo_uid::text FROM atendimento_email_cursores WHERE canal_id = $1', [canalImap.id]))[0];

    await sondar();
    expect(await cursor()).toEqual({ uid_validity: String(imap.uidValidity), ultimo_uid: '1' });

    imap.entregar(mime({ messageId: 'imap-0002@mail.customer.example', subject: 'Pelo IMAP', from: 'Joana <joana@cliente.example>' }));
    imap.entregar(mime({ messageId: 'imap-0003@mail.customer.example', headers: ['Auto-Submitted: auto-replied'], from: 'joana@cliente.example' }));
    await sondar();
    await aguardarEventosProcessados(t, 60_000);
    const ticketId = await ticketDa('imap-0002@mail.customer.example');
    const [ticket] = await sql<{ canal_id: string; assunto: string }>(t, 'SELECT canal_id, assunto FROM atendimento_tickets WHERE id = $1', [ticketId]);
    expect(ticket).toEqual({ canal_id: canalImap.id, assunto: 'Pelo IMAP' });
    expect(await contar(t, 'atendimento_eventos_entrada', 'canal_id = $1', [canalImap.id])).toBe(1);
    expect(await cursor()).toEqual({ uid_validity: String(imap.uidValidity), ultimo_uid: '3' });
    expect(imap.comandos).toContain('EXAMINE');

    // Nothing new: the cursor holds; nothing is fetched twice.
    await sondar();
    expect(await contar(t, 'atendimento_eventos_entrada', 'canal_id = $1', [canalImap.id])).toBe(1);

    // A recreated mailbox (new UIDVALIDITY) resynchronizes instead of importing everything again.
    imap.uidValidity += 1;
    await sondar();
    expect(await cursor()).toEqual({ uid_validity: String(imap.uidValidity), ultimo_uid: '3' });
    expect(await contar(t, 'atendimento_eventos_entrada', 'canal_id = $1', [canalImap.id])).toBe(1);

    // The sweep queues a poll of the canal through the job queue.
    imap.entregar(mime({ messageId: 'imap-0004@mail.customer.example', subject: 'Pela varredura', from: 'joana@cliente.example' }));
    await poller.executar({});
    await aguardar('mensagem da varredura', async () => (await contar(t, 'atendimento_mensagens', 'external_id = $1', ['imap-0004@mail.customer.example'])) === 1, {
      timeoutMs: 30_000,
    });

    // Wrong credentials fail the job (the queue retries it); the cursor does not move.
    const errado = await t
      .http()
      .patch(`/api/atendimento/canais/${canalImap.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ configuracao: { imapPassword: 'errada' } });
    expect(errado.status, JSON.stringify(errado.body)).toBe(200);
    await expect(sondar()).rejects.toThrow();
    expect((await cursor()).ultimo_uid).toBe('4');
  });

  it('the canal belongs to its empresa: another empresa gets 404; an unknown canal id is 404 on the webhook', async () => {
    await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra-email.test', 'senha-outra-123');
    const outro = await t.login('admin@outra-email.test', 'senha-outra-123');
    expect((await t.http().get(`/api/atendimento/canais/${canal.id}`).set('Authorization', `Bearer ${outro}`)).status).toBe(404);
    const resposta = await postarSendGrid(mime({ messageId: 'perdido@x' }), { canalId: '00000000-0000-4000-8000-000000000000' });
    expect(resposta.status).toBe(404);
    await aguardar('nada gravado', async () => (await contar(t, 'atendimento_mensagens', 'external_id = $1', ['perdido@x'])) === 0);
  });
});
