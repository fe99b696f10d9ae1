import { Injectable } from '@nestjs/common';
import {
  type AtualizarTemplate,
  type CriarTemplate,
  type ListarTemplatesQuery,
  type PrevisualizarTemplate,
  TEMPLATE_VARIAVEIS_EMBUTIDAS,
  type TemplateDto,
  type TemplatePagina,
  type TemplatePreviaDto,
  type TemplateVariavelDto,
} from '@atende/shared';
import type { NormalizedTemplate } from '../../canais/channel-adapter.js';
import { codificarCursor, lerCursor } from '../../common/keyset-cursor.js';
import type { Ator } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { EmpresaRepository } from '../../empresas/empresa.repository.js';
import { extrairVariaveis, normalizarAtalho, substituirVariaveis } from './template-variaveis.js';
import type { Template, TemplateVariavel, TemplateWhatsappComponente } from './template.entity.js';
import { TemplateException } from './template.exception.js';
import { TemplateRepository } from './template.repository.js';

/** Values of the built-in variables, from the ticket being answered. */
export interface TemplateContextoRender {
  contatoNome?: string | null;
  atendenteNome?: string | null;
  ticketNumero?: number | null;
  empresaNome?: string | null;
}

export interface RenderizarTemplateInput {
  templateId?: string;
  /** With or without the leading '/'. */
  atalho?: string;
  /** Custom variables (`pedido`, WhatsApp `1`…); may also override a built-in one. */
  variaveis?: Record<string, string>;
  contexto: TemplateContextoRender;
}

export interface ResultadoSincronizacao {
  criados: number;
  atualizados: number;
  removidos: number;
}

const EMBUTIDAS: readonly string[] = TEMPLATE_VARIAVEIS_EMBUTIDAS;

export function toTemplateDto(template: Template): TemplateDto {
  return {
    id: template.id,
    canalId: template.canalId,
    nome: template.nome,
    categoria: template.categoria,
    atalho: template.atalho === null ? null : `/${template.atalho}`,
    conteudo: template.conteudo,
    variaveis: template.variaveis,
    variaveisNoTexto: extrairVariaveis(template.conteudo),
    idioma: template.idioma,
    ativo: template.ativo,
    whatsapp:
      template.whatsappNome === null
        ? null
        : {
            nome: template.whatsappNome,
            id: template.whatsappId,
            status: template.whatsappStatus,
            statusProvedor: template.whatsappStatusProvedor,
            categoria: template.whatsappCategoria,
            componentes: template.whatsappComponentes ?? [],
            sincronizadoEm: template.sincronizadoEm?.toISOString() ?? null,
          },
    criadoEm: template.criadoEm.toISOString(),
    atualizadoEm: template.atualizadoEm.toISOString(),
  };
}

/**
 * The custom variables the text uses, in order of appearance, with the description and example declared for
 * them (built-in ones need no declaration; a declared variable the text does not use is dropped).
 */
function variaveisDeclaradas(conteudo: string, declaradas: TemplateVariavelDto[]): TemplateVariavel[] {
  const porNome = new Map(declaradas.map((variavel) => [variavel.nome, variavel]));
  return extrairVariaveis(conteudo)
    .filter((nome) => !EMBUTIDAS.includes(nome))
    .map((nome) => porNome.get(nome) ?? { nome });
}

