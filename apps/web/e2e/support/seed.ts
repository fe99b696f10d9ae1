import type { AtendenteDto, CanalDto, FilaDto, TemplateDto, UsuarioDto } from '@atende/shared';
import { Rest } from './rest.js';

export interface Agente {
  nome: string;
  email: string;
  senha: string;
  usuario: UsuarioDto;
  atendente: AtendenteDto;
}

export interface Cenario {
  admin: Rest;
  suporte: FilaDto;
  financeiro: FilaDto;
  ana: Agente;
  bruno: Agente;
  canal: CanalDto;
  saudacao: TemplateDto;
}

async function criarAgente(admin: Rest, nome: string, email: string, fila: FilaDto): Promise<Agente> {
  const senha = `senha-de-${email.split('@')[0]}-123`;
  const usuario = await admin.post<UsuarioDto>('/api/usuarios', { nome, email, senha, papel: 'atendente' });
  const atendente = await admin.post<AtendenteDto>('/api/atendimento/atendentes', {
    usuarioId: usuario.id,
    maxTicketsSimultaneos: 5,
    filas: [{ filaId: fila.id }],
  });
  return { nome, email, senha, usuario, atendente };
}

/**
 * Two filas, one agent in each, a WhatsApp canal routed to Suporte and the `/saudacao` template, all created
 * through the REST API as an admin would.
 */
export async function semearCenario(
  baseUrl: string,
  admin: { email: string; senha: string },
  whatsapp: Record<string, string>,
): Promise<Cenario> {
  const rest = await Rest.login(baseUrl, admin.email, admin.senha);
  const suporte = await rest.post<FilaDto>('/api/atendimento/filas', { nome: 'Suporte', cor: '#0ca678', estrategia: 'manual' });
  const financeiro = await rest.post<FilaDto>('/api/atendimento/filas', { nome: 'Financeiro', cor: '#7048e8', estrategia: 'manual' });
  const ana = await criarAgente(rest, 'Ana Lima', 'ana@e2e.test', suporte);
  const bruno = await criarAgente(rest, 'Bruno Costa', 'bruno@e2e.test', financeiro);
  const canal = await rest.post<CanalDto>('/api/atendimento/canais', {
    tipo: 'whatsapp',
    nome: 'WhatsApp Vendas',
    configuracao: whatsapp,
    filaPadraoId: suporte.id,
  });
  const saudacao = await rest.post<TemplateDto>('/api/atendimento/templates', {
    nome: 'Saudação',
    categoria: 'Boas-vindas',
    atalho: '/saudacao',
    conteudo: 'Olá {{contato.nome}}, aqui é {{atendente.nome}}. Seu protocolo é {{protocolo}}.',
    variaveis: [{ nome: 'protocolo', descricao: 'Número do protocolo', exemplo: 'A-1234' }],
  });
  return { admin: rest, suporte, financeiro, ana, bruno, canal, saudacao };
}
