import { io, type Socket } from 'socket.io-client';
import { ApiDoWebchat, type ConfigDoWidget, ErroDaApi } from './api.js';
import { apagarSessao, armazenamentoLocal, gravarSessao, lerSessao, type SessaoDoVisitante } from './armazenamento.js';
import { alterarStatus, incluir, marcarLidasAte, mesclarHistorico, type MensagemDoWidget, novoId } from './conversa.js';
import { aplicarEstilos } from './estilos.js';
import { escolherIdioma, textos, type Textos } from './i18n.js';

export interface OpcoesDoWidget {
  /** Origin of the Atende API (where widget.js came from). */
  base: string;
  chave: string;
  /** `data-lang` of the script tag. */
  idioma: string | null;
  /** The script's CSP nonce, for the `<style>` fallback. */
  nonce: string | undefined;
}

const TAMANHO_MAXIMO = 16 * 1024 * 1024;
const ICONE_CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z';
const ICONE_CLIPE =
  'M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z';

type Atributos = Record<string, string>;

/** An inline SVG icon (no icon font, no emoji: both may be missing on the visitor's machine). */
function icone(caminho: string): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', caminho);
  svg.appendChild(path);
  return svg;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, atributos: Atributos = {}, ...filhos: (Node | string)[]): HTMLElementTagNameMap[K] {
  const elemento = document.createElement(tag);
  for (const [nome, valor] of Object.entries(atributos)) elemento.setAttribute(nome, valor);
  for (const filho of filhos) elemento.append(filho);
  return elemento;
}

/**
 * The chat bubble and panel, in a closed-to-the-page Shadow DOM: nothing from the host page's CSS leaks in and
 * nothing of ours leaks out. Every text goes through textContent (never innerHTML), so no markup from a
 * message is ever interpreted.
 */
export class WidgetAtende {
  private readonly api: ApiDoWebchat;
  private readonly armazenamento = armazenamentoLocal();
  private t: Textos = textos('pt-BR');
  private config: ConfigDoWidget | null = null;
  private sessao: SessaoDoVisitante | null = null;
  private socket: Socket | null = null;
  private mensagens: MensagemDoWidget[] = [];
  private aberto = false;
  private digitandoDesde = 0;
  private fimDigitando: ReturnType<typeof setTimeout> | undefined;
  private ultimoAvisoDigitando = 0;
  /** Failed sends, by mensagem id, for the "try again" button. */
  private readonly reenvios = new Map<string, { mensagem: MensagemDoWidget; enviar: () => Promise<unknown> }>();

  private readonly host: HTMLElement;
  private readonly raiz: ShadowRoot;
  private painel!: HTMLElement;
  private lista!: HTMLElement;
  private aviso!: HTMLElement;
  private indicadorDigitando!: HTMLElement;
  private corpo!: HTMLElement;
  private entrada!: HTMLTextAreaElement;
  private arquivo!: HTMLInputElement;

  constructor(private readonly opcoes: OpcoesDoWidget) {
    this.api = new ApiDoWebchat(opcoes.base, opcoes.chave);
    this.host = el('div', { 'data-atende-webchat': '' });
    this.raiz = this.host.attachShadow({ mode: 'open' });
  }

  async iniciar(): Promise<void> {
    aplicarEstilos(this.raiz, this.opcoes.nonce);
    document.body.appendChild(this.host);
    try {
      this.config = await this.api.config();
    } catch (error) {
      console.warn('[Atende WebChat] não foi possível carregar a configuração:', error instanceof Error ? error.message : error);
      this.host.remove();
      return;
    }
    this.t = textos(escolherIdioma(this.opcoes.idioma, this.config.idioma, navigator.language));
    this.host.style.setProperty('--cor', this.config.cor);
    this.montar();
    this.sessao = lerSessao(this.armazenamento, this.opcoes.chave);
    if (this.sessao) this.entrarNaConversa();
    else this.mostrarPreChat();
  }