/** JSON with sorted keys: jsonb does not keep key order, so a plain stringify would see changes that are not. */
function jsonEstavel(valor: unknown): string {
  return JSON.stringify(valor, (_chave, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function decodificarCursor(cursor: string): { nome: string; id: string } {
  const chave = lerCursor<[string, string]>(cursor, ['string', 'uuid']);
  if (chave === null) throw TemplateException.cursorInvalido();
  return { nome: chave[0], id: chave[1] };
}

/** What a sync may change on a row, comparable across reads. */
function camposSincronizados(template: Template): string {
  return jsonEstavel([
    template.conteudo,
    template.variaveis,
    template.whatsappId,
    template.whatsappStatus,
    template.whatsappStatusProvedor,
    template.whatsappCategoria,
    template.whatsappComponentes,
    template.ativo,
  ]);
}

/** The fields a synced template takes from the provider (categoria and atalho stay the admin's). */
function valoresDoProvedor(
  template: NormalizedTemplate,
): Pick<
  Template,
  | 'conteudo'
  | 'variaveis'
  | 'whatsappId'
  | 'whatsappStatus'
  | 'whatsappStatusProvedor'
  | 'whatsappCategoria'
  | 'whatsappComponentes'
> {
  const corpo = template.components.find((componente) => componente.type === 'body');
  const componentes: TemplateWhatsappComponente[] = template.components.map((componente) => ({
    type: componente.type,
    ...(componente.format !== undefined ? { format: componente.format } : {}),
    ...(componente.text !== undefined ? { text: componente.text } : {}),
    variables: [...componente.variables],
    ...(componente.buttons !== undefined ? { buttons: componente.buttons.map((botao) => ({ ...botao })) } : {}),
  }));
  return {
    // The text agents see and fill; header and button parameters stay in the components.
    conteudo: corpo?.text?.trim() || template.name,
    variaveis: (corpo?.variables ?? []).map((nome) => ({ nome })),
    whatsappId: template.externalId,
    whatsappStatus: template.status,
    whatsappStatusProvedor: template.providerStatus,
    whatsappCategoria: template.category ?? null,
    whatsappComponentes: componentes,
  };
}

@Injectable()
export class TemplateService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly templates: TemplateRepository,
    private readonly empresas: EmpresaRepository,
  ) {}

  async listar(query: ListarTemplatesQuery): Promise<TemplatePagina> {
    const apos = query.cursor ? decodificarCursor(query.cursor) : undefined;
    return this.tx.run(async () => {
      const { templates, temMais } = await this.templates.listar({
        q: query.q,
        atalhoPrefixo: query.atalho === undefined ? undefined : normalizarAtalho(query.atalho),
        categoria: query.categoria,
        canalId: query.canalId,
        ativo: query.ativo,
        apos,
        limite: query.limite,
      });
      const ultimo = templates.at(-1);
      return {
        items: templates.map(toTemplateDto),
        nextCursor: temMais && ultimo ? codificarCursor([ultimo.nome, ultimo.id]) : null,
      };
    });
  }

  async buscar(id: string): Promise<TemplateDto> {
    return this.tx.run(async () => toTemplateDto(await this.encontrar(id)));
  }

  async criar(dto: CriarTemplate): Promise<TemplateDto> {
    return this.tx.run(async () => {
      const atalho = dto.atalho ? normalizarAtalho(dto.atalho) : null;
      if (atalho) await this.verificarAtalhoLivre(atalho);
      if (dto.canalId) await this.verificarCanal(dto.canalId);
      const template = await this.templates.create({
        nome: dto.nome,
        categoria: dto.categoria ?? null,
        atalho,
        conteudo: dto.conteudo,
        variaveis: variaveisDeclaradas(dto.conteudo, dto.variaveis ?? []),
        idioma: dto.idioma ?? 'pt_BR',
        canalId: dto.canalId ?? null,
        ativo: dto.ativo ?? true,
      });
      return toTemplateDto(template);
    });
  }

  async atualizar(id: string, dto: AtualizarTemplate): Promise<TemplateDto> {
    return this.tx.run(async () => {
      const template = await this.encontrar(id);
      if (template.whatsappNome !== null) {
        const doProvedor = (['nome', 'conteudo', 'idioma', 'canalId', 'variaveis'] as const).filter(
          (campo) => dto[campo] !== undefined,
        );
        if (doProvedor.length > 0) throw TemplateException.sincronizado(doProvedor);
      }
      if (dto.atalho !== undefined) {
        const atalho = dto.atalho ? normalizarAtalho(dto.atalho) : null;
        if (atalho) await this.verificarAtalhoLivre(atalho, template.id);
        template.atalho = atalho;
      }
      if (dto.canalId !== undefined) {
        if (dto.canalId) await this.verificarCanal(dto.canalId);
        template.canalId = dto.canalId;
      }
      if (dto.nome !== undefined) template.nome = dto.nome;
      if (dto.categoria !== undefined) template.categoria = dto.categoria;
      if (dto.idioma !== undefined) template.idioma = dto.idioma;
      if (dto.ativo !== undefined) template.ativo = dto.ativo;
      if (dto.conteudo !== undefined || dto.variaveis !== undefined) {
        template.conteudo = dto.conteudo ?? template.conteudo;
        template.variaveis = variaveisDeclaradas(template.conteudo, dto.variaveis ?? template.variaveis);
      }
      return toTemplateDto(await this.templates.save(template));
    });
  }

  async remover(id: string): Promise<void> {
    await this.tx.run(async () => {
      const template = await this.encontrar(id);
      await this.templates.delete(template.id);
    });
  }

  /**
   * The live preview of the composer: the same rendering as sending. atendente.nome and empresa.nome default to
   * the caller's atendente profile (or usuario name) and empresa; `ticketId` fills contato.nome and
   * ticket.numero; `contexto` and `variaveis` override any of them.
   */
  async previsualizar(id: string, dto: PrevisualizarTemplate, ator: Ator): Promise<TemplatePreviaDto> {
    return this.tx.run(async () => {
      const doTicket = dto.ticketId ? await this.templates.contextoDoTicket(dto.ticketId) : null;
      if (dto.ticketId && !doTicket) throw TemplateException.ticketNaoEncontrado();
      const empresa = await this.empresas.findById(ator.empresaId);
      const contexto: TemplateContextoRender = {
        contatoNome: doTicket?.contatoNome ?? null,
        ticketNumero: doTicket?.numero ?? null,
        atendenteNome: (await this.templates.nomeDoAtendente(ator.usuarioId)) ?? ator.nome,
        empresaNome: empresa?.nome ?? null,
        ...dto.contexto,
      };
      const { texto, template } = await this.renderizar({ templateId: id, variaveis: dto.variaveis, contexto });
      return { templateId: template.id, texto };
    });
  }

  /**
   * Fills a template for sending. Built-in variables come from `contexto`, custom ones from `variaveis`.
   * Refuses with 422, listing every variable left without a value, rather than sending `{{pedido}}` to a
   * customer; refuses an inactive template too.
   */
  async renderizar(input: RenderizarTemplateInput): Promise<{ texto: string; template: Template }> {
    return this.tx.run(async () => {
      const template = await this.encontrarParaRender(input);
      if (!template.ativo) throw TemplateException.desativado(template.nome);
      const { contexto } = input;
      const valores: Record<string, string | null | undefined> = {
        'contato.nome': contexto.contatoNome,
        'atendente.nome': contexto.atendenteNome,
        'ticket.numero':
          contexto.ticketNumero === null || contexto.ticketNumero === undefined ? null : String(contexto.ticketNumero),
        'empresa.nome': contexto.empresaNome,
        ...input.variaveis,
      };
      const { texto, faltando } = substituirVariaveis(template.conteudo, valores);
      if (faltando.length > 0) throw TemplateException.variaveisNaoPreenchidas(template.nome, faltando);
      return { texto, template };
    });
  }

  /**
   * Upserts the provider templates of a canal by (canal, name, language), in the current empresa's context:
   * new ones are created, known ones take the provider's text, status and components (and are reactivated),
   * and synced ones the provider no longer lists are deactivated (kept: past mensagens point at them).
   * `atualizados` counts the rows that changed.
   */
  async sincronizarDoCanal(canalId: string, templates: NormalizedTemplate[]): Promise<ResultadoSincronizacao> {
    return this.tx.run(async () => {
      await this.verificarCanal(canalId);
      const chave = (nome: string, idioma: string) => JSON.stringify([nome, idioma]);
      const existentes = new Map(
        (await this.templates.listarSincronizadosDoCanal(canalId)).map((t) => [chave(t.whatsappNome ?? '', t.idioma), t]),
      );
      const vistos = new Set<string>();
      const agora = new Date();
      const resultado: ResultadoSincronizacao = { criados: 0, atualizados: 0, removidos: 0 };
      for (const recebido of templates) {
        const chaveRecebida = chave(recebido.name, recebido.language);
        if (vistos.has(chaveRecebida)) continue;
        vistos.add(chaveRecebida);
        const valores = valoresDoProvedor(recebido);
        const atual = existentes.get(chaveRecebida);
        if (!atual) {
          await this.templates.create({
            ...valores,
            canalId,
            nome: recebido.displayName ?? recebido.name,
            idioma: recebido.language,
            categoria: recebido.category?.toLowerCase() ?? null,
            whatsappNome: recebido.name,
            sincronizadoEm: agora,
            ativo: true,
          });
          resultado.criados++;
          continue;
        }
        const antes = camposSincronizados(atual);
        Object.assign(atual, valores, { ativo: true, sincronizadoEm: agora });
        await this.templates.save(atual);
        if (camposSincronizados(atual) !== antes) resultado.atualizados++;
      }
      for (const [chaveExistente, atual] of existentes) {
        if (vistos.has(chaveExistente) || !atual.ativo) continue;
        atual.ativo = false;
        atual.sincronizadoEm = agora;
        await this.templates.save(atual);
        resultado.removidos++;
      }
      return resultado;
    });
  }

  private async encontrar(id: string): Promise<Template> {
    const template = await this.templates.findById(id);
    if (!template) throw TemplateException.naoEncontrado();
    return template;
  }

  private async encontrarParaRender(input: RenderizarTemplateInput): Promise<Template> {
    if (input.templateId) return this.encontrar(input.templateId);
    if (input.atalho) {
      const atalho = normalizarAtalho(input.atalho);
      const template = await this.templates.findPorAtalho(atalho);
      if (!template) throw TemplateException.atalhoNaoEncontrado(atalho);
      return template;
    }
    throw TemplateException.identificacaoAusente();
  }

  private async verificarAtalhoLivre(atalho: string, excetoId?: string): Promise<void> {
    const outro = await this.templates.findPorAtalho(atalho, excetoId);
    if (outro) throw TemplateException.atalhoEmUso(atalho, outro.id);
  }

  private async verificarCanal(canalId: string): Promise<void> {
    if (!(await this.templates.existeCanal(canalId))) throw TemplateException.canalNaoEncontrado();
  }
}
