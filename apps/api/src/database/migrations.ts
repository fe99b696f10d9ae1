import { EsquemaInicial1764400000000 } from './migrations/1764400000000-esquema-inicial.js';
import { MensagensNaoLidas1764500000000 } from './migrations/1764500000000-mensagens-nao-lidas.js';
import { CanalEmail1764620000000 } from './migrations/1764620000000-canal-email.js';
import { IaAutoResposta1764730000000 } from './migrations/1764730000000-ia-auto-resposta.js';
import { IaIndexacoes1764740000000 } from './migrations/1764740000000-ia-indexacoes.js';
import { RelatorioRecalculos1764750000000 } from './migrations/1764750000000-relatorio-recalculos.js';
import { IaChunksAssinatura1764800000000 } from './migrations/1764800000000-ia-chunks-assinatura.js';
import { ContatosRiscoChurn1764810000000 } from './migrations/1764810000000-contatos-risco-churn.js';

/** In order. Migrations are hand-written SQL that runs on PostgreSQL 15 and on PGlite. */
export const MIGRATIONS = [EsquemaInicial1764400000000, MensagensNaoLidas1764500000000, CanalEmail1764620000000, IaAutoResposta1764730000000, IaIndexacoes1764740000000, RelatorioRecalculos1764750000000, IaChunksAssinatura1764800000000, ContatosRiscoChurn1764810000000];
