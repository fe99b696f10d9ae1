import { DataSource } from 'typeorm';
import { AuthService } from '../../../src/auth/auth.service.js';
import { ADMIN_EMAIL, ADMIN_SENHA, type TestApp } from '../../support/test-app.js';

/**
 * Test fixtures for contatos, tags and templates. Tickets, canais and mensagens are inserted with SQL: these
 * tests exercise only the modules that read them, independently of the services that own them.
 */
export interface Sessao {
  token: string;
  empresaId: string;
  usuarioId: string;
}

export async function entrar(t: TestApp, email = ADMIN_EMAIL, senha = ADMIN_SENHA): Promise<Sessao> {
  const response = await t.http().post('/api/auth/login').send({ email, senha });
  if (response.status !== 200) throw new Error(`login falhou: ${response.status}`);
  const body = response.body as { accessToken: string; usuario: { id: string; empresaId: string } };
  return { token: body.accessToken, empresaId: body.usuario.empresaId, usuarioId: body.usuario.id };
}

/** The Demo admin, another empresa's admin, and a Demo atendente (created through POST /api/usuarios). */
export async function sessoesPadrao(t: TestApp): Promise<{ admin: Sessao; outra: Sessao; atendente: Sessao }> {
  const admin = await entrar(t);
  await t.app.get(AuthService).criarEmpresaComAdmin('Outra', 'Admin Outra', 'admin@outra.test', 'senha-outra-123');
  const outra = await entrar(t, 'admin@outra.test', 'senha-outra-123');
  const criado = await t
    .http()
    .post('/api/usuarios')
    .set('Authorization', `Bearer ${admin.token}`)
    .send({ nome: 'Ana Atendente', email: 'ana@demo.test', senha: 'senha-da-ana-123', papel: 'atendente' });
  if (criado.status !== 201) throw new Error(`criar atendente falhou: ${criado.status} ${JSON.stringify(criado.body)}`);
  const atendente = await entrar(t, 'ana@demo.test', 'senha-da-ana-123');
  return { admin, outra, atendente };
}

async function sql<T>(t: TestApp, query: string, params: unknown[]): Promise<T[]> {
  return (await t.app.get(DataSource).query(query, params)) as T[];
}

export async function criarCanal(t: TestApp, empresaId: string, tipo = 'whatsapp', nome = 'Canal'): Promise<string> {
  const [row] = await sql<{ id: string }>(
    t,
    `INSERT INTO atendimento_canais (empresa_id, tipo, nome) VALUES ($1, $2, $3) RETURNING id`,
    [empresaId, tipo, nome],
  );
  return row!.id;
}

export async function criarTicket(
  t: TestApp,
  empresaId: string,
  contatoId: string,
  opcoes: { canalId?: string | null; status?: string } = {},
): Promise<{ id: string; numero: number }> {
  const [seq] = await sql<{ ticket_seq: number }>(
    t,
    `WITH s AS (UPDATE empresas SET ticket_seq = ticket_seq + 1 WHERE id = $1 RETURNING ticket_seq) SELECT ticket_seq FROM s`,
    [empresaId],
  );
  const [row] = await sql<{ id: string; numero: number }>(
    t,
    `INSERT INTO atendimento_tickets (empresa_id, numero, contato_id, canal_id, status) VALUES ($1, $2, $3, $4, $5) RETURNING id, numero`,
    [empresaId, seq!.ticket_seq, contatoId, opcoes.canalId ?? null, opcoes.status ?? 'aberto'],
  );
  return row!;
}

export async function criarMensagem(
  t: TestApp,
  empresaId: string,
  ticketId: string,
  contatoId: string,
  conteudo: string,
): Promise<string> {
  const [row] = await sql<{ id: string }>(
    t,
    `INSERT INTO atendimento_mensagens (empresa_id, ticket_id, contato_id, direcao, status, conteudo)
     VALUES ($1, $2, $3, 'recebida', 'recebida', $4) RETURNING id`,
    [empresaId, ticketId, contatoId, conteudo],
  );
  return row!.id;
}

export async function consultar<T>(t: TestApp, query: string, params: unknown[]): Promise<T[]> {
  return sql<T>(t, query, params);
}
