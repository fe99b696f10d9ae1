import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  type AtualizarAutomacao,
  type AutomacaoCondicao,
  type AutomacaoDto,
  type AutomacaoExecucaoPagina,
  type CriarAutomacao,
  type ListarAutomacaoExecucoesQuery,
  automacaoAcaoSchema,
  automacaoCondicaoSchema,
  automacaoGatilhoConfigSchema,
} from '@atende/shared';
import { codificarCursor, lerCursor } from '../../common/keyset-cursor.js';
import { TransactionHost } from '../../database/transaction-host.js';
import type { AutomacaoExecucao } from './automacao-execucao.entity.js';
import { AutomacaoExecucaoRepository } from './automacao-execucao.repository.js';
import type { Automacao } from './automacao.entity.js';
import { AutomacaoException } from './automacao.exception.js';
import { AutomacaoRepository, type TabelaReferenciada } from './automacao.repository.js';
import { AutomacaoWebhookService } from './automacao-webhook.service.js';
import { condicaoVazia } from './avaliador-de-condicoes.js';

const acoesSchema = z.array(automacaoAcaoSchema);
const SEM_CONDICOES: AutomacaoCondicao = { tipo: 'e', condicoes: [] };

function toDto(a: Automacao): AutomacaoDto {
  return {
    id: a.id,
    nome: a.nome,
    descricao: a.descricao,
    gatilho: a.gatilho,
    gatilhoConfig: automacaoGatilhoConfigSchema.safeParse(a.gatilhoConfig).data ?? {},
    condicoes: condicaoVazia(a.condicoes) ? SEM_CONDICOES : (automacaoCondicaoSchema.safeParse(a.condicoes).data ?? SEM_CONDICOES),
    acoes: acoesSchema.safeParse(a.acoes).data ?? [],
    webhookSegredoDefinido: a.segredosCifrados !== null,
    ordem: a.ordem,
    pararAposExecutar: a.pararAposExecutar,
    ativo: a.ativo,
    criadoEm: a.criadoEm.toISOString(),
    atualizadoEm: a.atualizadoEm.toISOString(),
  };
}

function toExecucaoDto(e: AutomacaoExecucao): AutomacaoExecucaoPagina['items'][number] {
  return {
    id: e.id,
    automacaoId: e.automacaoId,
    ticketId: e.ticketId,
    gatilho: e.gatilho,
    cadeiaId: e.cadeiaId,
    resultado: e.resultado,
    acoesExecutadas: e.acoesExecutadas,
    erro: e.erro,
    duracaoMs: e.duracaoMs,
    executadaEm: e.executadaEm.toISOString(),
  };
}

/** Every id a rule names, with the field path a 400 should point at. */
function referencias(acoes: z.infer<typeof acoesSchema>, condicoes: AutomacaoCondicao | undefined) {
  const lista: { tabela: TabelaReferenciada; id: string; campo: string; oQue: string }[] = [];
  acoes.forEach((acao, i) => {
    if (acao.tipo === 'adicionar_tag' || acao.tipo === 'remover_tag')
      lista.push({ tabela: 'atendimento_tags', id: acao.tagId, campo: `acoes.${i}.tagId`, oQue: 'tag' });
    if (acao.tipo === 'atribuir_fila') lista.push({ tabela: 'atendimento_filas', id: acao.filaId, campo: `acoes.${i}.filaId`, oQue: 'fila' });
    if (acao.tipo === 'atribuir_atendente')
      lista.push({ tabela: 'atendimento_atendentes', id: acao.atendenteId, campo: `acoes.${i}.atendenteId`, oQue: 'atendente' });
    if (acao.tipo === 'enviar_template')
      lista.push({ tabela: 'atendimento_templates', id: acao.templateId, campo: `acoes.${i}.templateId`, oQue: 'template' });
  });
  const visitar = (c: AutomacaoCondicao, caminho: string) => {
    if (c.tipo === 'e' || c.tipo === 'ou') c.condicoes.forEach((filha, i) => visitar(filha, `${caminho}.condicoes.${i}`));
    if (c.tipo === 'tags') for (const id of c.tagIds) lista.push({ tabela: 'atendimento_tags', id, campo: `${caminho}.tagIds`, oQue: 'tag' });
    if (c.tipo === 'fila') for (const id of c.filaIds) lista.push({ tabela: 'atendimento_filas', id, campo: `${caminho}.filaIds`, oQue: 'fila' });
    if (c.tipo === 'canal')
      for (const id of c.canalIds ?? []) lista.push({ tabela: 'atendimento_canais', id, campo: `${caminho}.canalIds`, oQue: 'canal' });
  };
  if (condicoes) visitar(condicoes, 'condicoes');
  return lista;
}

