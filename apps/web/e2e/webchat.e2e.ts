import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CanalDto, MensagemDto, TicketPagina } from '@atende/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_SENHA, API_MAIN, type ApiProcess, REPO_ROOT, startApi } from './support/api-process.js';
import { launchChromium } from './support/browser.js';
import { Rest } from './support/rest.js';

/**
 * The WebChat widget end to end: a demo host page served locally (with a strict Content-Security-Policy: no
 * inline scripts or styles) loads `widget.js` from the built API; a visitor fills the pre-chat and writes; an
 * agent answers through the REST API and the reply appears in the widget; the conversation survives a reload.
 */

const ARTEFATOS = join(REPO_ROOT, 'apps/web/test-artifacts');
const WIDGET = join(REPO_ROOT, 'packages/widget/dist/widget.js');

for (const [oQue, caminho] of [
  ['API', API_MAIN],
  ['widget', WIDGET],
] as const) {
  if (!existsSync(caminho)) throw new Error(`Falta o build do ${oQue} (${caminho}): rode \`npm run build\` antes de \`npm run test:e2e -w apps/web\`.`);
}

async function esperar<T>(descricao: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const limite = Date.now() + timeoutMs;
  for (;;) {
    const valor = await fn();
    if (valor) return valor;
    if (Date.now() > limite) throw new Error(`tempo esgotado: ${descricao}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The page a customer would have: only the script tag, under a CSP that forbids inline scripts and styles. */
function paginaDemo(api: string, chave: string): string {
  const ws = api.replace(/^http/, 'ws');
  const csp = [`default-src 'self'`, `script-src ${api}`, `connect-src ${api} ${ws}`, `style-src 'self'`, `img-src 'self' data:`].join('; ');
  return `<!doctype html>
<html lang="pt-BR">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <title>Loja Demo</title>
  </head>
  <body>
    <h1>Loja Demo</h1>
    <p>Uma página qualquer com o snippet do Atende.</p>
    <script src="${api}/api/atendimento/webchat/widget.js" data-atende-key="${chave}" data-lang="pt-BR" async></script>
  </body>
</html>`;
}

describe('WebChat widget (e2e, Chromium)', () => {
  let api: ApiProcess;
  let admin: Rest;
  let demo: Server;
  let demoUrl: string;
  let browser: Browser;
  let page: Page;
  const errosDaPagina: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTEFATOS, { recursive: true });
    demo = createServer();
    await new Promise<void>((resolve) => demo.listen(0, '127.0.0.1', resolve));
    demoUrl = `http://127.0.0.1:${(demo.address() as AddressInfo).port}`;

    api = await startApi();
    admin = await Rest.login(api.baseUrl, ADMIN_EMAIL, ADMIN_SENHA);
    const canal = await admin.post<CanalDto>('/api/atendimento/canais', {
      tipo: 'webchat',
      nome: 'Site da Loja',
      configuracao: { origensPermitidas: [demoUrl], titulo: 'Fale com a Loja', saudacao: 'Olá! Como podemos ajudar?' },
    });
    const chave = String(canal.configuracao.chavePublica);
    const html = paginaDemo(api.baseUrl, chave);
    demo.on('request', (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(html);
    });

    browser = await launchChromium();
    const contexto = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pt-BR' });
    page = await contexto.newPage();
    page.on('pageerror', (erro) => errosDaPagina.push(erro.message));
    page.on('console', (mensagem) => {
      if (mensagem.type() === 'error') errosDaPagina.push(mensagem.text());
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await new Promise<void>((resolve) => (demo ? demo.close(() => resolve()) : resolve()));
  });

  it('a visitor chats from the demo page and sees the agent reply arrive, with read ticks and history after a reload', async () => {
    try {
      await page.goto(demoUrl);
      const bolha = page.locator('[data-atende-webchat] .bolha');
      await bolha.click();
      await expect.poll(() => page.locator('[data-atende-webchat] .topo h2').textContent()).toBe('Fale com a Loja');
      await page.locator('[data-atende-webchat] input[name="nome"]').fill('Rafaela Gomes');
      await page.locator('[data-atende-webchat] input[name="email"]').fill('rafaela@cliente.test');
      await page.screenshot({ path: join(ARTEFATOS, 'webchat-1-prechat.png') });
      await page.getByRole('button', { name: 'Iniciar conversa' }).click();

      const caixa = page.locator('[data-atende-webchat] textarea');
      await caixa.fill('Oi! Meu pedido 123 não chegou.');
      await caixa.press('Enter');
      const minha = page.locator('[data-atende-webchat] .msg.visitante', { hasText: 'Meu pedido 123' });
      await expect.poll(() => minha.getAttribute('data-status')).toBe('recebida');

      const ticket = await esperar('o ticket do WebChat', async () => {
        const pagina = await admin.get<TicketPagina>('/api/atendimento/tickets');
        return pagina.items[0];
      });
      const resposta = await admin.post<MensagemDto>(`/api/atendimento/tickets/${ticket.id}/mensagens`, {
        conteudo: 'Olá Rafaela! Vou verificar o pedido 123 agora.',
      });
      const recebida = page.locator('[data-atende-webchat] .msg.atendente', { hasText: 'Vou verificar o pedido 123' });
      await recebida.waitFor({ timeout: 20_000 });
      await esperar('a resposta marcada como entregue/lida pelo widget', async () => {
        const mensagens = await admin.get<{ items: MensagemDto[] }>(`/api/atendimento/tickets/${ticket.id}/mensagens`);
        const status = mensagens.items.find((m) => m.id === resposta.id)?.status;
        return status === 'entregue' || status === 'lida';
      });

      await admin.post(`/api/atendimento/tickets/${ticket.id}/ler`);
      await expect.poll(() => minha.getAttribute('data-status'), { timeout: 15_000 }).toBe('lida');
      await page.screenshot({ path: join(ARTEFATOS, 'webchat-2-conversa.png') });

      await page.reload();
      await page.locator('[data-atende-webchat] .bolha').click();
      await page.locator('[data-atende-webchat] .msg.atendente', { hasText: 'Vou verificar o pedido 123' }).waitFor({ timeout: 20_000 });
      await expect(page.locator('[data-atende-webchat] .msg.visitante', { hasText: 'Meu pedido 123' }).count()).resolves.toBe(1);
      expect(errosDaPagina.filter((erro) => /Content Security Policy|Refused/i.test(erro))).toEqual([]);
    } catch (error) {
      await page.screenshot({ path: join(ARTEFATOS, 'webchat-falha.png') }).catch(() => undefined);
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nerros da página: ${errosDaPagina.join(' | ')}\nAPI:\n${api.output()}`, {
        cause: error,
      });
    }
  });
});
