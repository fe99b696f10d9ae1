import { Injectable } from '@nestjs/common';
import type { PoliticaDeEnvio } from '../atendimento/mensagens/politica-de-envio.js';
import type { Ticket } from '../atendimento/tickets/ticket.entity.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { Canal, CanalTipo } from './canal.entity.js';
import { CanalErro, CanalException } from './canal.exception.js';
import { CanalRepository } from './canal.repository.js';
import type { AnyChannelAdapter, MediaKind } from './channel-adapter.js';
import { ChannelAdapterRegistry } from './channel-adapter.registry.js';

const ROTULO: Readonly<Record<CanalTipo, string>> = {
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  email: 'e-mail',
  messenger: 'Messenger',
  instagram: 'Instagram',
  sms: 'SMS',
  webchat: 'webchat',
};

const MIDIAS: readonly string[] = ['imagem', 'audio', 'video', 'documento', 'sticker'] satisfies readonly MediaKind[];

const HORA_MS = 3_600_000;

/**
 * The outbound policy (port `POLITICA_DE_ENVIO` of the mensagens module), checked before a non-private
 * mensagem is stored: the ticket's canal must be active, able to send that kind of content, and — where the
 * provider has a reply window (WhatsApp 24 h) — free-form content needs a customer message inside it;
 * outside it only an approved provider template goes. Each refusal is a 422 saying what to do.
 */
@Injectable()
export class PoliticaDeEnvioCanal implements PoliticaDeEnvio {
  constructor(
    private readonly tx: TransactionHost,
    private readonly canais: CanalRepository,
    private readonly registry: ChannelAdapterRegistry,
  ) {}

  async verificar(input: { ticket: Ticket; tipo: string; templateNome?: string | null }): Promise<void> {
    const { ticket, tipo } = input;
    const templateNome = input.templateNome?.trim() || null;
    await this.tx.run(async () => {
      const canal = ticket.canalId ? await this.canais.findById(ticket.canalId) : null;
      if (canal === null) {
        throw new CanalException(
          CanalErro.INATIVO,
          'Este ticket não tem um canal para responder ao cliente: registre uma nota interna ou abra um ticket num canal ativo.',
          { ticketId: ticket.id },
        );
      }
      if (canal.removidoEm !== null || !canal.ativo) {
        throw new CanalException(
          CanalErro.INATIVO,
          `O canal "${canal.nome}" deste ticket está ${canal.removidoEm !== null ? 'removido' : 'desativado'}: ` +
            'reative-o em Canais (PATCH { "ativo": true }) ou responda por outro canal.',
          { canalId: canal.id, ticketId: ticket.id },
        );
      }
      const adapter = this.adapterDe(canal);
      if (tipo === 'template' && templateNome !== null) {
        await this.verificarTemplate(canal, adapter, templateNome);
        return;
      }
      this.verificarTipo(canal, adapter, tipo);
      this.verificarJanela(canal, adapter, ticket);
    });
  }

  private adapterDe(canal: Canal): AnyChannelAdapter {
    if (!this.registry.has(canal.tipo, canal.provedor)) {
      throw new CanalException(
        CanalErro.CONTEUDO_NAO_SUPORTADO,
        `Canais do tipo ${ROTULO[canal.tipo]} ainda não enviam mensagens nesta instalação.`,
        { canalId: canal.id, tipo: canal.tipo },
      );
    }
    return this.registry.get(canal.tipo, canal.provedor);
  }

  /** Provider templates go even outside the reply window, once approved for this canal. */
  private async verificarTemplate(canal: Canal, adapter: AnyChannelAdapter, nome: string): Promise<void> {
    if (!adapter.capabilities.templates) {
      throw new CanalException(
        CanalErro.CONTEUDO_NAO_SUPORTADO,
        `O ${ROTULO[canal.tipo]} não usa templates do provedor: envie o texto do template como mensagem comum.`,
        { canalId: canal.id, tipo: 'template' },
      );
    }
    if (!(await this.canais.existeTemplateAprovado(canal.id, nome))) {
      throw new CanalException(
        CanalErro.TEMPLATE_NAO_APROVADO,
        `O template "${nome}" não está aprovado para o canal "${canal.nome}": ` +
          'sincronize os templates (POST /api/atendimento/canais/:id/sincronizar) e use um com status aprovado.',
        { canalId: canal.id, template: nome },
      );
    }
  }

  private verificarTipo(canal: Canal, adapter: AnyChannelAdapter, tipo: string): void {
    const capacidades = adapter.capabilities;
    // `template` without a provider name is a local template rendered as text.
    const permitido =
      tipo === 'texto' ||
      tipo === 'template' ||
      tipo === 'localizacao' ||
      (tipo === 'reacao' && capacidades.reactions) ||
      (MIDIAS.includes(tipo) && (capacidades.mediaKinds as readonly string[]).includes(tipo));
    if (!permitido) {
      throw new CanalException(
        CanalErro.CONTEUDO_NAO_SUPORTADO,
        MIDIAS.includes(tipo) || tipo === 'reacao'
          ? `O canal "${canal.nome}" (${ROTULO[canal.tipo]}) não envia ${tipo === 'reacao' ? 'reações' : `mídia do tipo ${tipo}`}.`
          : `Mensagens do tipo "${tipo}" não podem ser enviadas ao cliente: envie texto, mídia ou um template.`,
        { canalId: canal.id, tipo },
      );
    }
  }

  private verificarJanela(canal: Canal, adapter: AnyChannelAdapter, ticket: Ticket): void {
    const janela = adapter.capabilities.replyWindowMs;
    if (janela === null) return;
    const ultima = ticket.ultimaMensagemClienteEm === null ? null : new Date(ticket.ultimaMensagemClienteEm);
    if (ultima !== null && Date.now() - ultima.getTime() <= janela) return;
    const horas = Math.round(janela / HORA_MS);
    // Messenger/Instagram: an agent's reply (this route is only used by agents) may still go with the
    // HUMAN_AGENT tag for a while after the window; the outbound worker tags it.
    const janelaHumana = adapter.capabilities.humanAgentWindowMs;
    if (janelaHumana !== null && ultima !== null) {
      if (Date.now() - ultima.getTime() <= janelaHumana) return;
      const dias = Math.round(janelaHumana / (24 * HORA_MS));
      throw new CanalException(
        CanalErro.JANELA_FECHADA,
        `A janela de ${horas} horas do ${ROTULO[canal.tipo]} fechou, e a de ${dias} dias para respostas de atendente ` +
          '(tag HUMAN_AGENT) também: aguarde o cliente escrever de novo.',
        {
          canalId: canal.id,
          ticketId: ticket.id,
          janelaHoras: horas,
          janelaAtendenteDias: dias,
          ultimaMensagemClienteEm: ultima.toISOString(),
        },
      );
    }
    const oQueFazer = adapter.capabilities.templates ? 'envie um template aprovado' : 'aguarde o cliente escrever de novo';
    throw new CanalException(
      CanalErro.JANELA_FECHADA,
      ultima === null
        ? `O cliente ainda não escreveu neste canal, e no ${ROTULO[canal.tipo]} só se inicia conversa com template: ${oQueFazer}.`
        : `A janela de ${horas} horas do ${ROTULO[canal.tipo]} fechou: ${oQueFazer}.`,
      {
        canalId: canal.id,
        ticketId: ticket.id,
        janelaHoras: horas,
        ultimaMensagemClienteEm: ultima?.toISOString() ?? null,
      },
    );
  }
}