/** CRUD, order and run log of the rules (admins and supervisors). */
@Injectable()
export class AutomacaoService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly automacoes: AutomacaoRepository,
    private readonly execucoes: AutomacaoExecucaoRepository,
    private readonly webhooks: AutomacaoWebhookService,
  ) {}

  async listar(): Promise<AutomacaoDto[]> {
    return (await this.automacoes.listarEmOrdem()).map(toDto);
  }

  async buscar(id: string): Promise<AutomacaoDto> {
    return toDto(await this.encontrar(id));
  }

  async criar(dto: CriarAutomacao): Promise<AutomacaoDto> {
    return this.tx.run(async () => {
      await this.validarReferencias(dto.acoes, dto.condicoes);
      const criada = await this.automacoes.create({
        nome: dto.nome,
        descricao: dto.descricao ?? null,
        gatilho: dto.gatilho,
        gatilhoConfig: { ...(dto.gatilhoConfig ?? {}) },
        condicoes: { ...(dto.condicoes ?? SEM_CONDICOES) },
        acoes: dto.acoes.map((acao) => ({ ...acao })),
        segredosCifrados: null,
        ordem: dto.ordem ?? (await this.automacoes.proximaOrdem()),
        pararAposExecutar: dto.pararAposExecutar ?? false,
        ativo: dto.ativo ?? true,
      });
      if (dto.webhookSegredo !== undefined) {
        criada.segredosCifrados = this.webhooks.cifrarSegredos(criada.id, { webhook: dto.webhookSegredo });
      }
      this.exigirSegredo(criada);
      return toDto(await this.automacoes.save(criada));
    });
  }

  async atualizar(id: string, dto: AtualizarAutomacao): Promise<AutomacaoDto> {
    return this.tx.run(async () => {
      const automacao = await this.encontrar(id);
      if (dto.acoes !== undefined || dto.condicoes !== undefined) await this.validarReferencias(dto.acoes ?? [], dto.condicoes);
      if (dto.nome !== undefined) automacao.nome = dto.nome;
      if (dto.descricao !== undefined) automacao.descricao = dto.descricao;
      if (dto.gatilho !== undefined) automacao.gatilho = dto.gatilho;
      if (dto.gatilhoConfig !== undefined) automacao.gatilhoConfig = { ...dto.gatilhoConfig };
      if (dto.condicoes !== undefined) automacao.condicoes = { ...dto.condicoes };
      if (dto.acoes !== undefined) automacao.acoes = dto.acoes.map((acao) => ({ ...acao }));
      if (dto.ordem !== undefined) automacao.ordem = dto.ordem;
      if (dto.pararAposExecutar !== undefined) automacao.pararAposExecutar = dto.pararAposExecutar;
      if (dto.ativo !== undefined) automacao.ativo = dto.ativo;
      if (dto.webhookSegredo !== undefined) {
        automacao.segredosCifrados = this.webhooks.cifrarSegredos(automacao.id, { webhook: dto.webhookSegredo });
      }
      if (automacao.gatilho === 'ticket_ocioso' && automacaoGatilhoConfigSchema.safeParse(automacao.gatilhoConfig).data?.minutos === undefined) {
        throw AutomacaoException.invalida('gatilhoConfig.minutos', 'ticket_ocioso precisa de gatilhoConfig.minutos');
      }
      this.exigirSegredo(automacao);
      return toDto(await this.automacoes.save(automacao));
    });
  }

  async definirAtivo(id: string, ativo: boolean): Promise<AutomacaoDto> {
    return this.tx.run(async () => {
      const automacao = await this.encontrar(id);
      automacao.ativo = ativo;
      return toDto(await this.automacoes.save(automacao));
    });
  }

  async remover(id: string): Promise<void> {
    await this.tx.run(async () => {
      await this.automacoes.delete((await this.encontrar(id)).id);
    });
  }

  /** `ids` must list every rule of the empresa exactly once; `ordem` becomes the position. */
  async reordenar(ids: string[]): Promise<AutomacaoDto[]> {
    return this.tx.run(async () => {
      const existentes = new Set(await this.automacoes.idsTravados());
      const pedidos = new Set(ids);
      const faltando = [...existentes].filter((id) => !pedidos.has(id));
      const desconhecidos = ids.filter((id) => !existentes.has(id));
      if (faltando.length > 0 || desconhecidos.length > 0) throw AutomacaoException.ordemIncompleta(faltando, desconhecidos);
      await this.automacoes.reordenar(ids);
      return this.listar();
    });
  }

  /** The run log of one rule, newest first. */
  async execucoesDe(id: string, query: ListarAutomacaoExecucoesQuery): Promise<AutomacaoExecucaoPagina> {
    const apos = query.cursor === undefined ? undefined : lerCursor<[string, string]>(query.cursor, ['instante', 'uuid']);
    if (apos === null) throw AutomacaoException.cursorInvalido();
    await this.encontrar(id);
    const pagina = await this.execucoes.listar(id, apos, query.limite);
    return { items: pagina.execucoes.map(toExecucaoDto), nextCursor: pagina.proxima ? codificarCursor(pagina.proxima) : null };
  }

  private exigirSegredo(automacao: Automacao): void {
    const temWebhook = (acoesSchema.safeParse(automacao.acoes).data ?? []).some((acao) => acao.tipo === 'webhook');
    if (temWebhook && automacao.segredosCifrados === null) {
      throw AutomacaoException.invalida('webhookSegredo', 'ações webhook precisam de webhookSegredo (a chave HMAC da assinatura)');
    }
  }

  private async validarReferencias(acoes: z.infer<typeof acoesSchema>, condicoes: AutomacaoCondicao | undefined): Promise<void> {
    for (const ref of referencias(acoes, condicoes)) {
      if ((await this.automacoes.inexistentes(ref.tabela, [ref.id])).length > 0) {
        throw AutomacaoException.referenciaInvalida(ref.campo, ref.oQue);
      }
    }
  }

  private async encontrar(id: string): Promise<Automacao> {
    const automacao = await this.automacoes.findById(id);
    if (!automacao) throw AutomacaoException.naoEncontrada();
    return automacao;
  }
}
