import { Injectable } from '@nestjs/common';
import type {
  AtualizarContato,
  ContatoDetalheDto,
  ContatoDto,
  ContatoIdentidadeDto,
  ContatoPagina,
  CriarContato,
  ListarContatosQuery,
  MesclarContato,
} from '@atende/shared';
import type { CanalTipo } from '../../canais/channel-adapter.js';
import { codificarCursor, lerCursor } from '../../common/keyset-cursor.js';
import type { Ator } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EventosDominio } from '../../eventos/eventos-dominio.js';
import type { Tag } from '../tags/tag.entity.js';
import { toTagDto } from '../tags/tag.mapper.js';
import type { ContatoIdentidade } from './contato-identidade.entity.js';
import { type ChaveIdentidade, ContatoIdentidadeRepository } from './contato-identidade.repository.js';
import type { Contato } from './contato.entity.js';
import { ContatoException } from './contato.exception.js';
import { ContatoRepository } from './contato.repository.js';
import { ehTipoIdentidade, type IdentidadeCanal, identidadeDoCanal, normalizarEmail } from './identidade-canal.js';
import { normalizarTelefone, type TelefoneNormalizado } from './telefone.js';

/** Input of identity resolution, as the inbound pipeline knows the sender. */
export interface ResolverIdentidadeInput {
  tipo: CanalTipo;
  /** The sender's id on the channel (WhatsApp wa_id or BSUID, Telegram chat id, e-mail address, PSID…). */
  valor: string;
  nome?: string;
  telefone?: string;
  email?: string;
  /**
   * More ids of the same sender. Identity kinds (`whatsapp_bsuid`, `email`, `telefone`…) are stored and matched
   * like the main one; any other kind (`username`…) is kept in the main identity's `dados`.
   */
  extras?: { tipo: string; valor: string }[];
}

const MAX_SALTOS_MESCLAGEM = 10;

export function toContatoDto(contato: Contato, tags: Tag[]): ContatoDto {
  return {
    id: contato.id,
    nome: contato.nome,
    telefone: contato.telefone,
    email: contato.email,
    avatarUrl: contato.avatarUrl,
    campos: contato.campos,
    observacoes: contato.observacoes,
    bloqueado: contato.bloqueado,
    bloqueadoEm: contato.bloqueadoEm?.toISOString() ?? null,
    mescladoParaId: contato.mescladoParaId,
    mescladoEm: contato.mescladoEm?.toISOString() ?? null,
    tags: tags.map(toTagDto),
    criadoEm: contato.criadoEm.toISOString(),
    atualizadoEm: contato.atualizadoEm.toISOString(),
  };
}

export function toContatoIdentidadeDto(identidade: ContatoIdentidade): ContatoIdentidadeDto {
  return {
    id: identidade.id,
    tipo: identidade.tipo,
    valor: identidade.valor,
    canalId: identidade.canalId,
    nomeExibicao: identidade.nomeExibicao,
    dados: identidade.dados,
    bloqueadoPeloContatoEm: identidade.bloqueadoPeloContatoEm?.toISOString() ?? null,
    ultimaMensagemEm: identidade.ultimaMensagemEm?.toISOString() ?? null,
    criadoEm: identidade.criadoEm.toISOString(),
  };
}

function decodificarCursor(cursor: string): { criadoEm: string; id: string } {
  const chave = lerCursor<[string, string]>(cursor, ['timestamp', 'uuid']);
  if (chave === null) throw ContatoException.cursorInvalido();
  return { criadoEm: chave[0], id: chave[1] };
}

