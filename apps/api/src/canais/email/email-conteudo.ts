import sanitizeHtml from 'sanitize-html';

/**
 * What an inbound e-mail shows in the conversation: the new text without the quoted history, and HTML that
 * is safe to render in the agent's browser (no scripts, styles, event handlers, forms or remote images that
 * track the agent opening the mail).
 */

const TAGS_PERMITIDAS = [
  'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'sub', 'sup', 'small',
  'blockquote', 'pre', 'code', 'hr', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'a', 'img', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
];

export function sanitizarHtml(html: string): string {
  const limpo = sanitizeHtml(html, {
    allowedTags: TAGS_PERMITIDAS,
    allowedAttributes: {
      '*': ['dir'],
      a: ['href', 'title', 'target', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    // Remote images are tracking pixels more often than content; inline ones (cid:) come as attachments.
    allowedSchemesByTag: { img: ['data'] },
    allowProtocolRelative: false,
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
    },
  });
  return limpo.trim();
}

/** Lines that introduce the quoted previous message, in the languages our customers write in. */
const CABECALHOS_DE_CITACAO = [
  /^On .{1,300}wrote:\s*$/i,
  /^Em .{1,300}escreveu:\s*$/i,
  /^El .{1,300}escribió:\s*$/i,
  /^Le .{1,300}a écrit\s*:\s*$/i,
  /^Am .{1,300}schrieb .{0,200}:\s*$/i,
  /^-{2,}\s*(Original Message|Mensagem original|Mensaje original)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^(From|De):\s.+$/i,
  /^-- Please reply above this line --$/i,
];

/**
 * The reply without the quoted history: cut at the first quote header ("On … wrote:", Outlook's "From:"
 * block) or at the first run of `>` lines that continues to the end. Falls back to the whole text when the
 * cut would leave nothing (a forward that is all quote).
 */
export function removerCitacao(texto: string): string {
  const linhas = texto.replace(/\r\n?/g, '\n').split('\n');
  let corte = linhas.length;
  for (let i = 0; i < linhas.length; i += 1) {
    const linha = linhas[i].trim();
    // Gmail wraps long "On … wrote:" headers onto two lines.
    const comSeguinte = i + 1 < linhas.length ? `${linha} ${linhas[i + 1].trim()}` : linha;
    if (CABECALHOS_DE_CITACAO.some((padrao) => padrao.test(linha) || (/^(On|Em|El) /i.test(linha) && padrao.test(comSeguinte)))) {
      corte = i;
      break;
    }
    if (linha.startsWith('>') && linhas.slice(i).every((resto) => resto.trim() === '' || resto.trim().startsWith('>'))) {
      corte = i;
      break;
    }
  }
  const resposta = linhas.slice(0, corte).join('\n').trim();
  return resposta === '' ? texto.trim() : resposta;
}

/** HTML without the quoted history: Gmail, Apple Mail, Outlook and Thunderbird mark it differently. */
export function removerCitacaoHtml(html: string): string {
  const semCitacao = sanitizeHtml(html, {
    // Only cuts the quote; the result goes through sanitizarHtml before anyone sees it.
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    exclusiveFilter: (frame) => {
      const classe = frame.attribs.class ?? '';
      const id = frame.attribs.id ?? '';
      return (
        /\b(gmail_quote|yahoo_quoted|moz-cite-prefix)\b/.test(classe) ||
        id === 'appendonsend' ||
        id === 'divRplyFwdMsg' ||
        (frame.tag === 'blockquote' && (frame.attribs.type === 'cite' || /\bgmail_quote\b/.test(classe)))
      );
    },
  });
  return semCitacao.trim() === '' ? html : semCitacao;
}

/** Plain text of an HTML body, for mails without a text/plain part. */
export function textoDoHtml(html: string): string {
  const comQuebras = html.replace(/<\s*br\s*\/?>/gi, '\n').replace(/<\/\s*(p|div|li|tr|h[1-6])\s*>/gi, '\n');
  const texto = sanitizeHtml(comQuebras, { allowedTags: [], allowedAttributes: {} });
  return texto
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Text → minimal HTML for the html part of our replies. */
export function htmlDoTexto(texto: string): string {
  const escapado = texto.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<div>${escapado.replace(/\r?\n/g, '<br>')}</div>`;
}
