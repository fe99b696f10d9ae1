import { expect } from 'vitest';
import {
  aguardar,
  aguardarEventosProcessados,
  agoraEmSegundos,
  type Json,
  postarWebhookWhatsApp,
  sql,
  webhookDeTexto,
} from '../../canais/inbound-helpers.js';
import type { TestApp } from '../../support/test-app.js';

/** Shared by the workflow and CSAT tests: a WhatsApp customer writing or tapping, and what we sent back. */

/** A WhatsApp webhook with the customer's tap on one of our reply buttons or list rows. */
export function webhookInterativo(opcoes: {
  wamid: string;
  de: string;
  id: string;
  titulo: string;
  tipo?: 'button_reply' | 'list_reply';
}): Json {
  const tipo = opcoes.tipo ?? 'button_reply';
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: 'Cliente' }, wa_id: opcoes.de }],
              messages: [
                {
                  from: opcoes.de,
                  id: opcoes.wamid,
                  timestamp: String(agoraEmSegundos()),
                  type: 'interactive',
                  interactive: { type: tipo, [tipo]: { id: opcoes.id, title: opcoes.titulo } },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

let sequencia = 0;

/** The customer writes (text) or taps (`interativo`); resolves with the ticket once the inbound event settled. */
export async function clienteEnvia(
  t: TestApp,
  waId: string,
  conteudo: string | { id: string; titulo: string; tipo?: 'button_reply' | 'list_reply' },
): Promise<string> {
  sequencia += 1;
  const wamid = `wamid.TESTE-${Date.now()}-${sequencia}`;
  const corpo =
    typeof conteudo === 'string'
      ? webhookDeTexto({ wamid, de: waId, texto: conteudo, nome: `Cliente ${waId}` })
      : webhookInterativo({ wamid, de: waId, ...conteudo });
  const resposta = await postarWebhookWhatsApp(t, corpo);
  expect(resposta.status).toBe(200);
  await aguardarEventosProcessados(t);
  return aguardar(`ticket de ${wamid}`, async () => {
    const [linha] = await sql<{ ticket_id: string }>(t, 'SELECT ticket_id FROM atendimento_mensagens WHERE external_id = $1', [wamid]);
    return linha?.ticket_id;
  });
}

export interface Enviada {
  conteudo: string | null;
  tipo: string;
  bot: boolean;
  privada: boolean;
  payload: Json;
}

/** What we wrote on the ticket (customer-facing and notes), oldest first, once at least `quantas` exist. */
export function enviadas(t: TestApp, ticketId: string, quantas: number): Promise<Enviada[]> {
  return aguardar(
    `${quantas} mensagem(ns) enviada(s) no ticket`,
    async () => {
      const linhas = await sql<Enviada>(
        t,
        `SELECT conteudo, tipo, bot, privada, payload FROM atendimento_mensagens
          WHERE ticket_id = $1 AND direcao = 'enviada' ORDER BY criado_em, id`,
        [ticketId],
      );
      return linhas.length >= quantas ? linhas : null;
    },
    { timeoutMs: 30_000 },
  );
}

/** The provider requests the fake Graph API received for this customer, in order. */
export function enviadasAoWhatsApp(mensagens: Record<string, unknown>[], waId: string): Record<string, unknown>[] {
  return mensagens.filter((m) => m.to === waId);
}
