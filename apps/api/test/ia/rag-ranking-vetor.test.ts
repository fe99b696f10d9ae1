import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { AuthService } from '../../src/auth/auth.service.js';
import { RequestContext } from '../../src/common/request-context.js';
import { TransactionHost } from '../../src/database/transaction-host.js';
import { ChunkRepository, type NovaFatia, PRE_SELECAO_MINIMA, SIMILARIDADE_SQL } from '../../src/ia/rag/chunk.repository.js';
import { assinaturaBinaria } from '../../src/ia/rag/quantizacao.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const DIM = 32;
const MODELO = 'emb-teste-32';
const GRUPOS = 12;
const POR_GRUPO = 50; // 600 chunks: three times the Hamming pool, so the first stage does leave most of them out

/** Deterministic draws (mulberry32), so the seeded set and its rankings are the same on every run. */
function sorteador(semente: number): () => number {
  let a = semente >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const normalizar = (v: number[]) => {
  const norma = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / norma);
};

describe('IA: RAG vector ranking in two stages (Hamming prefilter + exact cosine)', () => {
  let t: TestApp;
  let chunks: ChunkRepository;
  let tx: TransactionHost;
  let empresaA: string;
  let empresaB: string;
  const aleatorio = sorteador(9);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - aleatorio())) * Math.cos(2 * Math.PI * aleatorio());
  const perto = (centro: number[], desvio: number) => normalizar(centro.map((x) => x + desvio * gauss()));
  // Topics as directions; a chunk is its topic plus noise (cosine ≈ 0.9), a question is closer to its topic.
  const centros = Array.from({ length: GRUPOS }, () => normalizar(Array.from({ length: DIM }, gauss)));
  const consultas = centros.map((c) => perto(c, 0.04));

  const sql = <T>(query: string, params: unknown[]) => t.app.get(DataSource).query(query, params) as Promise<T[]>;

  const ranking = (empresaId: string, vetor: number[], limite: number, modelo = MODELO) =>
    RequestContext.runForEmpresa(empresaId, () => tx.run(() => chunks.rankingVetor(vetor, modelo, limite)));

  /** The exact scan rankingVetor was before the prefilter: cosine over every comparable chunk of the empresa. */
  const exato = async (empresaId: string, vetor: number[], limite: number) =>
    (
      await sql<{ id: string }>(
        `SELECT c.id FROM atendimento_chunks c
          WHERE c.empresa_id = $1 AND c.embedding IS NOT NULL AND c.embedding_modelo = $3 AND array_length(c.embedding, 1) = $4
          ORDER BY ${SIMILARIDADE_SQL('$2::real[]')} DESC, c.id
          LIMIT $5`,
        [empresaId, vetor, MODELO, vetor.length, limite],
      )
    ).map((l) => l.id);

  async function artigo(empresaId: string, titulo: string): Promise<string> {
    const [linha] = await sql<{ id: string }>(
      `INSERT INTO atendimento_artigos (empresa_id, titulo, conteudo) VALUES ($1, $2, 'ver chunks') RETURNING id`,
      [empresaId, titulo],
    );
    return linha!.id;
  }

  /** Written the way indexing writes them (ChunkRepository.substituir), signatures included. */
  async function indexar(empresaId: string, titulo: string, vetores: (number[] | null)[], modelo = MODELO): Promise<string> {
    const id = await artigo(empresaId, titulo);
    const fatias: NovaFatia[] = vetores.map((embedding, ordem) => ({
      ordem,
      titulo,
      texto: `${titulo} ${ordem}`,
      tokens: 3,
      embedding,
      embeddingModelo: embedding ? modelo : null,
    }));
    await RequestContext.runForEmpresa(empresaId, () => tx.run(() => chunks.substituir('artigo', id, fatias)));
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    chunks = t.app.get(ChunkRepository, { strict: false });
    tx = t.app.get(TransactionHost, { strict: false });
    const auth = t.app.get(AuthService);
    empresaA = (await auth.criarEmpresaComAdmin('Empresa A', 'Admin A', 'admin@vetor-a.test', 'senha-a-12345')).empresaId;
    empresaB = (await auth.criarEmpresaComAdmin('Empresa B', 'Admin B', 'admin@vetor-b.test', 'senha-b-12345')).empresaId;
    for (const [g, centro] of centros.entries()) {
      await indexar(
        empresaA,
        `Tema ${g}`,
        Array.from({ length: POR_GRUPO }, () => perto(centro, 0.08)),
      );
    }
    // What must never come back for A: another empresa's chunks equal to the questions themselves, A's own chunks
    // of another model, and of the same model at another dimension (whose signature XOR would not even apply).
    await indexar(empresaB, 'Da outra empresa', consultas);
    await indexar(empresaA, 'Outro modelo', consultas, 'outro-modelo');
    await indexar(empresaA, 'Outra dimensão', [consultas[0]!.slice(0, 16), null]);
  });

  afterAll(() => t.close());

  it('writes the sign bits with each embedding, as the migration backfill computes them in SQL', async () => {
    const [linha] = await sql<{ com_vetor: number; assinadas: number; iguais_ao_sql: number; sem_vetor_assinadas: number }>(
      `SELECT count(*) FILTER (WHERE embedding IS NOT NULL)::int AS com_vetor,
              count(*) FILTER (WHERE assinatura IS NOT NULL)::int AS assinadas,
              count(*) FILTER (WHERE assinatura = (SELECT string_agg(CASE WHEN e.x > 0 THEN '1' ELSE '0' END, '' ORDER BY e.i)::varbit
                                                     FROM unnest(c.embedding) WITH ORDINALITY AS e(x, i)))::int AS iguais_ao_sql,
              count(*) FILTER (WHERE embedding IS NULL AND assinatura IS NOT NULL)::int AS sem_vetor_assinadas
         FROM atendimento_chunks c WHERE empresa_id IN ($1, $2)`,
      [empresaA, empresaB],
    );
    expect(linha!.com_vetor).toBe(GRUPOS * POR_GRUPO + 2 * GRUPOS + 1);
    expect(linha).toMatchObject({ assinadas: linha!.com_vetor, iguais_ao_sql: linha!.com_vetor, sem_vetor_assinadas: 0 });
    const [uma] = await sql<{ assinatura: string; embedding: number[] }>(
      `SELECT assinatura, embedding FROM atendimento_chunks WHERE empresa_id = $1 AND embedding_modelo = $2 LIMIT 1`,
      [empresaA, MODELO],
    );
    expect(uma!.assinatura).toBe(assinaturaBinaria(uma!.embedding));
    // A signature must match its embedding's dimension (the ranking filters on its length and XORs it).
    await expect(sql(`UPDATE atendimento_chunks SET assinatura = B'101' WHERE embedding_modelo = $1`, [MODELO])).rejects.toThrow(
      /atendimento_chunks_assinatura_check/,
    );
  });

  it('returns the same top 5 and top 20 as the exact cosine scan, only the empresa’s chunks of that model and dimension', async () => {
    const comparaveis = await sql<{ id: string }>(
      `SELECT id FROM atendimento_chunks WHERE empresa_id = $1 AND embedding_modelo = $2 AND array_length(embedding, 1) = $3`,
      [empresaA, MODELO, DIM],
    );
    const deA = new Set(comparaveis.map((l) => l.id));
    expect(deA.size).toBe(GRUPOS * POR_GRUPO);
    for (const consulta of consultas) {
      for (const limite of [5, 20]) {
        const doisEstagios = await ranking(empresaA, consulta, limite);
        expect(doisEstagios).toHaveLength(limite);
        expect(doisEstagios).toEqual(await exato(empresaA, consulta, limite));
        expect(doisEstagios.every((id) => deA.has(id))).toBe(true);
      }
    }
    // B ranks its own chunks only: the one equal to the question first.
    const [deB] = await sql<{ id: string }>(`SELECT id FROM atendimento_chunks WHERE empresa_id = $1 AND ordem = 0`, [empresaB]);
    expect((await ranking(empresaB, consultas[0]!, 5))[0]).toBe(deB!.id);
    expect(await ranking(empresaB, consultas[0]!, 50)).toHaveLength(GRUPOS);
    // Another model, and a dimension no chunk of the model has: nothing. The one chunk at 16 dimensions: itself.
    expect(await ranking(empresaA, consultas[0]!, 5, 'modelo-sem-chunks')).toEqual([]);
    expect(await ranking(empresaA, consultas[0]!.slice(0, 8), 5)).toEqual([]);
    const [de16] = await sql<{ id: string }>(
      `SELECT id FROM atendimento_chunks WHERE empresa_id = $1 AND array_length(embedding, 1) = 16`,
      [empresaA],
    );
    expect(await ranking(empresaA, consultas[5]!.slice(0, 16), 5)).toEqual([de16!.id]);
  });

  it('ranks exactly only the Hamming pool, plus every chunk without a signature', async () => {
    const consulta = consultas[3]!;
    const [primeiro] = await exato(empresaA, consulta, 1);
    expect((await ranking(empresaA, consulta, 5))[0]).toBe(primeiro);
    // A signature as far as possible from the question's keeps the best chunk out of the pool: the first stage
    // does prune, and only the pool is scored.
    const oposta = [...assinaturaBinaria(consulta)].map((b) => (b === '1' ? '0' : '1')).join('');
    await sql(`UPDATE atendimento_chunks SET assinatura = $2::varbit WHERE id = $1`, [primeiro, oposta]);
    expect(await ranking(empresaA, consulta, 5)).not.toContain(primeiro);
    expect(PRE_SELECAO_MINIMA).toBeLessThan(GRUPOS * POR_GRUPO);
    // Without a signature (a row written by a previous version) it is scored exactly, so found again.
    await sql(`UPDATE atendimento_chunks SET assinatura = NULL WHERE id = $1`, [primeiro]);
    expect(await ranking(empresaA, consulta, 5)).toEqual(await exato(empresaA, consulta, 5));
    expect((await ranking(empresaA, consulta, 5))[0]).toBe(primeiro);
  });
});