@Injectable()
export class ContatoService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly contatos: ContatoRepository,
    private readonly identidades: ContatoIdentidadeRepository,
    private readonly eventos: EventosDominio,
  ) {}

  /**
   * Find-or-create by channel identity, inside the caller's transaction. One customer is one contato: the
   * identity itself, then any extra identity, then the phone (both forms of a Brazilian mobile, on contatos
   * and on phone identities of other channels), then the e-mail are matched, in that order. The identities
   * given are added to the contato found, and its empty nome/telefone/email are filled in.
   */
  async resolverPorIdentidade(input: ResolverIdentidadeInput): Promise<{ contato: Contato; criado: boolean }> {
    return this.tx.run(() => this.resolver(input, true));
  }

  async listar(query: ListarContatosQuery): Promise<ContatoPagina> {
    const apos = query.cursor ? decodificarCursor(query.cursor) : undefined;
    return this.tx.run(async () => {
      const pagina = await this.contatos.listar({ q: query.q, tagId: query.tag, apos, limite: query.limite });
      const tags = await this.contatos.listarTags(pagina.contatos.map((contato) => contato.id));
      const ultimo = pagina.contatos.at(-1);
      return {
        items: pagina.contatos.map((contato) => toContatoDto(contato, tags.get(contato.id) ?? [])),
        nextCursor:
          pagina.temMais && ultimo && pagina.ultimoCriadoEm ? codificarCursor([pagina.ultimoCriadoEm, ultimo.id]) : null,
      };
    });
  }

  async buscar(id: string): Promise<ContatoDetalheDto> {
    return this.tx.run(async () => this.detalhe(await this.encontrar(id)));
  }

  async criar(dto: CriarContato): Promise<ContatoDetalheDto> {
    return this.tx.run(async () => {
      const telefone = dto.telefone ? this.telefoneOuErro(dto.telefone) : null;
      const email = dto.email ? dto.email.trim().toLowerCase() : null;
      await this.verificarDuplicidade(telefone, email, undefined);
      const contato = await this.contatos.create({
        nome: dto.nome ?? null,
        telefone: telefone?.e164 ?? null,
        email,
        campos: dto.campos ?? {},
        observacoes: dto.observacoes ?? null,
        bloqueado: dto.bloqueado ?? false,
        bloqueadoEm: dto.bloqueado ? new Date() : null,
      });
      return this.detalhe(contato);
    });
  }

  async atualizar(id: string, dto: AtualizarContato): Promise<ContatoDetalheDto> {
    return this.tx.run(async () => {
      const contato = await this.encontrar(id);
      if (contato.mescladoParaId) throw ContatoException.mesclado(contato.mescladoParaId);
      const telefone = dto.telefone ? this.telefoneOuErro(dto.telefone) : null;
      const email = dto.email ? dto.email.trim().toLowerCase() : null;
      await this.verificarDuplicidade(telefone, email, contato.id);
      if (dto.nome !== undefined) contato.nome = dto.nome;
      if (dto.telefone !== undefined) contato.telefone = telefone?.e164 ?? null;
      if (dto.email !== undefined) contato.email = email;
      if (dto.campos !== undefined) contato.campos = dto.campos;
      if (dto.observacoes !== undefined) contato.observacoes = dto.observacoes;
      if (dto.bloqueado !== undefined && dto.bloqueado !== contato.bloqueado) {
        contato.bloqueado = dto.bloqueado;
        contato.bloqueadoEm = dto.bloqueado ? new Date() : null;
      }
      return this.detalhe(await this.contatos.save(contato));
    });
  }

  /** Only a contato without tickets can go: the history needs its contato (block or merge it instead). */
  async remover(id: string): Promise<void> {
    await this.tx.run(async () => {
      const contato = await this.encontrar(id);
      const tickets = await this.contatos.contarTickets(contato.id);
      if (tickets > 0) throw ContatoException.possuiTickets(tickets);
      await this.contatos.removerComMesclados(contato.id);
    });
  }

  /**
   * Merges `outroContatoId` into this contato in one transaction: its identities, tickets, mensagens and tags
   * move here, empty fields here are filled from it, and it is marked merged. Merging again is a no-op.
   */
  async mesclar(id: string, dto: MesclarContato, ator: Ator): Promise<ContatoDetalheDto> {
    if (id === dto.outroContatoId) throw ContatoException.mesclarComEleMesmo();
    return this.tx.run(async () => {
      const travados = await this.contatos.travarParaMesclagem([id, dto.outroContatoId]);
      const este = travados.find((contato) => contato.id === id);
      const outro = travados.find((contato) => contato.id === dto.outroContatoId);
      if (!este || !outro) throw ContatoException.naoEncontrado();
      if (este.mescladoParaId) throw ContatoException.mesclado(este.mescladoParaId);
      if (outro.mescladoParaId === este.id) return this.detalhe(este);
      if (outro.mescladoParaId) throw ContatoException.outroJaMesclado(outro.mescladoParaId);
      const conflitos = await this.contatos.ticketsAbertosEmConflito(outro.id, este.id);
      if (conflitos.length > 0) throw ContatoException.ticketsAbertosNoMesmoCanal(conflitos);

      const movidos = await this.contatos.moverReferencias(outro.id, este.id, ator.usuarioId);
      este.nome ??= outro.nome;
      este.telefone ??= outro.telefone;
      este.email ??= outro.email;
      este.avatarUrl ??= outro.avatarUrl;
      este.observacoes ??= outro.observacoes;
      este.campos = { ...outro.campos, ...este.campos };
      const salvo = await this.contatos.save(este);
      outro.mescladoParaId = este.id;
      outro.mescladoEm = new Date();
      await this.contatos.save(outro);
      for (const ticket of movidos) {
        this.eventos.publicar({
          tipo: 'ticket.atualizado',
          empresaId: ator.empresaId,
          ticketId: ticket.id,
          filaId: ticket.filaId,
          atendenteId: ticket.atendenteId,
          mudancas: ['contato'],
        });
      }
      return this.detalhe(salvo);
    });
  }

  private async resolver(
    input: ResolverIdentidadeInput,
    primeiraTentativa: boolean,
  ): Promise<{ contato: Contato; criado: boolean }> {
    const principal = identidadeDoCanal(input.tipo, input.valor);
    if (!principal) throw ContatoException.identidadeInvalida(input.tipo);
    const chaves: IdentidadeCanal[] = [principal];
    const dadosExtras: Record<string, string> = {};
    for (const extra of input.extras ?? []) {
      const identidade = ehTipoIdentidade(extra.tipo) ? identidadeDoCanal(extra.tipo, extra.valor) : null;
      if (identidade && !chaves.some((chave) => chave.tipo === identidade.tipo && chave.valor === identidade.valor))
        chaves.push(identidade);
      else if (!identidade && extra.valor.trim()) dadosExtras[extra.tipo] = extra.valor.trim();
    }
    const telefone =
      (input.telefone ? normalizarTelefone(input.telefone, { internacional: true }) : null) ??
      chaves.find((chave) => chave.telefone)?.telefone ??
      null;
    const email = normalizarEmail(input.email) ?? chaves.find((chave) => chave.email)?.email ?? null;
    const nome = input.nome?.trim() || null;

    const chavesTelefone: ChaveIdentidade[] = telefone
      ? [
          { tipo: 'whatsapp', valores: telefone.variantes.map((forma) => forma.slice(1)) },
          { tipo: 'telefone', valores: telefone.variantes },
        ]
      : [];
    const chaveEmail: ChaveIdentidade[] = email ? [{ tipo: 'email', valores: [email] }] : [];
    const encontradas = await this.identidades.findPorChaves([
      ...chaves.map((chave) => ({ tipo: chave.tipo, valores: chave.valores })),
      ...chavesTelefone,
      ...chaveEmail,
    ]);
    const daChave = (chave: ChaveIdentidade): ContatoIdentidade | undefined =>
      encontradas.find((identidade) => identidade.tipo === chave.tipo && chave.valores.includes(identidade.valor));

    let contatoId = chaves.map(daChave).find((identidade) => identidade)?.contatoId;
    let contato = contatoId ? await this.contatos.findById(contatoId) : null;
    if (!contato && telefone) {
      contato = await this.contatos.findAtivoPorTelefones(telefone.variantes);
      contatoId = chavesTelefone.map(daChave).find((identidade) => identidade)?.contatoId;
      if (!contato && contatoId) contato = await this.contatos.findById(contatoId);
    }
    if (!contato && email) {
      contato = await this.contatos.findAtivoPorEmail(email);
      contatoId = chaveEmail.map(daChave).find((identidade) => identidade)?.contatoId;
      if (!contato && contatoId) contato = await this.contatos.findById(contatoId);
    }
    if (contato) contato = await this.seguirMesclagem(contato);

    let criado = false;
    if (!contato) {
      contato = await this.contatos.create({ nome, telefone: telefone?.e164 ?? null, email });
      criado = true;
    }

    for (const [indice, chave] of chaves.entries()) {
      const dados = indice === 0 ? { ...chave.dados, ...dadosExtras } : chave.dados;
      const inserida = await this.identidades.inserirSeAusente({
        contatoId: contato.id,
        tipo: chave.tipo,
        valor: chave.valor,
        nomeExibicao: nome,
        dados,
      });
      if (inserida) continue;
      if (criado && indice === 0 && primeiraTentativa) {
        // A concurrent resolution of the same new customer committed first: drop ours and use its contato.
        await this.contatos.delete(contato.id);
        return this.resolver(input, false);
      }
      const existente = daChave({ tipo: chave.tipo, valores: [chave.valor] });
      const dadosNovos: Record<string, unknown> = { ...existente?.dados, ...dados };
      // The wa_id WhatsApp reports last is the one replies go to: drop an older legacy form.
      if (chave.tipo === 'whatsapp' && !('waId' in chave.dados)) delete dadosNovos.waId;
      const mudou = nome !== null && existente?.nomeExibicao !== nome;
      if (
        existente &&
        existente.contatoId === contato.id &&
        (mudou || JSON.stringify(dadosNovos) !== JSON.stringify(existente.dados))
      ) {
        await this.identidades.atualizarExibicao(existente.id, nome ?? existente.nomeExibicao, dadosNovos);
      }
    }

    if (!criado) {
      let mudou = false;
      if (!contato.nome && nome) {
        contato.nome = nome;
        mudou = true;
      }
      if (!contato.telefone && telefone) {
        contato.telefone = telefone.e164;
        mudou = true;
      }
      if (!contato.email && email) {
        contato.email = email;
        mudou = true;
      }
      if (mudou) contato = await this.contatos.save(contato);
    }
    return { contato, criado };
  }

  /** Identities move on a merge, but a row read mid-merge may still name the merged contato. */
  private async seguirMesclagem(contato: Contato): Promise<Contato> {
    let atual = contato;
    for (let salto = 0; atual.mescladoParaId && salto < MAX_SALTOS_MESCLAGEM; salto++) {
      const destino = await this.contatos.findById(atual.mescladoParaId);
      if (!destino) break;
      atual = destino;
    }
    return atual;
  }

  private async encontrar(id: string): Promise<Contato> {
    const contato = await this.contatos.findById(id);
    if (!contato) throw ContatoException.naoEncontrado();
    return contato;
  }

  private telefoneOuErro(entrada: string): TelefoneNormalizado {
    const telefone = normalizarTelefone(entrada);
    if (!telefone) throw ContatoException.telefoneInvalido(entrada);
    return telefone;
  }

  private async verificarDuplicidade(
    telefone: TelefoneNormalizado | null,
    email: string | null,
    excetoId: string | undefined,
  ): Promise<void> {
    if (telefone) {
      const outro = await this.contatos.findAtivoPorTelefones(telefone.variantes, excetoId);
      if (outro) throw ContatoException.telefoneEmUso(outro.id);
    }
    if (email) {
      const outro = await this.contatos.findAtivoPorEmail(email, excetoId);
      if (outro) throw ContatoException.emailEmUso(outro.id);
    }
  }

  private async detalhe(contato: Contato): Promise<ContatoDetalheDto> {
    const tags = await this.contatos.listarTags([contato.id]);
    const identidades = await this.identidades.listarDoContato(contato.id);
    return {
      ...toContatoDto(contato, tags.get(contato.id) ?? []),
      identidades: identidades.map(toContatoIdentidadeDto),
      // Stored 0..1 (written by the churn job); shown 0..100.
      churn:
        contato.churnScore !== null && contato.churnCalculadoEm
          ? {
              score: Math.round(contato.churnScore * 100),
              motivos: contato.churnMotivos ?? [],
              calculadoEm: contato.churnCalculadoEm.toISOString(),
            }
          : null,
    };
  }
}