  // ---------------------------------------------------------------------------------------------- layout

  private montar(): void {
    const config = this.config as ConfigDoWidget;
    const bolha = el('button', { class: 'bolha', type: 'button', 'aria-label': this.t.abrir, part: 'bolha' }, icone(ICONE_CHAT));
    bolha.addEventListener('click', () => this.alternar());

    const fechar = el('button', { type: 'button', 'aria-label': this.t.fechar }, '×');
    fechar.addEventListener('click', () => this.alternar(false));
    this.aviso = el('div', { class: 'aviso', role: 'status' });
    this.aviso.hidden = true;
    this.corpo = el('div', { class: 'corpo' });
    this.corpo.style.cssText = 'display:flex;flex-direction:column;flex:1;min-height:0';
    this.painel = el(
      'section',
      { class: 'painel', role: 'dialog', 'aria-label': config.titulo },
      el('header', { class: 'topo' }, el('h2', {}, config.titulo), fechar),
      this.aviso,
      this.corpo,
    );
    this.painel.hidden = true;
    this.raiz.appendChild(el('div', { class: 'raiz' }, this.painel, bolha));
    document.addEventListener('visibilitychange', () => this.confirmarLeitura());
  }

  private alternar(abrir = !this.aberto): void {
    this.aberto = abrir;
    this.painel.hidden = !abrir;
    if (abrir) {
      this.confirmarLeitura();
      (this.sessao ? this.entrada : this.corpo.querySelector('input'))?.focus();
    }
  }

  private mostrarAviso(texto: string | null): void {
    this.aviso.textContent = texto ?? '';
    this.aviso.hidden = texto === null;
  }

  private mostrarPreChat(): void {
    const config = this.config as ConfigDoWidget;
    this.corpo.replaceChildren();
    const erro = el('div', { class: 'erro', role: 'alert' });
    const campos: { nome: 'nome' | 'email'; input: HTMLInputElement; modo: string; rotulo: string }[] = [];
    const formulario = el('form', { class: 'prechat', novalidate: '' });
    if (config.saudacao) formulario.append(el('div', { class: 'msg saudacao' }, config.saudacao));
    for (const [nome, modo, rotulo, tipo, autocomplete] of [
      ['nome', config.preChat.nome, this.t.nome, 'text', 'name'],
      ['email', config.preChat.email, this.t.email, 'email', 'email'],
    ] as const) {
      if (modo === 'oculto') continue;
      const input = el('input', { name: nome, type: tipo, autocomplete, maxlength: nome === 'nome' ? '120' : '254' });
      if (modo === 'obrigatorio') input.required = true;
      formulario.append(el('label', {}, modo === 'opcional' ? `${rotulo} (${this.t.opcional})` : rotulo, input));
      campos.push({ nome, input, modo, rotulo });
    }
    const botao = el('button', { class: 'primario', type: 'submit' }, this.t.iniciar);
    formulario.append(erro, botao);
    formulario.addEventListener('submit', (evento) => {
      evento.preventDefault();
      const dados: { nome?: string; email?: string } = {};
      for (const campo of campos) {
        const valor = campo.input.value.trim();
        if (campo.modo === 'obrigatorio' && valor === '') {
          erro.textContent = this.t.campoObrigatorio(campo.rotulo);
          campo.input.focus();
          return;
        }
        if (campo.nome === 'email' && valor !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(valor)) {
          erro.textContent = this.t.emailInvalido;
          campo.input.focus();
          return;
        }
        if (valor !== '') dados[campo.nome] = valor;
      }
      botao.disabled = true;
      erro.textContent = '';
      this.api.iniciar(dados).then(
        (conversa) => {
          this.sessao = conversa;
          gravarSessao(this.armazenamento, this.opcoes.chave, conversa);
          this.entrarNaConversa();
        },
        (falha: unknown) => {
          botao.disabled = false;
          erro.textContent = this.descreverFalha(falha);
        },
      );
    });
    this.corpo.append(formulario);
  }

