import { expect } from 'vitest';
import { DistribuicaoService } from '../../../src/atendimento/distribuicao/distribuicao.service.js';
import { RequestContext } from '../../../src/common/request-context.js';
import { TransactionHost } from '../../../src/database/transaction-host.js';
import { EventosDominio } from '../../../src/eventos/eventos-dominio.js';
import type { TestApp } from '../../support/test-app.js';

export interface AtendenteDeTeste {
  id: string;
  usuarioId: string;
  nome: string;
  email: string;
}

export const SENHA = 'senha-do-agente-123';

/** A scripted scenario through the public API, recording every assignment as its ticket.atualizado event. */
export class Cenario {
  /** Assignments in the order their ticket.atualizado events were published. */
  readonly atribuicoes: { ticketId: string; atendenteId: string }[] = [];
  private contador = 0;

  private constructor(
    readonly apps: TestApp[],
    readonly empresaId: string,
    readonly admin: string,
  ) {
    for (const app of apps) {
      app.app.get(EventosDominio).assinar((evento) => {
        if (evento.tipo === 'ticket.atualizado' && evento.mudancas.includes('atendente') && evento.atendenteId)
          this.atribuicoes.push({ ticketId: evento.ticketId, atendenteId: evento.atendenteId });
      });
    }
  }

  static async iniciar(...apps: TestApp[]): Promise<Cenario> {
    const [t] = apps;
    if (!t) throw new Error('sem app');
    const admin = await t.login();
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${admin}`);
    return new Cenario(apps, me.body.usuario.empresaId as string, admin);
  }

  get t(): TestApp {
    const [t] = this.apps;
    if (!t) throw new Error('sem app');
    return t;
  }

  auth(token = this.admin): Record<string, string> {
    return { Authorization: `Bearer ${token}` };
  }

  async sql<T = Record<string, unknown>>(texto: string, parametros: unknown[] = []): Promise<T[]> {
    const tx = this.t.app.get(TransactionHost);
    return RequestContext.runForEmpresa(this.empresaId, () => tx.run(() => tx.query<T>(texto, parametros)));
  }

  async fila(nome: string, campos: Record<string, unknown> = {}): Promise<string> {
    const resposta = await this.t
      .http()
      .post('/api/atendimento/filas')
      .set(this.auth())
      .send({ nome, ...campos });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    return resposta.body.id as string;
  }

  async atendente(
    nome: string,
    opcoes: { max?: number; filas?: { filaId: string; capacidade?: number | null }[]; papel?: string } = {},
  ): Promise<AtendenteDeTeste> {
    this.contador += 1;
    const email = `${nome.toLowerCase().replace(/\W+/g, '.')}.${this.contador}@demo.test`;
    const usuario = await this.t
      .http()
      .post('/api/usuarios')
      .set(this.auth())
      .send({ nome, email, senha: SENHA, papel: opcoes.papel ?? 'atendente' });
    expect(usuario.status, JSON.stringify(usuario.body)).toBe(201);
    const atendente = await this.t
      .http()
      .post('/api/atendimento/atendentes')
      .set(this.auth())
      .send({ usuarioId: usuario.body.id, maxTicketsSimultaneos: opcoes.max ?? 5, filas: opcoes.filas ?? [] });
    expect(atendente.status, JSON.stringify(atendente.body)).toBe(201);
    return { id: atendente.body.id as string, usuarioId: usuario.body.id as string, nome, email };
  }

  async status(atendente: AtendenteDeTeste, status: 'online' | 'ausente' | 'offline'): Promise<void> {
    const resposta = await this.t
      .http()
      .patch(`/api/atendimento/atendentes/${atendente.id}/status`)
      .set(this.auth())
      .send({ status });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(200);
    await this.estabilizar();
  }

  async canal(): Promise<string> {
    this.contador += 1;
    const [linha] = await this.sql<{ id: string }>(
      `INSERT INTO atendimento_canais (empresa_id, tipo, nome, status) VALUES ($1, 'webchat', $2, 'conectado') RETURNING id`,
      [this.empresaId, `Webchat ${this.contador}`],
    );
    return linha?.id ?? '';
  }

  async contato(nome?: string): Promise<string> {
    this.contador += 1;
    const [linha] = await this.sql<{ id: string }>(
      `INSERT INTO atendimento_contatos (empresa_id, nome) VALUES ($1, $2) RETURNING id`,
      [this.empresaId, nome ?? `Cliente ${this.contador}`],
    );
    return linha?.id ?? '';
  }

  /** A new ticket in the fila (POST /tickets), then the distribution it triggered has settled. */
  async ticket(
    filaId: string,
    canalId: string,
    opcoes: { contatoId?: string; app?: TestApp; prioridade?: string } = {},
  ): Promise<string> {
    const contatoId = opcoes.contatoId ?? (await this.contato());
    const resposta = await (opcoes.app ?? this.t)
      .http()
      .post('/api/atendimento/tickets')
      .set(this.auth())
      .send({ contatoId, canalId, filaId, ...(opcoes.prioridade ? { prioridade: opcoes.prioridade } : {}) });
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(201);
    await this.estabilizar();
    return resposta.body.id as string;
  }

  async resolver(ticketId: string): Promise<void> {
    const resposta = await this.t.http().post(`/api/atendimento/tickets/${ticketId}/resolver`).set(this.auth()).send({});
    expect(resposta.status, JSON.stringify(resposta.body)).toBe(200);
    await this.estabilizar();
  }

  async dono(ticketId: string): Promise<string | null> {
    const [linha] = await this.sql<{ atendente_id: string | null }>(
      `SELECT atendente_id FROM atendimento_tickets WHERE id = $1`,
      [ticketId],
    );
    return linha?.atendente_id ?? null;
  }

  /** Waits until every app's distribution loop is idle (the after-commit listeners run a tick later). */
  async estabilizar(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      for (const app of this.apps) await app.app.get(DistribuicaoService).ocioso();
    }
  }

  /** The assignments recorded since `desde` (an index into `atribuicoes`), as [ticket, atendente] pairs. */
  desde(indice: number): [string, string][] {
    return this.atribuicoes.slice(indice).map((a) => [a.ticketId, a.atendenteId]);
  }
}
