import type { AnexoDto, MensagemDto, TemplateDto, TicketDto } from '@atende/shared';

/** Plain, schema-valid API objects for component tests; override what a test is about. */

let sequencia = 0;
export function uuid(n = ++sequencia): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export const AGORA = '2026-11-29T15:00:00.000Z';

export function ticketFixture(overrides: Partial<TicketDto> = {}): TicketDto {
  const id = overrides.id ?? uuid();
  return {
    id,
    numero: 42,
    codigo: '#42',
    status: 'aberto',
    prioridade: 'normal',
    assunto: null,
    contato: { id: uuid(), nome: 'Carla Dias', telefone: '+5511999990001', email: null, avatarUrl: null },
    canal: { id: uuid(9001), tipo: 'whatsapp', nome: 'WhatsApp Vendas' },
    fila: { id: uuid(9101), nome: 'Suporte', cor: '#0ca678' },
    atendente: null,
    tags: [],
    naoLidas: 0,
    ultimaMensagem: { id: uuid(), resumo: 'Preciso de ajuda', em: AGORA, direcao: 'recebida', tipo: 'texto', status: 'recebida' },
    ultimaAtividadeEm: AGORA,
    ultimaMensagemClienteEm: AGORA,
    entrouNaFilaEm: AGORA,
    atribuidoEm: null,
    primeiraRespostaEm: null,
    resolvidoEm: null,
    fechadoEm: null,
    reabertoEm: null,
    reaberturas: 0,
    avaliacao: null,
    sla: {
      politicaId: null,
      primeiraRespostaPrazo: null,
      proximaRespostaPrazo: null,
      resolucaoPrazo: null,
      primeiraRespostaViolado: false,
      proximaRespostaViolado: false,
      resolucaoViolado: false,
      pausadoEm: null,
    },
    sentimento: null,
    intencao: null,
    categoria: null,
    botAtivo: false,
    origemTicketId: null,
    criadoEm: AGORA,
    atualizadoEm: AGORA,
    ...overrides,
  };
}

export function anexoFixture(overrides: Partial<AnexoDto> = {}): AnexoDto {
  const id = overrides.id ?? uuid();
  return {
    id,
    mensagemId: null,
    nomeArquivo: 'arquivo.bin',
    mimeTipo: 'application/octet-stream',
    tamanhoBytes: 2048,
    sha256: null,
    metadados: {},
    url: `/api/atendimento/anexos/${id}`,
    criadoEm: AGORA,
    ...overrides,
  };
}

export function mensagemFixture(overrides: Partial<MensagemDto> = {}): MensagemDto {
  return {
    id: overrides.id ?? uuid(),
    ticketId: uuid(7000),
    contatoId: null,
    canalId: null,
    direcao: 'recebida',
    privada: false,
    tipo: 'texto',
    conteudo: 'Olá, tudo bem?',
    payload: {},
    externalId: null,
    status: 'recebida',
    erro: null,
    remetente: { usuarioId: null, atendenteId: null, nome: null, bot: false },
    respondeA: null,
    respondeAExternalId: null,
    templateId: null,
    anexos: [],
    reacoes: [],
    transcricao: null,
    transcricaoStatus: null,
    provedorEm: null,
    enviadaEm: null,
    entregueEm: null,
    lidaEm: null,
    editadaEm: null,
    removidaEm: null,
    criadoEm: AGORA,
    ...overrides,
  };
}

export function templateFixture(overrides: Partial<TemplateDto> = {}): TemplateDto {
  return {
    id: overrides.id ?? uuid(),
    canalId: null,
    nome: 'Saudação',
    categoria: null,
    atalho: '/saudacao',
    conteudo: 'Olá {{contato.nome}}, seu protocolo é {{protocolo}}.',
    variaveis: [{ nome: 'protocolo', descricao: 'Protocolo' }],
    variaveisNoTexto: ['contato.nome', 'protocolo'],
    idioma: 'pt_BR',
    ativo: true,
    whatsapp: null,
    criadoEm: AGORA,
    atualizadoEm: AGORA,
    ...overrides,
  };
}
