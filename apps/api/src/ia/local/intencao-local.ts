import { analisarSentimento } from './sentimento-local.js';
import { radical, STOPWORDS, tokens } from './texto.js';

export interface IntencaoExemplos {
  nome: string;
  exemplos: string[];
}

export interface IntencaoLocal {
  /** Null when nothing in the text resembles any intent's examples. */
  intencao: string | null;
  confianca: number;
}

/** The default intents, each with a few labelled examples (the empresa can replace the list). */
export const INTENCOES_PADRAO: IntencaoExemplos[] = [
  {
    nome: 'comprar',
    exemplos: [
      'quero comprar',
      'quanto custa',
      'qual o preço',
      'tem disponível em estoque',
      'vocês entregam na minha cidade',
      'quero fazer um pedido',
      'tem no tamanho M',
      'aceita pix',
      'qual o valor do frete',
      'ainda tem esse produto',
      'como faço pra comprar',
      'tem promoção',
      'quero orçamento',
      'parcela no cartão',
      'tem outra cor',
      'vocês vendem',
      'tem desconto',
      'pronta entrega',
      'manda o catálogo',
      'tem cupom',
      'loja física',
      'quero outro igual',
    ],
  },
  {
    nome: 'cancelar',
    exemplos: [
      'quero cancelar',
      'cancela meu pedido',
      'cancelamento da assinatura',
      'desistir da compra',
      'não quero mais o plano',
      'encerrar minha conta',
      'quero o estorno e cancelar',
      'como cancelo',
      'cancelar a compra',
      'desativar o serviço',
      'quero sair do plano',
      'suspender a assinatura',
    ],
  },
  {
    nome: 'reclamar',
    exemplos: [
      'péssimo atendimento',
      'vou reclamar no procon',
      'reclame aqui',
      'absurdo isso',
      'que falta de respeito',
      'produto veio errado',
      'pedido atrasado até agora',
      'ninguém me responde',
      'estou muito insatisfeito',
      'vocês me enganaram',
      'veio quebrado',
      'não chegou ainda',
      'descaso total',
      'já é a terceira vez',
      'vergonha de empresa',
    ],
  },
  {
    nome: 'suporte',
    exemplos: [
      'não consigo acessar',
      'o app está travando',
      'deu erro no login',
      'esqueci minha senha',
      'como configuro',
      'não está funcionando',
      'como faço para instalar',
      'a internet caiu',
      'o sistema não abre',
      'preciso de ajuda com o aparelho',
      'como usa',
      'problema técnico',
      'não conecta',
      'resetar senha',
      'atualizar o aplicativo',
      'site fora do ar',
      'não carrega',
      'tela',
      'assistência técnica',
      'manual do produto',
      'defeito',
    ],
  },
  {
    nome: 'financeiro',
    exemplos: [
      'segunda via do boleto',
      'cobrança indevida',
      'cobraram duas vezes',
      'quero a nota fiscal',
      'meu pagamento não compensou',
      'quero reembolso',
      'fatura veio errada',
      'pix não caiu',
      'valor da mensalidade',
      'negociar dívida',
      'data de vencimento',
      'estorno no cartão',
      'comprovante de pagamento',
      'boleto vencido',
      'débito na conta',
      'mensalidade',
      'chave pix',
      'parcelar a dívida',
      'pagamento confirmado',
      'emitem boleto',
      'cobraram frete',
      'debitaram',
    ],
  },
  {
    nome: 'falar_com_humano',
    exemplos: [
      'quero falar com um atendente',
      'falar com uma pessoa',
      'me passa pra um humano',
      'atendente por favor',
      'não quero falar com robô',
      'tem alguém aí',
      'chama o gerente',
      'quero um humano',
      'pessoa de verdade',
      'falar com o supervisor',
      'sair do robô',
      'atendimento humano',
      'esse robô',
      'bot',
    ],
  },
];

function termos(texto: string): string[] {
  const palavras = tokens(texto).filter((t) => !STOPWORDS.has(t) || t === 'nao');
  const radicais = palavras.map(radical);
  const bigramas = radicais.slice(1).map((r, i) => `${radicais[i]}_${r}`);
  return [...radicais, ...bigramas];
}

/**
 * Multinomial naive Bayes over stems and stem bigrams of the examples, with add-one smoothing. A text with no
 * term in common with any example gets no intent rather than a guess.
 */
export class ClassificadorDeIntencao {
  private readonly classes: { nome: string; contagem: Map<string, number>; total: number }[];
  private readonly vocabulario = new Set<string>();

  constructor(intencoes: IntencaoExemplos[]) {
    this.classes = intencoes.map((intencao) => {
      const contagem = new Map<string, number>();
      let total = 0;
      for (const exemplo of [intencao.nome.replace(/_/g, ' '), ...intencao.exemplos]) {
        for (const termo of termos(exemplo)) {
          contagem.set(termo, (contagem.get(termo) ?? 0) + 1);
          this.vocabulario.add(termo);
          total++;
        }
      }
      return { nome: intencao.nome, contagem, total };
    });
  }

  classificar(texto: string): IntencaoLocal {
    const conhecidos = termos(texto).filter((t) => this.vocabulario.has(t));
    if (conhecidos.length === 0 || this.classes.length === 0) return { intencao: null, confianca: 0 };
    const v = this.vocabulario.size;
    const logs = this.classes.map((classe) =>
      conhecidos.reduce((soma, termo) => soma + Math.log(((classe.contagem.get(termo) ?? 0) + 1) / (classe.total + v)), 0),
    );
    const maximo = Math.max(...logs);
    const exps = logs.map((l) => Math.exp(l - maximo));
    const soma = exps.reduce((a, b) => a + b, 0);
    let melhor = 0;
    for (let i = 1; i < logs.length; i++) if (logs[i]! > logs[melhor]!) melhor = i;
    return { intencao: this.classes[melhor]!.nome, confianca: Math.round(((exps[melhor] ?? 0) / soma) * 100) / 100 };
  }
}

/** Below this, the classifier's best guess is no intent. */
export const CONFIANCA_MINIMA_INTENCAO = 0.4;

/**
 * The local intent: the examples' classifier, and, when it has no confident answer and the empresa has a
 * complaint intent (`reclamar`), a clearly negative message is a complaint.
 */
export function intencaoLocal(texto: string, intencoes: IntencaoExemplos[]): IntencaoLocal {
  const resultado = new ClassificadorDeIntencao(intencoes).classificar(texto);
  if (resultado.intencao && resultado.confianca >= CONFIANCA_MINIMA_INTENCAO) return resultado;
  if (intencoes.some((i) => i.nome === 'reclamar')) {
    const sentimento = analisarSentimento(texto);
    if (sentimento.score <= -0.3) return { intencao: 'reclamar', confianca: Math.min(0.9, Math.abs(sentimento.score)) };
  }
  return { intencao: null, confianca: resultado.confianca };
}
