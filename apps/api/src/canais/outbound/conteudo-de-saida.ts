import { z } from 'zod';
import type {
  ChannelCapabilities,
  MediaKind,
  OutboundContent,
  TemplateComponentInput,
  TemplateParameter,
} from '../channel-adapter.js';
import { opcoesInterativasSchema, rotuloDaOpcao, textoComOpcoes } from '../../atendimento/mensagens/opcoes-interativas.js';
import type { MensagemParaEnvio } from './mensagem-envio.repository.js';

/** Bytes of the mensagem's stored attachment, read from the storage service. */
export interface ArquivoDeSaida {
  data: Uint8Array;
  mimeType: string;
  filename: string;
}

export type ConteudoDeSaida = { ok: true; conteudo: OutboundContent } | { ok: false; motivo: string };

const TIPOS_DE_MIDIA: Readonly<Partial<Record<MensagemParaEnvio['tipo'], MediaKind>>> = {
  imagem: 'imagem',
  audio: 'audio',
  video: 'video',
  documento: 'documento',
  sticker: 'sticker',
};

const fonteMidia = z.union([
  z.object({ type: z.literal('link'), url: z.url() }),
  z.object({ type: z.literal('provider'), id: z.string().min(1) }),
]);

const parametroTemplate = z.union([
  z.object({ type: z.literal('text'), text: z.string(), parameterName: z.string().optional() }),
  z.object({ type: z.literal('payload'), payload: z.string() }),
  z.object({ type: z.enum(['imagem', 'video', 'documento']), source: fonteMidia, filename: z.string().optional() }),
]);

const componenteTemplate = z.object({
  type: z.enum(['header', 'body', 'button']),
  subType: z.enum(['quick_reply', 'url', 'copy_code']).optional(),
  index: z.number().int().min(0).optional(),
  parameters: z.array(parametroTemplate),
});

/**
 * `payload.template` of a template mensagem: the provider's template name and language, and either the
 * filled components as the adapter takes them, or the values of the template's variables by name
 * (`{"1": "Ana"}` or named parameters), which fill the synced template's components.
 */
const templateSchema = z.object({
  nome: z.string().min(1),
  idioma: z.string().min(1),
  componentes: z.array(componenteTemplate).optional(),
  variaveis: z.record(z.string(), z.string()).default({}),
});

/** A synced provider template's component, as the templates module stores it. */
export interface ComponenteDoTemplate {
  type: string;
  format?: string;
  text?: string;
  variables: string[];
  buttons?: { type: string; text: string; url?: string }[];
}

const VARIAVEL = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function parametro(nome: string, valores: Readonly<Record<string, string>>, faltando: string[]): TemplateParameter {
  const valor = valores[nome];
  if (valor === undefined || valor.trim() === '') faltando.push(nome);
  // Positional templates number their variables; named ones send the name along.
  return /^\d+$/.test(nome) ? { type: 'text', text: valor ?? '' } : { type: 'text', text: valor ?? '', parameterName: nome };
}

/** Fills the synced components' variables with the values given; names the ones left without a value. */
export function preencherComponentes(
  componentes: readonly ComponenteDoTemplate[],
  valores: Readonly<Record<string, string>>,
): { ok: true; componentes: TemplateComponentInput[] } | { ok: false; motivo: string } {
  const faltando: string[] = [];
  const resultado: TemplateComponentInput[] = [];
  for (const componente of componentes) {
    const tipo = componente.type.toLowerCase();
    if (tipo === 'header') {
      const formato = (componente.format ?? 'TEXT').toUpperCase();
      if (formato !== 'TEXT') {
        return {
          ok: false,
          motivo: `O template tem cabeçalho de mídia (${formato}), que precisa de um arquivo: envie-o com os componentes já preenchidos.`,
        };
      }
      if (componente.variables.length > 0)
        resultado.push({ type: 'header', parameters: componente.variables.map((nome) => parametro(nome, valores, faltando)) });
    } else if (tipo === 'body') {
      if (componente.variables.length > 0)
        resultado.push({ type: 'body', parameters: componente.variables.map((nome) => parametro(nome, valores, faltando)) });
    } else if (tipo === 'buttons') {
      (componente.buttons ?? []).forEach((botao, index) => {
        const nomes = [...new Set(Array.from((botao.url ?? '').matchAll(VARIAVEL), (match) => match[1] ?? ''))].filter(
          (nome) => nome !== '',
        );
        if (botao.type.toUpperCase() === 'URL' && nomes.length > 0) {
          resultado.push({
            type: 'button',
            subType: 'url',
            index,
            parameters: nomes.map((nome) => parametro(nome, valores, faltando)),
          });
        }
      });
    }
  }
  if (faltando.length > 0) return { ok: false, motivo: `Variáveis do template sem valor: ${[...new Set(faltando)].join(', ')}.` };
  return { ok: true, componentes: resultado };
}

const localizacaoSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string().optional(),
  address: z.string().optional(),
});

const reacaoSchema = z.object({ alvoExternalId: z.string().min(1), emoji: z.string().nullable() });

/** A link given instead of an uploaded file: `payload.midia.url` (or `payload.midia.link`). */
const midiaLinkSchema = z.object({
  midia: z.object({ url: z.url().optional(), link: z.url().optional(), nomeArquivo: z.string().optional() }),
});

/**
 * Translates a stored mensagem into the adapter's outbound content. Pure: the caller reads the attachment
 * bytes and the synced template. A mensagem that cannot be expressed (a contact card, an incomplete template) is a permanent failure
 * with the reason, never a retry.
 */