  private montarConversa(): void {
    const config = this.config as ConfigDoWidget;
    this.lista = el('div', { class: 'lista', role: 'log', 'aria-live': 'polite' });
    this.lista.addEventListener('click', (evento) => {
      const id = (evento.target as Element | null)?.closest('[data-reenviar]')?.getAttribute('data-reenviar');
      const reenvio = id ? this.reenvios.get(id) : undefined;
      if (!id || !reenvio) return;
      this.reenvios.delete(id);
      this.mensagens = alterarStatus(this.mensagens, id, 'enviando');
      this.renderizar();
      this.despachar(reenvio.mensagem, reenvio.enviar);
    });
    this.indicadorDigitando = el('div', { class: 'digitando' }, this.t.digitando);
    this.indicadorDigitando.hidden = true;
    this.entrada = el('textarea', { rows: '1', placeholder: this.t.placeholder, 'aria-label': this.t.placeholder, maxlength: '4096' });
    this.arquivo = el('input', { type: 'file', class: 'oculto', 'aria-hidden': 'true', tabindex: '-1' });
    const anexar = el('button', { type: 'button', class: 'clipe', title: this.t.anexar, 'aria-label': this.t.anexar }, icone(ICONE_CLIPE));
    const enviar = el('button', { type: 'submit', class: 'primario' }, this.t.enviar);
    const compositor = el('form', { class: 'compositor' }, this.arquivo, anexar, this.entrada, enviar);
    anexar.addEventListener('click', () => this.arquivo.click());
    this.arquivo.addEventListener('change', () => {
      const escolhido = this.arquivo.files?.[0];
      this.arquivo.value = '';
      if (escolhido) this.enviarArquivo(escolhido);
    });
    compositor.addEventListener('submit', (evento) => {
      evento.preventDefault();
      this.enviarTexto();
    });
    this.entrada.addEventListener('keydown', (evento) => {
      if (evento.key === 'Enter' && !evento.shiftKey) {
        evento.preventDefault();
        this.enviarTexto();
      }
    });
    this.entrada.addEventListener('input', () => this.avisarDigitacao());
    this.corpo.replaceChildren(this.lista, this.indicadorDigitando, compositor);
    if (config.saudacao) this.lista.append(el('div', { class: 'msg saudacao' }, config.saudacao));
  }

  // -------------------------------------------------------------------------------------- conversation

  private entrarNaConversa(): void {
    const sessao = this.sessao as SessaoDoVisitante;
    this.api.token = sessao.token;
    this.montarConversa();
    this.conectar(sessao);
    void this.carregarHistorico();
  }

  /** Back to the pre-chat when the token stopped working (expired, canal secret rotated, canal removed). */
  private recomecar(): void {
    apagarSessao(this.armazenamento, this.opcoes.chave);
    this.sessao = null;
    this.api.token = null;
    this.socket?.disconnect();
    this.socket = null;
    this.mensagens = [];
    this.mostrarPreChat();
  }

  private conectar(sessao: SessaoDoVisitante): void {
    const socket = io(`${this.opcoes.base}/webchat`, {
      auth: { chave: this.opcoes.chave, token: sessao.token },
      transports: ['websocket'],
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 15_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.mostrarAviso(null);
      // Whatever arrived while disconnected.
      void this.carregarHistorico();
    });
    socket.on('disconnect', () => this.mostrarAviso(this.t.reconectando));
    socket.on('connect_error', (erro: Error & { data?: { code?: string } }) => {
      const codigo = erro.data?.code;
      if (codigo === 'WEBCHAT_TOKEN_INVALIDO' || codigo === 'WEBCHAT_TOKEN_AUSENTE' || codigo === 'WEBCHAT_CANAL_NAO_ENCONTRADO') {
        this.recomecar();
      } else {
        this.mostrarAviso(this.t.reconectando);
      }
    });
    socket.on('mensagem', (mensagem: MensagemDoWidget) => {
      this.mensagens = incluir(this.mensagens, mensagem);
      this.mostrarDigitando(false);
      this.renderizar();
      socket.emit('recebida', { ids: [mensagem.id], status: 'entregue' });
      this.confirmarLeitura();
    });
    socket.on('lida', ({ ate }: { ate: string }) => {
      this.mensagens = marcarLidasAte(this.mensagens, ate);
      this.renderizar();
    });
    socket.on('digitando', ({ ativo }: { ativo: boolean }) => this.mostrarDigitando(ativo));
  }

