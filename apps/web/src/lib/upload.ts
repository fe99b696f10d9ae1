import { apiErrorBodySchema } from '@atende/shared';
import type { z } from 'zod';
import { ApiError } from './api-client.js';
import { api } from './api.js';
import { useAuthStore } from './auth-store.js';
import { showApiError } from './notify.js';

export interface UploadOptions<T> {
  schema: z.ZodType<T>;
  /** 0–1 as the request body goes out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

interface XhrResult {
  status: number;
  body: string;
}

function enviar(url: string, form: FormData, token: string | null, onProgress: ((fraction: number) => void) | undefined, signal?: AbortSignal): Promise<XhrResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
    xhr.onerror = () => reject(new ApiError({ kind: 'network', status: 0, message: '' }));
    xhr.onabort = () => reject(new DOMException('Upload cancelado', 'AbortError'));
    if (signal) {
      if (signal.aborted) {
        xhr.abort();
        return;
      }
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}

function parse(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * POSTs multipart/form-data with upload progress. `fetch` cannot report the progress of a request body, so this
 * one request goes through XMLHttpRequest, with the same bearer token, refresh-once-on-401 and error toasts as
 * the rest of the API client.
 */
export async function uploadComProgresso<T>(path: string, form: FormData, options: UploadOptions<T>): Promise<T> {
  const url = `/api${path}`;
  try {
    const tokenUsado = useAuthStore.getState().accessToken;
    let resultado = await enviar(url, form, tokenUsado, options.onProgress, options.signal);
    if (resultado.status === 401) {
      const atual = useAuthStore.getState().accessToken;
      const novo = atual !== null && atual !== tokenUsado ? atual : await api.refreshSession();
      if (novo === null) throw new ApiError({ kind: 'session-expired', status: 401, message: '' });
      options.onProgress?.(0);
      resultado = await enviar(url, form, novo, options.onProgress, options.signal);
    }
    const corpo = parse(resultado.body);
    if (resultado.status < 200 || resultado.status >= 300) {
      const erro = apiErrorBodySchema.safeParse(corpo);
      throw new ApiError({
        kind: 'http',
        status: resultado.status,
        message: erro.success ? erro.data.message : '',
        code: erro.success ? erro.data.code : undefined,
        issues: erro.success ? erro.data.issues : undefined,
      });
    }
    const dados = options.schema.safeParse(corpo);
    if (!dados.success) throw new ApiError({ kind: 'invalid-response', status: resultado.status, message: '', cause: dados.error });
    return dados.data;
  } catch (error) {
    if (error instanceof ApiError && error.kind !== 'session-expired') showApiError(error);
    throw error;
  }
}
