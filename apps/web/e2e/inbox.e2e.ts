import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FilaDto, MensagemPagina, TicketPagina } from '@atende/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGraphApi } from '../../api/test/support/fake-graph-api.js';
import { ADMIN_EMAIL, ADMIN_SENHA, API_MAIN, type ApiProcess, REPO_ROOT, startApi } from './support/api-process.js';
import { launchChromium } from './support/browser.js';
import { type Cenario, semearCenario } from './support/seed.js';
import { postarWebhook, statusDeEntrega, textoRecebido } from './support/whatsapp.js';

/**
 * The agent workspace end to end: the built app in headless Chromium, the built API on a fresh embedded
 * database, and a fake WhatsApp Cloud (Graph) API. Screens are saved to apps/web/test-artifacts/.
 */

const ARTEFATOS = join(REPO_ROOT, 'apps/web/test-artifacts');
const CLIENTE = { waId: '5511987654321', nome: 'Rafaela Gomes' };
const APP_SECRET = 'e2e-app-secret';

for (const [oQue, caminho] of [
  ['API', API_MAIN],
  ['app web', join(REPO_ROOT, 'apps/web/dist/index.html')],
] as const) {
  if (!existsSync(caminho)) throw new Error(`Falta o build do ${oQue} (${caminho}): rode \`npm run build\` antes de \`npm run test:e2e -w apps/web\`.`);
}

async function login(browser: Browser, baseUrl: string, email: string, senha: string, captura?: string): Promise<{ contexto: BrowserContext; page: Page }> {
  const contexto = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, locale: 'pt-BR' });
  const page = await contexto.newPage();
  page.on('pageerror', (erro) => console.error(`[${email}] erro na página:`, erro.message));
  await page.goto('/atendimento');
  await page.waitForURL('**/login');
  await page.getByRole('textbox', { name: /E-mail/ }).fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(senha);
  if (captura) await page.screenshot({ path: join(ARTEFATOS, captura) });
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL('**/atendimento');
  await page.getByRole('tablist', { name: 'Listas de tickets' }).waitFor();
  return { contexto, page };
}

/**
 * The first webhook after boot pays for cold code paths (about 1.2 s on a 2-core VM, measured server-side), the
 * following ones take tens of milliseconds. Warm the inbound pipeline with one conversation on a second number
 * routed to a fila no test agent serves, so step 2 measures the steady state and its list stays clean.
 */
async function aquecerPipeline(baseUrl: string, cenario: Cenario): Promise<void> {
  const triagem = await cenario.admin.post<FilaDto>('/api/atendimento/filas', { nome: 'Triagem', cor: '#868e96', estrategia: 'manual' });
  const aquecimento = { phoneNumberId: '109999000111', businessAccountId: '109999000222' };
  await cenario.admin.post('/api/atendimento/canais', {
    tipo: 'whatsapp',
    nome: 'WhatsApp Aquecimento',
    configuracao: { ...aquecimento, accessToken: 'EAAG-aquecimento', appSecret: APP_SECRET, verifyToken: 'aquecimento' },
    filaPadraoId: triagem.id,
  });
  const status = await postarWebhook(baseUrl, APP_SECRET, textoRecebido(aquecimento, { wamid: 'wamid.e2e-aquecimento', de: '5511900000000', nome: 'Aquecimento', texto: 'oi' }));
  if (status !== 200) throw new Error(`webhook de aquecimento: ${status}`);
  await esperar('o ticket de aquecimento', async () => {
    const pagina = await cenario.admin.get<TicketPagina>(`/api/atendimento/tickets?filaId=${triagem.id}`);
    return pagina.items.length > 0;
  }, 30_000);
}

