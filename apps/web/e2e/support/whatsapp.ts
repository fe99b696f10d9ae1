import { createHmac } from 'node:crypto';

/** WhatsApp Cloud API webhooks as Meta sends them, signed with the app secret (X-Hub-Signature-256). */

export interface WhatsAppIds {
  phoneNumberId: string;
  businessAccountId: string;
}

function envelope(ids: WhatsAppIds, value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: ids.businessAccountId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: ids.phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

const now = () => String(Math.floor(Date.now() / 1000));

export function textoRecebido(ids: WhatsAppIds, opcoes: { wamid: string; de: string; nome: string; texto: string }) {
  return envelope(ids, {
    contacts: [{ profile: { name: opcoes.nome }, wa_id: opcoes.de }],
    messages: [{ from: opcoes.de, id: opcoes.wamid, timestamp: now(), type: 'text', text: { body: opcoes.texto } }],
  });
}

export function statusDeEntrega(
  ids: WhatsAppIds,
  opcoes: { wamid: string; para: string; status: 'sent' | 'delivered' | 'read' | 'failed' },
) {
  return envelope(ids, {
    statuses: [{ id: opcoes.wamid, status: opcoes.status, timestamp: now(), recipient_id: opcoes.para }],
  });
}

/** POSTs a webhook signed as Meta signs it; resolves with the HTTP status. */
export async function postarWebhook(baseUrl: string, appSecret: string, corpo: Record<string, unknown>): Promise<number> {
  const bruto = JSON.stringify(corpo);
  const assinatura = `sha256=${createHmac('sha256', appSecret).update(bruto).digest('hex')}`;
  const response = await fetch(`${baseUrl}/api/atendimento/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': assinatura },
    body: bruto,
  });
  await response.text();
  return response.status;
}
