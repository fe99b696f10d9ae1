import type { AnexoDto, MensagemDto } from '@atende/shared';
import { urlDoAnexo } from '../../storage/anexo-dto.js';
import type { MensagemTipo } from './mensagem.entity.js';
import type { MensagemLinha } from './mensagem.repository.js';

const iso = (data: Date | null): string | null => data?.toISOString() ?? null;

const ROTULO_DO_TIPO: Readonly<Record<MensagemTipo, string>> = {
  texto: 'Mensagem',
  imagem: 'Imagem',
  audio: 'Áudio',
  video: 'Vídeo',
  documento: 'Documento',
  localizacao: 'Localização',
  contato: 'Contato',
  sticker: 'Figurinha',
  reacao: 'Reação',
  interativa: 'Resposta interativa',
  template: 'Template',
  sistema: 'Mensagem do sistema',
  desconhecido: 'Mensagem não suportada',
};

const TAMANHO_RESUMO = 200;

/** The ticket-list preview of a mensagem: its text on one line, or the name of its type. */
export function resumoDaMensagem(tipo: MensagemTipo, conteudo: string | null): string {
  const texto = (conteudo ?? '').replace(/\s+/g, ' ').trim();
  if (texto === '') return ROTULO_DO_TIPO[tipo];
  return texto.length > TAMANHO_RESUMO ? `${texto.slice(0, TAMANHO_RESUMO - 1)}…` : texto;
}

/** The mensagem type of an uploaded file, from its MIME type. */
export function tipoDoArquivo(mime: string): 'imagem' | 'audio' | 'video' | 'documento' {
  const principal = mime.toLowerCase().split('/')[0];
  if (principal === 'image') return 'imagem';
  if (principal === 'audio') return 'audio';
  if (principal === 'video') return 'video';
  return 'documento';
}

/** `anexos`, when given, replaces the ones aggregated in the row. */
export function toMensagemDto(linha: MensagemLinha, anexos?: AnexoDto[]): MensagemDto {
  return {
    id: linha.id,
    ticketId: linha.ticket_id,
    contatoId: linha.contato_id,
    canalId: linha.canal_id,
    direcao: linha.direcao,
    privada: linha.privada,
    tipo: linha.tipo,
    conteudo: linha.conteudo,
    payload: linha.payload,
    externalId: linha.external_id,
    status: linha.status,
    erro:
      linha.erro_codigo !== null || linha.erro_mensagem !== null
        ? { codigo: linha.erro_codigo, mensagem: linha.erro_mensagem }
        : null,
    remetente: {
      usuarioId: linha.remetente_usuario_id,
      atendenteId: linha.remetente_atendente_id,
      nome: linha.remetente_nome,
      bot: linha.bot,
    },
    respondeA:
      linha.responde_a_id && linha.r_direcao && linha.r_tipo
        ? {
            id: linha.responde_a_id,
            direcao: linha.r_direcao,
            tipo: linha.r_tipo,
            conteudo: linha.r_removida_em ? null : linha.r_conteudo,
            remetenteNome: linha.r_remetente_nome,
            removida: linha.r_removida_em !== null,
          }
        : null,
    respondeAExternalId: linha.responde_a_external_id,
    templateId: linha.template_id,
    anexos:
      anexos ?? linha.anexos.map((anexo) => ({ ...anexo, tamanhoBytes: Number(anexo.tamanhoBytes), url: urlDoAnexo(anexo.id) })),
    reacoes: linha.reacoes,
    transcricao: linha.transcricao,
    transcricaoStatus: linha.transcricao_status,
    provedorEm: iso(linha.provedor_em),
    enviadaEm: iso(linha.enviada_em),
    entregueEm: iso(linha.entregue_em),
    lidaEm: iso(linha.lida_em),
    editadaEm: iso(linha.editada_em),
    removidaEm: iso(linha.removida_em),
    criadoEm: linha.criado_em.toISOString(),
  };
}
