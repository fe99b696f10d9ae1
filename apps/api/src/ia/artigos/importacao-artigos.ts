import { type CriarArtigo, criarArtigoSchema } from '@atende/shared';

/** Parsing of imported knowledge-base files (Markdown, CSV) into articles. Pure: no I/O. */

export interface ArtigoImportado extends CriarArtigo {
  origem: 'markdown' | 'csv';
}

export interface ErroDeLinha {
  arquivo: string;
  linha: number;
  message: string;
}

export interface ResultadoDoArquivo {
  artigos: ArtigoImportado[];
  erros: ErroDeLinha[];
}

function validar(arquivo: string, linha: number, bruto: CriarArtigo, origem: ArtigoImportado['origem']): ResultadoDoArquivo {
  const valido = criarArtigoSchema.safeParse(bruto);
  if (valido.success) return { artigos: [{ ...valido.data, origem }], erros: [] };
  return {
    artigos: [],
    erros: valido.error.issues.map((issue) => ({
      arquivo,
      linha,
      message: `${issue.path.join('.') || 'artigo'}: ${issue.message}`,
    })),
  };
}

const semExtensao = (nome: string) => nome.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ').trim();

/**
 * Markdown: a file without `# ` headings is one article titled by the file name; otherwise every level-1
 * heading starts an article (text before the first heading, if any, is an article titled by the file name).
 * Headings inside fenced code blocks do not count.
 */