  private async carregarHistorico(): Promise<void> {
    try {
      const doServidor = await this.api.mensagens();
      this.mensagens = mesclarHistorico(this.mensagens, doServidor);
      this.renderizar();
      this.confirmarLeitura();
    } catch (falha) {
      if (falha instanceof ErroDaApi && falha.status === 401) this.recomecar();
    }
  }

  private enviarTexto(): void {
    const texto = this.entrada.value.trim();
    if (texto === '') return;
    this.entrada.value = '';
    this.avisarDigitacao(false);
    const mensagem: MensagemDoWidget = {
      id: novoId(),
      autor: 'visitante',
      tipo: 'texto',
      texto,
      anexo: null,
      status: 'enviando',
      em: new Date().toISOString(),
    };
    this.mensagens = incluir(this.mensagens, mensagem);
    this.renderizar();
    this.despachar(mensagem, () => this.api.enviarTexto(mensagem.id, texto));
  }

  private enviarArquivo(arquivo: File): void {
    if (arquivo.size > TAMANHO_MAXIMO) {
      this.mostrarAviso(this.t.arquivoGrande);
      return;
    }
    const mensagem: MensagemDoWidget = {
      id: novoId(),
      autor: 'visitante',
      tipo: 'documento',
      texto: null,
      anexo: { nome: arquivo.name, mimeType: arquivo.type || 'application/octet-stream', tamanhoBytes: arquivo.size },
      status: 'enviando',
      em: new Date().toISOString(),
    };
    this.mensagens = incluir(this.mensagens, mensagem);
    this.renderizar();
    this.despachar(mensagem, () => this.api.enviarArquivo(mensagem.id, arquivo));
  }

  /** Sends with the message's own id, so "try again" after a lost answer can never duplicate it. */
  private despachar(mensagem: MensagemDoWidget, enviar: () => Promise<unknown>): void {
    enviar().then(
      () => {
        this.mensagens = alterarStatus(this.mensagens, mensagem.id, 'recebida');
        this.mostrarAviso(null);
        this.renderizar();
      },
      (falha: unknown) => {
        if (falha instanceof ErroDaApi && falha.status === 401) return this.recomecar();
        this.mensagens = alterarStatus(this.mensagens, mensagem.id, 'falhou');
        this.mostrarAviso(this.descreverFalha(falha));
        this.reenvios.set(mensagem.id, { mensagem, enviar });
        this.renderizar();
      },
    );
  }

  private descreverFalha(falha: unknown): string {
    if (falha instanceof ErroDaApi && falha.status === 429) return this.t.limite(falha.retryAfterSegundos ?? 60);
    if (falha instanceof ErroDaApi && falha.status === 413) return this.t.arquivoGrande;
    return this.t.erroGenerico;
  }

  /** Tells the agents the visitor is typing (at most every 2 s; a stop after 4 s idle or on send). */
  private avisarDigitacao(ativo = true): void {
    const socket = this.socket;
    if (!socket?.connected) return;
    clearTimeout(this.fimDigitando);
    const agora = Date.now();
    if (ativo) {
      if (agora - this.ultimoAvisoDigitando > 2_000) {
        this.ultimoAvisoDigitando = agora;
        socket.emit('digitando', { ativo: true });
      }
      this.fimDigitando = setTimeout(() => this.avisarDigitacao(false), 4_000);
    } else if (this.ultimoAvisoDigitando !== 0) {
      this.ultimoAvisoDigitando = 0;
      socket.emit('digitando', { ativo: false });
    }
  }

