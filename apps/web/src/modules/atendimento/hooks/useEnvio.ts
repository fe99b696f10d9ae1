import type { EnviarMensagem, MensagemDto } from '@atende/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { objectUrlDoAnexo } from '../../../lib/anexos.js';
import { type EnvioDeAnexo, enviarAnexo, enviarMensagem } from '../api/mensagens-api.js';
import { aplicarMensagem } from '../realtime/cache.js';

export interface UploadEmAndamento {
  id: string;
  nome: string;
  tamanho: number;
  /** 0–1 */
  progresso: number;
  cancelar: () => void;
}

let contador = 0;

/**
 * Sending from the composer: text, notes and templates as JSON, files as multipart with progress, and the
 * retry of a failed mensagem. Each answer goes straight into the conversation cache (the socket's copy of the
 * same mensagem only replaces it).
 */
export function useEnvio(ticketId: string) {
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<UploadEmAndamento[]>([]);

  const aplicar = useCallback(
    (mensagem: MensagemDto) => aplicarMensagem(queryClient, mensagem, { nova: true, lidaAgora: true }),
    [queryClient],
  );

  const enviar = useMutation({
    mutationFn: (corpo: EnviarMensagem) => enviarMensagem(ticketId, corpo),
    onSuccess: aplicar,
  });

  const enviarArquivo = useCallback(
    async (envio: EnvioDeAnexo): Promise<MensagemDto | null> => {
      const id = `upload-${++contador}`;
      const controle = new AbortController();
      setUploads((atuais) => [
        ...atuais,
        { id, nome: envio.arquivo.name, tamanho: envio.arquivo.size, progresso: 0, cancelar: () => controle.abort() },
      ]);
      try {
        const mensagem = await enviarAnexo(
          ticketId,
          envio,
          (progresso) => setUploads((atuais) => atuais.map((u) => (u.id === id ? { ...u, progresso } : u))),
          controle.signal,
        );
        aplicar(mensagem);
        return mensagem;
      } catch {
        // The toast already told why (or the agent cancelled it).
        return null;
      } finally {
        setUploads((atuais) => atuais.filter((u) => u.id !== id));
      }
    },
    [ticketId, aplicar],
  );

  /** Sends a failed mensagem again as a new one: the same text, template or file. */
  const reenviar = useMutation({
    mutationFn: async (falhada: MensagemDto): Promise<MensagemDto | null> => {
      const respondeAId = falhada.respondeA?.id;
      const anexo = falhada.anexos[0];
      if (anexo) {
        const objeto = await objectUrlDoAnexo(anexo.url);
        const blob = await (await fetch(objeto)).blob();
        const arquivo = new File([blob], anexo.nomeArquivo ?? 'arquivo', { type: anexo.mimeTipo });
        return enviarArquivo({ arquivo, legenda: falhada.conteudo ?? undefined, respondeAId });
      }
      const template = falhada.payload.template;
      if (falhada.tipo === 'template' && falhada.templateId && typeof template === 'object' && template !== null && 'variaveis' in template) {
        const variaveis = Object.fromEntries(
          Object.entries(template.variaveis as Record<string, unknown>).filter((par): par is [string, string] => typeof par[1] === 'string'),
        );
        const mensagem = await enviarMensagem(ticketId, { templateId: falhada.templateId, variaveis, respondeAId });
        aplicar(mensagem);
        return mensagem;
      }
      const mensagem = await enviarMensagem(ticketId, { conteudo: falhada.conteudo ?? '', respondeAId });
      aplicar(mensagem);
      return mensagem;
    },
  });

  return { enviar, enviarArquivo, uploads, reenviar };
}
