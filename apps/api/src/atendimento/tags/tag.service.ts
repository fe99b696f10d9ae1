import { Injectable } from '@nestjs/common';
import type { AtualizarTag, ContatoTagsDto, CriarTag, ListarTagsQuery, TagDto, TagPagina, TicketTagsDto } from '@atende/shared';
import { codificarCursor, lerCursor } from '../../common/keyset-cursor.js';
import type { Papel } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EventosDominio } from '../../eventos/eventos-dominio.js';
import { ContatoRepository } from '../contatos/contato.repository.js';
import type { TicketEventoAtor } from '../tickets/ticket-evento.entity.js';
import { usuarioRestrito } from '../tickets/ticket-visibilidade.js';
import type { Tag } from './tag.entity.js';
import { TagException } from './tag.exception.js';
import { type TicketAlvo, TagLigacaoRepository } from './tag-ligacao.repository.js';
import { toTagDto } from './tag.mapper.js';
import { TagRepository } from './tag.repository.js';

/** Who changes a tag link: a usuario (the request's ator fits), or an automation/the system with `usuarioId: null`. */
export interface AutorTag {
  usuarioId: string | null;
  /** The ticket event's `ator`; defaults to 'usuario' with a usuarioId, else 'sistema'. */
  ator?: TicketEventoAtor;
  /** An atendente tags only the tickets it may see (404 otherwise, as on every ticket route). */
  papel?: Papel;
}

function decodificarCursor(cursor: string): string {
  const chave = lerCursor<[string]>(cursor, ['string']);
  if (chave === null) throw TagException.cursorInvalido();
  return chave[0];
}

@Injectable()
export class TagService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly tags: TagRepository,
    private readonly ligacoes: TagLigacaoRepository,
    private readonly contatos: ContatoRepository,
    private readonly eventos: EventosDominio,
  ) {}

  async listar(query: ListarTagsQuery): Promise<TagPagina> {
    const aposChave = query.cursor ? decodificarCursor(query.cursor) : undefined;
    return this.tx.run(async () => {
      const pagina = await this.tags.listar({ q: query.q, aposChave, limite: query.limite });
      return {
        items: pagina.tags.map(toTagDto),
        nextCursor: pagina.temMais && pagina.ultimaChave !== null ? codificarCursor([pagina.ultimaChave]) : null,
      };
    });
  }

  async buscar(id: string): Promise<TagDto> {
    return this.tx.run(async () => toTagDto(await this.encontrar(id)));
  }

  async criar(dto: CriarTag): Promise<TagDto> {
    return this.tx.run(async () => {
      const existente = await this.tags.findPorNome(dto.nome);
      if (existente) throw TagException.nomeEmUso(existente.nome, existente.id);
      const tag = await this.tags.create({ nome: dto.nome, cor: dto.cor ?? '#64748b', descricao: dto.descricao ?? null });
      return toTagDto(tag);
    });
  }

  async atualizar(id: string, dto: AtualizarTag): Promise<TagDto> {
    return this.tx.run(async () => {
      const tag = await this.encontrar(id);
      if (dto.nome !== undefined) {
        const existente = await this.tags.findPorNome(dto.nome, tag.id);
        if (existente) throw TagException.nomeEmUso(existente.nome, existente.id);
        tag.nome = dto.nome;
      }
      if (dto.cor !== undefined) tag.cor = dto.cor;
      if (dto.descricao !== undefined) tag.descricao = dto.descricao;
      return toTagDto(await this.tags.save(tag));
    });
  }

  /** Deleting a tag takes it off every ticket, each with a `tag_removida` event, and off every contato. */
  async remover(id: string, autor: AutorTag): Promise<void> {
    await this.tx.run(async () => {
      const tag = await this.encontrar(id);
      const tickets = await this.ligacoes.ticketsComTag(tag.id);
      await this.ligacoes.registrarEventos(
        tickets.map((ticket) => ticket.id),
        'tag_removida',
        tag,
        this.autorDoEvento(autor),
      );
      await this.tags.delete(tag.id);
      for (const ticket of tickets) this.publicarMudanca(ticket);
    });
  }

  /** Idempotent: a tag the ticket already has writes no event. */
  async adicionarAoTicket(ticketId: string, tagId: string, autor: AutorTag): Promise<TicketTagsDto> {
    return this.tx.run(async () => {
      const ticket = await this.encontrarTicket(ticketId, autor);
      const tag = await this.encontrar(tagId);
      if (await this.ligacoes.adicionarAoTicket(ticket.id, tag.id, autor.usuarioId)) {
        await this.ligacoes.registrarEventos([ticket.id], 'tag_adicionada', tag, this.autorDoEvento(autor));
        this.publicarMudanca(ticket);
      }
      return { ticketId: ticket.id, tags: (await this.ligacoes.listarTagsDoTicket(ticket.id)).map(toTagDto) };
    });
  }

  /** Idempotent: removing a tag the ticket does not have writes no event. */
  async removerDoTicket(ticketId: string, tagId: string, autor: AutorTag): Promise<void> {
    await this.tx.run(async () => {
      const ticket = await this.encontrarTicket(ticketId, autor);
      const tag = await this.encontrar(tagId);
      if (await this.ligacoes.removerDoTicket(ticket.id, tag.id)) {
        await this.ligacoes.registrarEventos([ticket.id], 'tag_removida', tag, this.autorDoEvento(autor));
        this.publicarMudanca(ticket);
      }
    });
  }

  async adicionarAoContato(contatoId: string, tagId: string, autor: AutorTag): Promise<ContatoTagsDto> {
    return this.tx.run(async () => {
      const contato = await this.contatos.findById(contatoId);
      if (!contato) throw TagException.contatoNaoEncontrado();
      if (contato.mescladoParaId) throw TagException.contatoMesclado(contato.mescladoParaId);
      const tag = await this.encontrar(tagId);
      await this.ligacoes.adicionarAoContato(contato.id, tag.id, autor.usuarioId);
      const tags = await this.contatos.listarTags([contato.id]);
      return { contatoId: contato.id, tags: (tags.get(contato.id) ?? []).map(toTagDto) };
    });
  }

  async removerDoContato(contatoId: string, tagId: string): Promise<void> {
    await this.tx.run(async () => {
      const contato = await this.contatos.findById(contatoId);
      if (!contato) throw TagException.contatoNaoEncontrado();
      const tag = await this.encontrar(tagId);
      await this.ligacoes.removerDoContato(contato.id, tag.id);
    });
  }

  private async encontrar(id: string): Promise<Tag> {
    const tag = await this.tags.findById(id);
    if (!tag) throw TagException.naoEncontrada();
    return tag;
  }

  private async encontrarTicket(id: string, autor: AutorTag): Promise<TicketAlvo> {
    const ticket = await this.ligacoes.findTicket(id, usuarioRestrito(autor));
    if (!ticket) throw TagException.ticketNaoEncontrado();
    return ticket;
  }

  private autorDoEvento(autor: AutorTag): { usuarioId: string | null; ator: TicketEventoAtor } {
    return { usuarioId: autor.usuarioId, ator: autor.ator ?? (autor.usuarioId ? 'usuario' : 'sistema') };
  }

  private publicarMudanca(ticket: TicketAlvo): void {
    this.eventos.publicar({
      tipo: 'ticket.atualizado',
      empresaId: ticket.empresaId,
      ticketId: ticket.id,
      filaId: ticket.filaId,
      atendenteId: ticket.atendenteId,
      mudancas: ['tags'],
    });
  }
}