export function artigosDoMarkdown(arquivo: string, texto: string): ResultadoDoArquivo {
  const linhas = texto.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const secoes: { titulo: string; linha: number; corpo: string[] }[] = [{ titulo: semExtensao(arquivo), linha: 1, corpo: [] }];
  let emCodigo = false;
  linhas.forEach((linha, i) => {
    if (/^\s*(```|~~~)/.test(linha)) emCodigo = !emCodigo;
    const titulo = !emCodigo ? /^#\s+(.+?)\s*#*\s*$/.exec(linha) : null;
    if (titulo) secoes.push({ titulo: titulo[1]!, linha: i + 1, corpo: [] });
    else secoes[secoes.length - 1]!.corpo.push(linha);
  });
  const resultado: ResultadoDoArquivo = { artigos: [], erros: [] };
  secoes.forEach((secao, i) => {
    const conteudo = secao.corpo.join('\n').trim();
    // The implicit first section exists only to hold text before the first heading.
    if (i === 0 && secoes.length > 1 && conteudo === '') return;
    const parcial = validar(arquivo, secao.linha, { titulo: secao.titulo, conteudo }, 'markdown');
    resultado.artigos.push(...parcial.artigos);
    resultado.erros.push(...parcial.erros);
  });
  return resultado;
}

interface Registro {
  linha: number;
  campos: string[];
}

/** RFC 4180 records (quoted fields may hold the delimiter, quotes as "" and line breaks), with their first line. */
function registrosCsv(texto: string, delimitador: string): { registros: Registro[]; erro: ErroDeLinha | null } {
  const registros: Registro[] = [];
  let campos: string[] = [];
  let campo = '';
  let aspas = false;
  let linha = 1;
  let inicio = 1;
  let temConteudo = false;
  for (let i = 0; i < texto.length; i++) {
    const c = texto[i]!;
    if (aspas) {
      if (c === '"' && texto[i + 1] === '"') {
        campo += '"';
        i++;
      } else if (c === '"') aspas = false;
      else {
        if (c === '\n') linha++;
        campo += c;
      }
      continue;
    }
    if (c === '"' && campo === '') {
      aspas = true;
      temConteudo = true;
    } else if (c === delimitador) {
      campos.push(campo);
      campo = '';
      temConteudo = true;
    } else if (c === '\n') {
      campos.push(campo);
      if (temConteudo || campos.some((v) => v.trim() !== '')) registros.push({ linha: inicio, campos });
      campos = [];
      campo = '';
      temConteudo = false;
      linha++;
      inicio = linha;
    } else {
      campo += c;
      if (c.trim() !== '') temConteudo = true;
    }
  }
  if (aspas) return { registros, erro: { arquivo: '', linha: inicio, message: 'aspas abertas e não fechadas até o fim do arquivo' } };
  campos.push(campo);
  if (temConteudo || campos.some((v) => v.trim() !== '')) registros.push({ linha: inicio, campos });
  return { registros, erro: null };
}

const COLUNAS: Record<string, 'titulo' | 'conteudo' | 'categoria' | 'tags' | 'publicado'> = {
  titulo: 'titulo',
  title: 'titulo',
  conteudo: 'conteudo',
  content: 'conteudo',
  categoria: 'categoria',
  category: 'categoria',
  tags: 'tags',
  publicado: 'publicado',
  published: 'publicado',
};

const VERDADEIRO = new Set(['sim', 's', 'true', '1', 'yes', 'y']);
const FALSO = new Set(['nao', 'não', 'n', 'false', '0', 'no']);

/**
 * CSV with a header row naming the columns: titulo and conteudo (required), categoria, tags (separated by
 * `;` or `|`), publicado (sim/não, true/false). The delimiter is `,` or `;` (Excel in pt-BR), taken from the
 * header. Line numbers are the file's, counting the header as line 1.
 */
export function artigosDoCsv(arquivo: string, texto: string): ResultadoDoArquivo {
  const limpo = texto.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const cabecalho = limpo.split('\n', 1)[0] ?? '';
  const delimitador = (cabecalho.match(/;/g)?.length ?? 0) > (cabecalho.match(/,/g)?.length ?? 0) ? ';' : ',';
  const { registros, erro } = registrosCsv(limpo, delimitador);
  if (erro) return { artigos: [], erros: [{ ...erro, arquivo }] };
  const [primeiro, ...linhas] = registros;
  if (!primeiro) return { artigos: [], erros: [{ arquivo, linha: 1, message: 'arquivo vazio: a primeira linha deve ser o cabeçalho (titulo,conteudo,…)' }] };
  const colunas = primeiro.campos.map((nome) => COLUNAS[nome.trim().toLowerCase()] ?? null);
  const faltando = (['titulo', 'conteudo'] as const).filter((c) => !colunas.includes(c));
  if (faltando.length > 0)
    return {
      artigos: [],
      erros: [{ arquivo, linha: primeiro.linha, message: `cabeçalho sem a coluna ${faltando.join(' e ')} (colunas aceitas: titulo, conteudo, categoria, tags, publicado)` }],
    };
  const resultado: ResultadoDoArquivo = { artigos: [], erros: [] };
  for (const registro of linhas) {
    if (registro.campos.length !== colunas.length) {
      resultado.erros.push({
        arquivo,
        linha: registro.linha,
        message: `${registro.campos.length} colunas, o cabeçalho tem ${colunas.length} (confira aspas e o separador "${delimitador}")`,
      });
      continue;
    }
    const valor = (coluna: string) => {
      const i = colunas.indexOf(coluna as (typeof colunas)[number]);
      return i < 0 ? undefined : registro.campos[i]!.trim();
    };
    const publicadoTexto = valor('publicado')?.toLowerCase();
    if (publicadoTexto && !VERDADEIRO.has(publicadoTexto) && !FALSO.has(publicadoTexto)) {
      resultado.erros.push({ arquivo, linha: registro.linha, message: `publicado: use sim ou não (recebido "${publicadoTexto}")` });
      continue;
    }
    const tags = valor('tags')
      ?.split(/[;|]/)
      .map((t) => t.trim())
      .filter((t) => t !== '');
    const categoria = valor('categoria');
    const parcial = validar(
      arquivo,
      registro.linha,
      {
        titulo: valor('titulo') ?? '',
        conteudo: valor('conteudo') ?? '',
        ...(categoria ? { categoria } : {}),
        ...(tags && tags.length > 0 ? { tags } : {}),
        ...(publicadoTexto ? { publicado: VERDADEIRO.has(publicadoTexto) } : {}),
      },
      'csv',
    );
    resultado.artigos.push(...parcial.artigos);
    resultado.erros.push(...parcial.erros);
  }
  return resultado;
}

/** By extension (or content type): .md/.markdown/.txt → Markdown, .csv → CSV. */
export function formatoDoArquivo(nome: string, mime: string): 'markdown' | 'csv' | null {
  const extensao = /\.([^.]+)$/.exec(nome)?.[1]?.toLowerCase();
  if (extensao === 'csv' || mime === 'text/csv') return 'csv';
  if (extensao === 'md' || extensao === 'markdown' || extensao === 'txt' || mime === 'text/markdown') return 'markdown';
  return null;
}
