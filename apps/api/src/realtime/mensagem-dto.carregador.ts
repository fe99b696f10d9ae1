import { Injectable } from '@nestjs/common';
import type { MensagemDto } from '@atende/shared';
import { toMensagemDto } from '../atendimento/mensagens/mensagem-dto.js';
import { MensagemRepository } from '../atendimento/mensagens/mensagem.repository.js';

/**
 * Mensagens as the REST API returns them, by id, with the mensagens module's own row query (one statement per
 * mensagem, anexos and quote included) and mapper: MensagemService keeps its DTO loading private. Runs in the
 * caller's transaction and empresa context.
 */
@Injectable()
export class MensagemDtoCarregador {
  constructor(private readonly mensagens: MensagemRepository) {}

  /** In the order of `ids`; ids that no longer exist are skipped. */
  async carregar(ids: readonly string[]): Promise<MensagemDto[]> {
    const dtos: MensagemDto[] = [];
    for (const id of ids) {
      const linha = await this.mensagens.buscarLinha(id);
      if (linha) dtos.push(toMensagemDto(linha));
    }
    return dtos;
  }
}