  private mostrarDigitando(ativo: boolean): void {
    this.digitandoDesde = ativo ? Date.now() : 0;
    this.indicadorDigitando.hidden = !ativo;
    // An agent who stops typing without a "stop" (closed tab) must not leave the indicator on forever.
    if (ativo)
      setTimeout(() => {
        if (this.digitandoDesde !== 0 && Date.now() - this.digitandoDesde >= 6_000) this.mostrarDigitando(false);
      }, 6_000);
  }

  /** Agent mensagens the visitor has seen (panel open, page visible) are reported read. */
  private confirmarLeitura(): void {
    if (!this.aberto || document.visibilityState !== 'visible' || !this.socket?.connected) return;
    const naoLidas = this.mensagens.filter((m) => m.autor === 'atendente' && m.status !== 'lida').map((m) => m.id);
    if (naoLidas.length === 0) return;
    this.socket.emit('recebida', { ids: naoLidas.slice(-50), status: 'lida' });
    for (const id of naoLidas) this.mensagens = alterarStatus(this.mensagens, id, 'lida');
  }

  // ---------------------------------------------------------------------------------------- rendering

  private renderizar(): void {
    const config = this.config as ConfigDoWidget;
    const nos: Node[] = [];
    if (config.saudacao) nos.push(el('div', { class: 'msg saudacao' }, config.saudacao));
    for (const mensagem of this.mensagens) nos.push(this.renderizarMensagem(mensagem));
    this.lista.replaceChildren(...nos);
    this.lista.scrollTop = this.lista.scrollHeight;
  }

  private renderizarMensagem(mensagem: MensagemDoWidget): HTMLElement {
    const bloco = el('div', { class: `msg ${mensagem.autor}`, 'data-id': mensagem.id, 'data-status': mensagem.status });
    if (mensagem.texto) bloco.append(mensagem.texto);
    if (mensagem.anexo) {
      const nome = mensagem.anexo.nome ?? this.t.baixar;
      const botao = el('button', { type: 'button', class: 'anexo', title: this.t.baixar }, `↓ ${nome}`);
      if (mensagem.status !== 'enviando' && mensagem.status !== 'falhou') botao.addEventListener('click', () => void this.baixar(mensagem.id, nome));
      if (mensagem.texto) bloco.append(el('br'));
      bloco.append(botao);
    }
    const hora = new Date(mensagem.em).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const meta = el('span', { class: 'meta' }, hora);
    if (mensagem.autor === 'visitante') {
      const marcas: Record<string, [string, string]> = {
        enviando: ['…', ''],
        recebida: ['✓', this.t.enviada],
        lida: ['✓✓', this.t.lida],
        falhou: ['!', this.t.falhou],
      };
      const [marca, rotulo] = marcas[mensagem.status] ?? ['✓', this.t.enviada];
      meta.append(' ', el('span', { class: 'marca', title: rotulo, 'aria-label': rotulo }, marca));
      if (mensagem.status === 'falhou') meta.append(' ', el('button', { type: 'button', class: 'anexo', 'data-reenviar': mensagem.id }, this.t.reenviar));
    }
    bloco.append(meta);
    return bloco;
  }

  private async baixar(mensagemId: string, nome: string): Promise<void> {
    try {
      const blob = await this.api.baixar(mensagemId);
      const url = URL.createObjectURL(blob);
      const link = el('a', { href: url, download: nome });
      this.raiz.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    } catch (falha) {
      this.mostrarAviso(this.descreverFalha(falha));
    }
  }
}