async function esperar<T>(descricao: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const limite = Date.now() + timeoutMs;
  for (;;) {
    const valor = await fn();
    if (valor) return valor;
    if (Date.now() > limite) throw new Error(`tempo esgotado: ${descricao}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('agent workspace (e2e, Chromium)', () => {
  let fake: FakeGraphApi;
  let api: ApiProcess;
  let cenario: Cenario;
  let browser: Browser;
  let ana: { contexto: BrowserContext; page: Page };
  let bruno: { contexto: BrowserContext; page: Page };
  let ticketId = '';
  const ids = () => ({ phoneNumberId: fake.phoneNumberId, businessAccountId: fake.businessAccountId });

  beforeAll(async () => {
    mkdirSync(ARTEFATOS, { recursive: true });
    fake = await FakeGraphApi.start();
    api = await startApi({ WHATSAPP_API_URL: fake.baseUrl });
    cenario = await semearCenario(api.baseUrl, { email: ADMIN_EMAIL, senha: ADMIN_SENHA }, fake.credentials({ appSecret: APP_SECRET }));
    await aquecerPipeline(api.baseUrl, cenario);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await fake?.close();
  });

  it('1. logs in', async () => {
    ana = await login(browser, api.baseUrl, cenario.ana.email, cenario.ana.senha, '01-login.png');
    await expect.poll(() => ana.page.getByRole('banner').getByText('Ana Lima').isVisible()).toBe(true);
    await ana.page.getByRole('tab', { name: 'Fila' }).click();
    await ana.page.getByText('A fila está vazia').waitFor();
    await ana.page.screenshot({ path: join(ARTEFATOS, '02-inbox-vazia.png') });
  });

  it('2. a signed WhatsApp webhook becomes a ticket in the list within a second, without reload', async () => {
    const page = ana.page;
    // Timed inside the page (same clock as this process): when the row is in the DOM, not when a poll sees it.
    await page.evaluate((nome) => {
      const marca = window as unknown as { semRecarregar: boolean; apareceuEm?: number };
      marca.semRecarregar = true;
      const observador = new MutationObserver(() => {
        const linhas = Array.from(document.querySelectorAll('a[href^="/atendimento/tickets/"]'));
        if (marca.apareceuEm === undefined && linhas.some((linha) => linha.textContent?.includes(nome))) {
          marca.apareceuEm = Date.now();
          observador.disconnect();
        }
      });
      observador.observe(document.body, { childList: true, subtree: true, characterData: true });
    }, CLIENTE.nome);

    const enviadoEm = Date.now();
    const status = await postarWebhook(
      api.baseUrl,
      APP_SECRET,
      textoRecebido(ids(), { wamid: 'wamid.e2e-cliente-1', de: CLIENTE.waId, nome: CLIENTE.nome, texto: 'Oi! Meu pedido 1042 ainda não chegou.' }),
    );
    expect(status).toBe(200);
    const item = page.getByRole('link', { name: new RegExp(CLIENTE.nome) });
    await item.waitFor({ timeout: 5_000 });
    const marca = await page.evaluate(() => {
      const { semRecarregar, apareceuEm } = window as unknown as { semRecarregar?: boolean; apareceuEm?: number };
      return { semRecarregar, apareceuEm };
    });
    const atraso = (marca.apareceuEm ?? Date.now()) - enviadoEm;

    // The 1 s target is the issue's; this run prints the figure. The bound below only catches a ticket that
    // arrived by polling or reload instead of the socket (timing targets are not asserted in tests).
    console.log(`webhook enviado → ticket na lista: ${atraso} ms (alvo: < 1000 ms)`);
    expect(atraso).toBeLessThan(5_000);
    expect(marca.semRecarregar).toBe(true);
    await expect.poll(() => item.textContent()).toContain('Meu pedido 1042');
    await page.screenshot({ path: join(ARTEFATOS, '03-ticket-chegou.png') });
  });

  it('3. opens it and answers with the /saudacao template; the Graph API receives the filled text', async () => {
    const page = ana.page;
    await page.getByRole('link', { name: new RegExp(CLIENTE.nome) }).click();
    await page.waitForURL('**/atendimento/tickets/**');
    ticketId = page.url().split('/').pop() ?? '';
    await page.getByText('Meu pedido 1042 ainda não chegou.').waitFor();

    const composer = page.getByRole('textbox', { name: 'Resposta ao cliente' });
    await composer.click();
    await composer.pressSequentially('/saudacao');
    await page.getByRole('option', { name: /\/saudacao/ }).waitFor();
    await page.screenshot({ path: join(ARTEFATOS, '04-busca-template.png') });
    await page.keyboard.press('Enter');

    const protocolo = page.getByRole('textbox', { name: 'Número do protocolo' });
    await protocolo.fill('A-1042');
    const previa = page.getByTestId('previa-template');
    await expect.poll(() => previa.textContent()).toBe('Olá Rafaela Gomes, aqui é Ana Lima. Seu protocolo é A-1042.');
    await page.screenshot({ path: join(ARTEFATOS, '05-template-preenchido.png') });
    await page.getByRole('button', { name: 'Enviar template' }).click();

    const enviado = await esperar('o envio à Graph API', async () =>
      fake.sentMessages().find((corpo) => corpo.type === 'text' && corpo.to === CLIENTE.waId),
    );
    expect(enviado.text).toEqual({ body: 'Olá Rafaela Gomes, aqui é Ana Lima. Seu protocolo é A-1042.', preview_url: false });
    const bolha = page.getByRole('article', { name: 'Mensagem enviada por Ana Lima' });
    await bolha.getByText('Seu protocolo é A-1042.').waitFor();
    await bolha.getByRole('img', { name: 'Enviada' }).waitFor();
  });

  it('4. a "read" status webhook turns the ticks blue', async () => {
    const page = ana.page;
    const mensagens = await cenario.admin.get<MensagemPagina>(`/api/atendimento/tickets/${ticketId}/mensagens`);
    const nossa = mensagens.items.find((m) => m.direcao === 'enviada' && m.externalId);
    expect(nossa?.externalId).toBeTruthy();

    for (const status of ['delivered', 'read'] as const) {
      expect(await postarWebhook(api.baseUrl, APP_SECRET, statusDeEntrega(ids(), { wamid: nossa!.externalId!, para: CLIENTE.waId, status }))).toBe(200);
    }

    const lida = page.getByRole('article', { name: 'Mensagem enviada por Ana Lima' }).getByRole('img', { name: 'Lida' });
    await lida.waitFor({ timeout: 10_000 });
    const cor = await lida.evaluate((svg) => getComputedStyle(svg).stroke);
    expect(cor).toBe('rgb(34, 139, 230)');
    await page.screenshot({ path: join(ARTEFATOS, '06-conversa-lida.png') });
  });

  it('5. transfers to another fila; a second agent sees it arrive', async () => {
    bruno = await login(browser, api.baseUrl, cenario.bruno.email, cenario.bruno.senha);
    await bruno.page.getByRole('tab', { name: 'Fila' }).click();
    await bruno.page.getByText('A fila está vazia').waitFor();

    const page = ana.page;
    await page.getByRole('button', { name: 'Transferir' }).click();
    const dialogo = page.getByRole('dialog', { name: /Transferir/ });
    await dialogo.getByRole('combobox', { name: 'Fila' }).click();
    await page.getByRole('option', { name: 'Financeiro' }).click();
    await dialogo.getByRole('textbox', { name: 'Motivo' }).fill('Cliente quer segunda via do boleto');
    await page.screenshot({ path: join(ARTEFATOS, '07-transferir.png') });
    await dialogo.getByRole('button', { name: 'Transferir' }).click();
    await dialogo.waitFor({ state: 'hidden' });

    const chegou = bruno.page.getByRole('link', { name: new RegExp(CLIENTE.nome) });
    await chegou.waitFor({ timeout: 5_000 });
    expect(await chegou.textContent()).toContain('Financeiro');
    await bruno.page.screenshot({ path: join(ARTEFATOS, '08-chegou-para-outro-atendente.png') });

    const doTicket = await cenario.admin.get<TicketPagina>(`/api/atendimento/tickets?filaId=${cenario.financeiro.id}&status=aberto`);
    expect(doTicket.items.map((t) => t.id)).toContain(ticketId);
  });

  it('6. resolves the ticket', async () => {
    const page = bruno.page;
    await page.getByRole('link', { name: new RegExp(CLIENTE.nome) }).click();
    await page.getByRole('button', { name: 'Atribuir a mim' }).click();
    await expect.poll(() => page.getByTestId('status-ticket').textContent()).toBe('Em atendimento');
    await page.getByRole('button', { name: 'Resolver' }).click();
    await expect.poll(() => page.getByTestId('status-ticket').textContent()).toBe('Resolvido');
    await page.getByRole('button', { name: 'Reabrir' }).waitFor();
    await page.screenshot({ path: join(ARTEFATOS, '09-resolvido.png') });

    const ticket = await cenario.admin.get<{ status: string; atendente: { nome: string } | null }>(`/api/atendimento/tickets/${ticketId}`);
    expect(ticket).toMatchObject({ status: 'resolvido', atendente: { nome: 'Bruno Costa' } });
  });

  it('captures the main screens: dark mode, phone width, settings', async () => {
    const page = bruno.page;
    await page.getByRole('button', { name: 'Ativar modo escuro' }).click();
    await page.getByRole('tab', { name: 'Resolvidos' }).click();
    await page.getByRole('link', { name: new RegExp(CLIENTE.nome) }).waitFor();
    await page.screenshot({ path: join(ARTEFATOS, '10-modo-escuro.png') });

    const admin = await login(browser, api.baseUrl, ADMIN_EMAIL, ADMIN_SENHA);
    await admin.page.goto('/atendimento/configuracoes/canais');
    await admin.page.getByRole('button', { name: 'Configurar WhatsApp Vendas' }).click();
    await admin.page.getByTestId('webhook-url').waitFor();
    expect(await admin.page.getByTestId('webhook-url').inputValue()).toBe(`${api.baseUrl}/api/atendimento/webhooks/whatsapp`);
    await admin.page.getByRole('button', { name: 'Testar' }).click();
    await admin.page.getByText('Credenciais válidas').waitFor();
    await admin.page.screenshot({ path: join(ARTEFATOS, '11-canal-whatsapp.png') });
    await admin.page.goto('/atendimento/configuracoes/templates');
    await admin.page.getByRole('button', { name: 'Editar o template Saudação' }).click();
    await admin.page.getByTestId('previa-template-config').waitFor();
    await admin.page.screenshot({ path: join(ARTEFATOS, '12-template.png') });

    const celular = await browser.newContext({ baseURL: api.baseUrl, viewport: { width: 390, height: 844 }, storageState: await ana.contexto.storageState() });
    const tela = await celular.newPage();
    await tela.goto('/atendimento');
    await tela.getByRole('tablist', { name: 'Listas de tickets' }).waitFor();
    await tela.screenshot({ path: join(ARTEFATOS, '13-celular-lista.png') });
    await celular.close();
    await admin.contexto.close();
  });
});
