import { Atendente } from '../../../src/atendimento/atendentes/atendente.entity.js';
import { AtendenteFila } from '../../../src/atendimento/atendentes/atendente-fila.entity.js';
import { Contato } from '../../../src/atendimento/contatos/contato.entity.js';
import { Fila } from '../../../src/atendimento/filas/fila.entity.js';
import { type SalvarMensagemInput, MensagemService } from '../../../src/atendimento/mensagens/mensagem.service.js';
import { Tag } from '../../../src/atendimento/tags/tag.entity.js';
import { TicketTag } from '../../../src/atendimento/tags/ticket-tag.entity.js';
import { TicketService } from '../../../src/atendimento/tickets/ticket.service.js';
import { hashSenha } from '../../../src/auth/senha.js';
import { Canal } from '../../../src/canais/canal.entity.js';
import { RequestContext } from '../../../src/common/request-context.js';
import { TransactionHost } from '../../../src/database/transaction-host.js';
import { Usuario, type UsuarioPapel } from '../../../src/usuarios/usuario.entity.js';
import { ADMIN_EMAIL, ADMIN_SENHA, type TestApp } from '../../support/test-app.js';

/**
 * Test data written straight through the entities (inside the empresa's context), so these tests do not depend
 * on the services other modules are building in parallel.
 */
export class Fixtures {
  private contador = 0;

  constructor(
    readonly t: TestApp,
    readonly empresaId: string,
  ) {}

  static async demo(t: TestApp): Promise<{ fixtures: Fixtures; token: string }> {
    const resposta = await t.http().post('/api/auth/login').send({ email: ADMIN_EMAIL, senha: ADMIN_SENHA });
    const { empresaId } = resposta.body.usuario as { empresaId: string };
    return { fixtures: new Fixtures(t, empresaId), token: resposta.body.accessToken as string };
  }

  /** Runs fn in this empresa's context and one transaction. */
  async em<T>(fn: (tx: TransactionHost) => Promise<T>): Promise<T> {
    const tx = this.t.app.get(TransactionHost);
    return RequestContext.runForEmpresa(this.empresaId, () => tx.run(() => fn(tx)));
  }

  private sufixo(): string {
    this.contador += 1;
    return `${this.contador}-${Math.random().toString(36).slice(2, 8)}`;
  }

  async contato(dados: Partial<Pick<Contato, 'nome' | 'telefone' | 'email'>> = {}): Promise<string> {
    return this.em(async (tx) => {
      const repo = tx.manager.getRepository(Contato);
      const salvo = await repo.save(
        repo.create({ empresaId: this.empresaId, nome: dados.nome ?? `Cliente ${this.sufixo()}`, ...dados }),
      );
      return salvo.id;
    });
  }

  async canal(tipo: Canal['tipo'] = 'telegram', dados: Partial<Pick<Canal, 'ativo' | 'nome'>> = {}): Promise<string> {
    return this.em(async (tx) => {
      const repo = tx.manager.getRepository(Canal);
      const salvo = await repo.save(
        repo.create({ empresaId: this.empresaId, tipo, nome: `Canal ${tipo} ${this.sufixo()}`, ativo: true, ...dados }),
      );
      return salvo.id;
    });
  }

  async fila(dados: Partial<Pick<Fila, 'ativo' | 'nome'>> = {}): Promise<string> {
    return this.em(async (tx) => {
      const repo = tx.manager.getRepository(Fila);
      const salvo = await repo.save(
        repo.create({ empresaId: this.empresaId, nome: `Fila ${this.sufixo()}`, ativo: true, ...dados }),
      );
      return salvo.id;
    });
  }

  async tag(nome: string): Promise<string> {
    return this.em(async (tx) => {
      const repo = tx.manager.getRepository(Tag);
      return (await repo.save(repo.create({ empresaId: this.empresaId, nome }))).id;
    });
  }

  async etiquetar(ticketId: string, tagId: string): Promise<void> {
    await this.em(async (tx) => {
      const repo = tx.manager.getRepository(TicketTag);
      await repo.save(repo.create({ empresaId: this.empresaId, ticketId, tagId }));
    });
  }

  /** A usuario (papel atendente by default) with an atendente record in the given filas, logged in. */
  async atendente(
    opcoes: { papel?: UsuarioPapel; filas?: string[]; nome?: string; semAtendente?: boolean } = {},
  ): Promise<{ usuarioId: string; atendenteId: string | null; token: string }> {
    const sufixo = this.sufixo();
    const email = `agente-${sufixo}@demo.test`;
    const senha = 'senha-do-agente-123';
    const nome = opcoes.nome ?? `Agente ${sufixo}`;
    const senhaHash = await hashSenha(senha);
    const ids = await this.em(async (tx) => {
      const usuarios = tx.manager.getRepository(Usuario);
      const usuario = await usuarios.save(
        usuarios.create({ empresaId: this.empresaId, nome, email, senhaHash, papel: opcoes.papel ?? 'atendente', ativo: true }),
      );
      if (opcoes.semAtendente) return { usuarioId: usuario.id, atendenteId: null };
      const atendentes = tx.manager.getRepository(Atendente);
      const atendente = await atendentes.save(
        atendentes.create({ empresaId: this.empresaId, usuarioId: usuario.id, nome, ativo: true }),
      );
      const membros = tx.manager.getRepository(AtendenteFila);
      for (const filaId of opcoes.filas ?? []) {
        await membros.save(membros.create({ empresaId: this.empresaId, atendenteId: atendente.id, filaId }));
      }
      return { usuarioId: usuario.id, atendenteId: atendente.id };
    });
    return { ...ids, token: await this.t.login(email, senha) };
  }

  /** An atendente record for an existing usuario (the demo admin, for instance). */
  async atendenteDoUsuario(usuarioId: string, nome = 'Admin Atendente'): Promise<string> {
    return this.em(async (tx) => {
      const repo = tx.manager.getRepository(Atendente);
      return (await repo.save(repo.create({ empresaId: this.empresaId, usuarioId, nome, ativo: true }))).id;
    });
  }

  /** A ticket opened the way the inbound pipeline opens them. */
  async ticket(contatoId: string, canalId: string, filaId: string | null = null): Promise<string> {
    return RequestContext.runForEmpresa(this.empresaId, async () => {
      const { ticket } = await this.t.app.get(TicketService).buscarOuCriarTicket({ contatoId, canalId, filaId });
      return ticket.id;
    });
  }

  async mensagemDoCliente(ticketId: string, conteudo: string, extra: Partial<SalvarMensagemInput> = {}) {
    return RequestContext.runForEmpresa(this.empresaId, async () => {
      const ticket = await this.t.app.get(TicketService).carregarVisivel(ticketId, undefined, false);
      return this.t.app.get(MensagemService).salvarMensagem({
        ticketId,
        canalId: ticket.canalId ?? '',
        contatoId: ticket.contatoId,
        direcao: 'recebida',
        tipo: 'texto',
        conteudo,
        externalId: `ext-${this.sufixo()}`,
        ...extra,
      });
    });
  }

  async sql<T = Record<string, unknown>>(texto: string, parametros: unknown[] = []): Promise<T[]> {
    return this.em((tx) => tx.query<T>(texto, parametros));
  }
}

export function auth(token: string): [string, string] {
  return ['Authorization', `Bearer ${token}`];
}
