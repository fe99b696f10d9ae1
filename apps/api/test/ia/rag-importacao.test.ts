import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultar, type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('IA: importação de artigos (Markdown e CSV)', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let atendente: Sessao;
  const auth = (s: Sessao) => ({ Authorization: `Bearer ${s.token}` });
  const contar = async (empresaId: string) =>
    (await consultar<{ n: number }>(t, `SELECT count(*)::int AS n FROM atendimento_artigos WHERE empresa_id = $1`, [empresaId]))[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    ({ admin, outra, atendente } = await sessoesPadrao(t));
  });

  afterAll(() => t.close());

  it('imports Markdown (one article per "# " heading) and CSV in one request, then indexes them by job', async () => {
    const md = '# Trocas\nTrocas em até 30 dias com etiqueta.\n\n# Devolução\nDevolução grátis pelos Correios.\n';
    const csv = 'titulo;conteudo;tags;publicado\nFrete;"Grátis acima de R$ 200; demais, tabela.";frete|entrega;sim\nRascunho;Ainda não;;não\n';
    const r = await t
      .http()
      .post('/api/atendimento/artigos/importar')
      .set(auth(admin))
      .attach('arquivos', Buffer.from(md), { filename: 'politicas.md', contentType: 'text/markdown' })
      .attach('arquivos', Buffer.from(csv), { filename: 'faq.csv', contentType: 'text/csv' });
    expect(r.status).toBe(201);
    expect(r.body.importados).toBe(4);
    expect((r.body.artigos as { titulo: string }[]).map((a) => a.titulo)).toEqual(['Trocas', 'Devolução', 'Frete', 'Rascunho']);
    const linhas = await consultar<{ titulo: string; origem: string; tags: string[]; publicado: boolean }>(
      t,
      `SELECT titulo, origem, tags, publicado FROM atendimento_artigos WHERE empresa_id = $1 ORDER BY criado_em, titulo`,
      [admin.empresaId],
    );
    expect(linhas.find((l) => l.titulo === 'Frete')).toEqual({ titulo: 'Frete', origem: 'csv', tags: ['frete', 'entrega'], publicado: true });
    expect(linhas.find((l) => l.titulo === 'Trocas')).toMatchObject({ origem: 'markdown', publicado: true });
    // Indexed in the background: the published ones get chunks, the unpublished one none.
    const limite = Date.now() + 20_000;
    for (;;) {
      const [pendentes] = await consultar<{ n: number }>(
        t,
        `SELECT count(*)::int AS n FROM atendimento_artigos WHERE empresa_id = $1 AND indexacao_status <> 'indexado'`,
        [admin.empresaId],
      );
      if (pendentes!.n === 0) break;
      if (Date.now() > limite) throw new Error('artigos importados não foram indexados');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [chunks] = await consultar<{ n: number }>(t, `SELECT count(DISTINCT artigo_id)::int AS n FROM atendimento_chunks WHERE empresa_id = $1`, [
      admin.empresaId,
    ]);
    expect(chunks!.n).toBe(3);
    expect(await contar(outra.empresaId)).toBe(0);
  });

  it('imports nothing when any row is bad, answering 400 with every bad row and its line', async () => {
    const antes = await contar(admin.empresaId);
    const csv = 'titulo,conteudo\nBom,Conteúdo bom\n,sem título\nSó título,\n';
    const md = '# Ok\ntexto\n# Vazio\n';
    const r = await t
      .http()
      .post('/api/atendimento/artigos/importar')
      .set(auth(admin))
      .attach('arquivos', Buffer.from(csv), 'kb.csv')
      .attach('arquivos', Buffer.from(md), 'kb.md');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('IA_IMPORTACAO_INVALIDA');
    expect(r.body.erros).toEqual([
      { arquivo: 'kb.csv', linha: 3, message: 'titulo: informe o título do artigo' },
      { arquivo: 'kb.csv', linha: 4, message: 'conteudo: informe o conteúdo do artigo' },
      { arquivo: 'kb.md', linha: 3, message: 'conteudo: informe o conteúdo do artigo' },
    ]);
    expect(r.body.message).toContain('kb.csv:3');
    expect(await contar(admin.empresaId)).toBe(antes);
  });

  it('refuses other formats, a missing header column, no files, JSON bodies, and atendentes', async () => {
    const pdf = await t.http().post('/api/atendimento/artigos/importar').set(auth(admin)).attach('arquivos', Buffer.from('%PDF'), 'a.pdf');
    expect(pdf.status).toBe(400);
    expect(pdf.body.erros[0]).toMatchObject({ arquivo: 'a.pdf', message: expect.stringContaining('formato') });
    const cabecalho = await t
      .http()
      .post('/api/atendimento/artigos/importar')
      .set(auth(admin))
      .attach('arquivos', Buffer.from('nome,texto\na,b\n'), 'x.csv');
    expect(cabecalho.status).toBe(400);
    expect(cabecalho.body.erros[0]).toMatchObject({ linha: 1, message: expect.stringContaining('titulo e conteudo') });
    const outroCampo = await t.http().post('/api/atendimento/artigos/importar').set(auth(admin)).attach('arquivo', Buffer.from('# A\nb'), 'a.md');
    expect(outroCampo.status).toBe(400);
    expect(outroCampo.body.message).toContain('"arquivos"');
    const json = await t.http().post('/api/atendimento/artigos/importar').set(auth(admin)).send({ titulo: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.message).toContain('multipart/form-data');
    const atendenteR = await t.http().post('/api/atendimento/artigos/importar').set(auth(atendente)).attach('arquivos', Buffer.from('# A\nb'), 'a.md');
    expect(atendenteR.status).toBe(403);
  });
});
