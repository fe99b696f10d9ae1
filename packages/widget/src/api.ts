import type { MensagemDoWidget } from './conversa.js';

export interface ConfigDoWidget {
  titulo: string;
  cor: string;
  saudacao: string;
  idioma: string | null;
  preChat: { nome: 'obrigatorio' | 'opcional' | 'oculto'; email: 'obrigatorio' | 'opcional' | 'oculto' };
}

export interface ConversaIniciada {
  token: string;
  visitanteId: string;
  expiraEm: string;
}

/** A failed call: HTTP status, the API's error code and, on 429, how long to wait. */
export class ErroDaApi extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSegundos: number | null,
  ) {
    super(message);
    this.name = 'ErroDaApi';
  }
}

/** The visitor API of one canal: `${base}/api/atendimento/webchat/${chave}`. */
export class ApiDoWebchat {
  private readonly raiz: string;
  token: string | null = null;

  constructor(
    readonly base: string,
    readonly chave: string,
  ) {
    this.raiz = `${base}/api/atendimento/webchat/${encodeURIComponent(chave)}`;
  }

  config(): Promise<ConfigDoWidget> {
    return this.pedir<ConfigDoWidget>('GET', '/config');
  }

  iniciar(dados: { nome?: string; email?: string }): Promise<ConversaIniciada> {
    return this.pedir<ConversaIniciada>('POST', '/conversas', JSON.stringify(dados), 'application/json');
  }

  async mensagens(): Promise<MensagemDoWidget[]> {
    return (await this.pedir<{ items: MensagemDoWidget[] }>('GET', '/mensagens')).items;
  }

  enviarTexto(id: string, texto: string): Promise<{ id: string; duplicada: boolean }> {
    return this.pedir('POST', '/mensagens', JSON.stringify({ id, texto }), 'application/json');
  }

  enviarArquivo(id: string, arquivo: File, texto?: string): Promise<{ id: string; duplicada: boolean }> {
    const corpo = new FormData();
    corpo.append('id', id);
    if (texto) corpo.append('texto', texto);
    corpo.append('arquivo', arquivo, arquivo.name);
    return this.pedir('POST', '/anexos', corpo);
  }

  async baixar(mensagemId: string): Promise<Blob> {
    const resposta = await fetch(`${this.raiz}/mensagens/${encodeURIComponent(mensagemId)}/anexo`, {
      headers: this.cabecalhos(),
      credentials: 'omit',
    });
    if (!resposta.ok) throw await erroDe(resposta);
    return resposta.blob();
  }

  private cabecalhos(tipo?: string): Record<string, string> {
    const cabecalhos: Record<string, string> = {};
    if (this.token) cabecalhos.Authorization = `Bearer ${this.token}`;
    if (tipo) cabecalhos['Content-Type'] = tipo;
    return cabecalhos;
  }

  private async pedir<T>(metodo: string, caminho: string, corpo?: BodyInit, tipo?: string): Promise<T> {
    const resposta = await fetch(`${this.raiz}${caminho}`, {
      method: metodo,
      headers: this.cabecalhos(tipo),
      body: corpo,
      credentials: 'omit',
    });
    if (!resposta.ok) throw await erroDe(resposta);
    return (await resposta.json()) as T;
  }
}

async function erroDe(resposta: Response): Promise<ErroDaApi> {
  let code = `HTTP_${resposta.status}`;
  let message = resposta.statusText;
  try {
    const corpo = (await resposta.json()) as { code?: string; message?: string };
    code = corpo.code ?? code;
    message = corpo.message ?? message;
  } catch {
    // Not JSON.
  }
  const retry = Number(resposta.headers.get('Retry-After'));
  return new ErroDaApi(resposta.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : null);
}
