/** Widget texts. pt-BR is the default; English when the page or the browser asks for it. */
export type Idioma = 'pt-BR' | 'en';

export interface Textos {
  abrir: string;
  fechar: string;
  nome: string;
  email: string;
  opcional: string;
  iniciar: string;
  placeholder: string;
  enviar: string;
  anexar: string;
  digitando: string;
  enviada: string;
  lida: string;
  falhou: string;
  reenviar: string;
  baixar: string;
  limite: (segundos: number) => string;
  erroGenerico: string;
  campoObrigatorio: (campo: string) => string;
  emailInvalido: string;
  arquivoGrande: string;
  voce: string;
  atendente: string;
  reconectando: string;
}

const PT_BR: Textos = {
  abrir: 'Abrir o chat',
  fechar: 'Fechar o chat',
  nome: 'Nome',
  email: 'E-mail',
  opcional: 'opcional',
  iniciar: 'Iniciar conversa',
  placeholder: 'Escreva sua mensagem…',
  enviar: 'Enviar',
  anexar: 'Anexar arquivo',
  digitando: 'Atendente digitando…',
  enviada: 'Enviada',
  lida: 'Lida',
  falhou: 'Não enviada',
  reenviar: 'Tentar de novo',
  baixar: 'Baixar',
  limite: (segundos) => `Muitas mensagens seguidas: aguarde ${segundos} s.`,
  erroGenerico: 'Não foi possível falar com o atendimento agora. Tente de novo em instantes.',
  campoObrigatorio: (campo) => `Informe seu ${campo.toLowerCase()}.`,
  emailInvalido: 'Confira o e-mail.',
  arquivoGrande: 'O arquivo passa de 16 MB.',
  voce: 'Você',
  atendente: 'Atendente',
  reconectando: 'Reconectando…',
};

const EN: Textos = {
  abrir: 'Open chat',
  fechar: 'Close chat',
  nome: 'Name',
  email: 'E-mail',
  opcional: 'optional',
  iniciar: 'Start chat',
  placeholder: 'Type your message…',
  enviar: 'Send',
  anexar: 'Attach a file',
  digitando: 'Agent is typing…',
  enviada: 'Sent',
  lida: 'Read',
  falhou: 'Not sent',
  reenviar: 'Retry',
  baixar: 'Download',
  limite: (segundos) => `Too many messages in a row: wait ${segundos} s.`,
  erroGenerico: 'We could not reach support right now. Please try again shortly.',
  campoObrigatorio: (campo) => `Please enter your ${campo.toLowerCase()}.`,
  emailInvalido: 'Please check the e-mail address.',
  arquivoGrande: 'The file is larger than 16 MB.',
  voce: 'You',
  atendente: 'Agent',
  reconectando: 'Reconnecting…',
};

/**
 * `data-lang` on the script tag wins, then the canal's configured language, then the browser's; anything
 * that is not English falls back to pt-BR.
 */
export function escolherIdioma(dataLang: string | null | undefined, doCanal: string | null | undefined, navegador: string | undefined): Idioma {
  for (const candidato of [dataLang, doCanal, navegador]) {
    if (!candidato) continue;
    const base = candidato.trim().toLowerCase();
    if (base.startsWith('en')) return 'en';
    if (base.startsWith('pt')) return 'pt-BR';
    if (candidato === dataLang || candidato === doCanal) return 'pt-BR';
  }
  return 'pt-BR';
}

export function textos(idioma: Idioma): Textos {
  return idioma === 'en' ? EN : PT_BR;
}