export function conteudoDeSaida(
  mensagem: MensagemParaEnvio,
  fontes: {
    arquivo?: ArquivoDeSaida | null;
    /** For `mediaByLink` canais: the signed public link to the attachment, instead of its bytes. */
    linkDoArquivo?: { url: string; filename: string } | null;
    componentesDoTemplate?: readonly ComponenteDoTemplate[] | null;
    /** The canal's tappable choices (`capabilities.options`); without them a question goes as text. */
    opcoes?: ChannelCapabilities['options'];
  } = {},
): ConteudoDeSaida {
  const arquivo = fontes.arquivo ?? null;
  const legenda = mensagem.conteudo !== null && mensagem.conteudo.trim() !== '' ? mensagem.conteudo : undefined;
  const midia = TIPOS_DE_MIDIA[mensagem.tipo];
  if (midia !== undefined) {
    if (arquivo !== null) {
      return {
        ok: true,
        conteudo: {
          type: 'midia',
          kind: midia,
          source: { type: 'upload', data: arquivo.data, mimeType: arquivo.mimeType, filename: arquivo.filename },
          filename: arquivo.filename,
          ...(legenda !== undefined ? { caption: legenda } : {}),
        },
      };
    }
    const linkDoArquivo = fontes.linkDoArquivo ?? null;
    if (linkDoArquivo !== null) {
      return {
        ok: true,
        conteudo: {
          type: 'midia',
          kind: midia,
          source: { type: 'link', url: linkDoArquivo.url },
          filename: linkDoArquivo.filename,
          ...(legenda !== undefined ? { caption: legenda } : {}),
        },
      };
    }
    const link = midiaLinkSchema.safeParse(mensagem.payload);
    const url = link.success ? (link.data.midia.url ?? link.data.midia.link) : undefined;
    if (url === undefined) return { ok: false, motivo: 'Mensagem de mídia sem anexo nem link (payload.midia.url).' };
    const nome = link.success ? link.data.midia.nomeArquivo : undefined;
    return {
      ok: true,
      conteudo: {
        type: 'midia',
        kind: midia,
        source: { type: 'link', url },
        ...(nome !== undefined ? { filename: nome } : {}),
        ...(legenda !== undefined ? { caption: legenda } : {}),
      },
    };
  }
  switch (mensagem.tipo) {
    case 'texto':
      if (legenda === undefined) return { ok: false, motivo: 'Mensagem de texto vazia.' };
      return { ok: true, conteudo: { type: 'texto', text: mensagem.conteudo ?? '' } };
    case 'template': {
      const parsed = templateSchema.safeParse(mensagem.payload.template);
      if (!parsed.success) return { ok: false, motivo: 'Mensagem de template sem payload.template {nome, idioma} válido.' };
      const template = parsed.data;
      let components = template.componentes;
      if (components === undefined) {
        const preenchidos = preencherComponentes(fontes.componentesDoTemplate ?? [], template.variaveis);
        if (!preenchidos.ok) return preenchidos;
        components = preenchidos.componentes;
      }
      return { ok: true, conteudo: { type: 'template', name: template.nome, language: template.idioma, components } };
    }
    case 'localizacao': {
      const parsed = localizacaoSchema.safeParse(mensagem.payload.localizacao);
      if (!parsed.success) return { ok: false, motivo: 'Localização sem latitude/longitude em payload.localizacao.' };
      return { ok: true, conteudo: { type: 'localizacao', location: parsed.data } };
    }
    case 'reacao': {
      const parsed = reacaoSchema.safeParse(mensagem.payload.reacao);
      if (!parsed.success) return { ok: false, motivo: 'Reação sem payload.reacao {alvoExternalId, emoji}.' };
      return { ok: true, conteudo: { type: 'reacao', targetExternalId: parsed.data.alvoExternalId, emoji: parsed.data.emoji } };
    }
    case 'interativa': {
      const parsed = opcoesInterativasSchema.safeParse(mensagem.payload.interativa);
      if (!parsed.success || legenda === undefined)
        return { ok: false, motivo: 'Mensagem interativa sem texto ou sem payload.interativa.opcoes válidas.' };
      const limite = fontes.opcoes;
      const rotulos = parsed.data.opcoes.map(rotuloDaOpcao);
      // Buttons only when every choice fits the canal's limits; otherwise the customer types the key.
      if (limite && rotulos.length <= limite.maxOptions && rotulos.every((r) => r.length <= limite.maxTitleLength)) {
        return {
          ok: true,
          conteudo: {
            type: 'opcoes',
            text: legenda,
            options: parsed.data.opcoes.map((opcao, i) => ({ id: opcao.id, title: rotulos[i] ?? opcao.chave })),
            ...(parsed.data.botao !== undefined ? { buttonLabel: parsed.data.botao } : {}),
          },
        };
      }
      return { ok: true, conteudo: { type: 'texto', text: textoComOpcoes(legenda, parsed.data) } };
    }
    default:
      return { ok: false, motivo: `Mensagens do tipo "${mensagem.tipo}" não podem ser enviadas por este canal.` };
  }
}

/** What the envios log keeps of a request: the content without file bytes. */
export function resumoDoConteudo(
  conteudo: OutboundContent,
  para: string,
  respostaA: string | undefined,
): Record<string, unknown> {
  const semBytes =
    conteudo.type === 'midia' && conteudo.source.type === 'upload'
      ? {
          ...conteudo,
          source: {
            type: 'upload',
            mimeType: conteudo.source.mimeType,
            filename: conteudo.source.filename,
            bytes: conteudo.source.data.byteLength,
          },
        }
      : conteudo;
  return { para, conteudo: semBytes, ...(respostaA !== undefined ? { respostaA } : {}) };
}
