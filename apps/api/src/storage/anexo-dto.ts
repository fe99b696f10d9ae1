import type { AnexoDto } from '@atende/shared';
import type { Anexo } from './anexo.entity.js';

/** Where an authenticated user downloads an anexo. */
export function urlDoAnexo(id: string): string {
  return `/api/atendimento/anexos/${id}`;
}

export function toAnexoDto(anexo: Anexo): AnexoDto {
  return {
    id: anexo.id,
    mensagemId: anexo.mensagemId,
    nomeArquivo: anexo.nomeArquivo,
    mimeTipo: anexo.mimeTipo,
    tamanhoBytes: Number(anexo.tamanhoBytes),
    sha256: anexo.sha256,
    metadados: anexo.metadados,
    url: urlDoAnexo(anexo.id),
    criadoEm: anexo.criadoEm.toISOString(),
  };
}
