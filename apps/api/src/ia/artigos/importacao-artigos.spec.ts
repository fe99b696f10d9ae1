import { describe, expect, it } from 'vitest';
import { artigosDoCsv, artigosDoMarkdown, formatoDoArquivo } from './importacao-artigos.js';

describe('artigosDoMarkdown', () => {
  it('makes one article per "# " heading, ignoring headings inside code fences', () => {
    const md = '# Trocas\nAté 30 dias.\n\n```\n# não é título\n```\n# Frete\n\nGrátis acima de R$ 200.\n';
    const r = artigosDoMarkdown('politicas.md', md);
    expect(r.erros).toEqual([]);
    expect(r.artigos.map((a) => a.titulo)).toEqual(['Trocas', 'Frete']);
    expect(r.artigos[0]!.conteudo).toContain('# não é título');
    expect(r.artigos[1]).toMatchObject({ conteudo: 'Grátis acima de R$ 200.', origem: 'markdown' });
  });

  it('titles a file without headings by its name', () => {
    expect(artigosDoMarkdown('prazo-de-entrega.md', 'Entregamos em 5 dias úteis.').artigos).toEqual([
      { titulo: 'prazo de entrega', conteudo: 'Entregamos em 5 dias úteis.', origem: 'markdown' },
    ]);
  });

  it('reports an empty section with its line', () => {
    const r = artigosDoMarkdown('kb.md', '# Ok\ntexto\n# Vazio\n\n');
    expect(r.erros).toEqual([{ arquivo: 'kb.md', linha: 3, message: 'conteudo: informe o conteúdo do artigo' }]);
  });
});

describe('artigosDoCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks; tags split by ; or |', () => {
    const csv = 'titulo,conteudo,tags,publicado\r\nTrocas,"Até 30 dias, com ""nota"".\nSem uso.",trocas;loja,sim\r\nFrete,Grátis,frete|entrega,não\r\n';
    const r = artigosDoCsv('kb.csv', csv);
    expect(r.erros).toEqual([]);
    expect(r.artigos).toEqual([
      { titulo: 'Trocas', conteudo: 'Até 30 dias, com "nota".\nSem uso.', tags: ['trocas', 'loja'], publicado: true, origem: 'csv' },
      { titulo: 'Frete', conteudo: 'Grátis', tags: ['frete', 'entrega'], publicado: false, origem: 'csv' },
    ]);
  });

  it('takes ";" as the delimiter from a pt-BR Excel header', () => {
    expect(artigosDoCsv('kb.csv', 'Titulo;Conteudo;Categoria\nA;texto, com vírgula;faq\n').artigos).toEqual([
      { titulo: 'A', conteudo: 'texto, com vírgula', categoria: 'faq', origem: 'csv' },
    ]);
  });

  it('lists every bad row with its file line (a multi-line record counts from its first line)', () => {
    const csv = 'titulo,conteudo,publicado\nA,"linha 1\nlinha 2",sim\n,sem título,sim\nB,ok\nC,ok,talvez\n';
    const r = artigosDoCsv('kb.csv', csv);
    expect(r.artigos.map((a) => a.titulo)).toEqual(['A']);
    expect(r.erros).toEqual([
      { arquivo: 'kb.csv', linha: 4, message: 'titulo: informe o título do artigo' },
      { arquivo: 'kb.csv', linha: 5, message: '2 colunas, o cabeçalho tem 3 (confira aspas e o separador ",")' },
      { arquivo: 'kb.csv', linha: 6, message: 'publicado: use sim ou não (recebido "talvez")' },
    ]);
  });

  it('refuses a header without titulo/conteudo and an unclosed quote', () => {
    expect(artigosDoCsv('x.csv', 'nome,texto\na,b\n').erros[0]).toMatchObject({ linha: 1 });
    expect(artigosDoCsv('x.csv', 'titulo,conteudo\na,"b\n').erros[0]).toMatchObject({ linha: 2, message: expect.stringContaining('aspas') });
  });
});

describe('formatoDoArquivo', () => {
  it('goes by extension, then by content type', () => {
    expect(formatoDoArquivo('a.CSV', 'application/octet-stream')).toBe('csv');
    expect(formatoDoArquivo('a.md', '')).toBe('markdown');
    expect(formatoDoArquivo('a', 'text/markdown')).toBe('markdown');
    expect(formatoDoArquivo('a.pdf', 'application/pdf')).toBeNull();
  });
});
