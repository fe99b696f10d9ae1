#!/usr/bin/env node
// Sentiment and intent evaluation of the local AI provider (and of an LLM when a key is configured) on a
// hand-labelled pt-BR dataset of WhatsApp-style customer messages.
//
//   npm run build && node bench/ai-eval/run.mjs [--split holdout|tuning|todos] [--erros]
//
// With OPENAI_API_KEY (and optionally OPENAI_BASE_URL, OPENAI_MODEL) or ANTHROPIC_API_KEY (ANTHROPIC_MODEL)
// set, the same messages also go to that provider through the API's own provider classes.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import process from 'node:process';
import { parseArgs } from 'node:util';

const AQUI = dirname(fileURLToPath(import.meta.url));
const { values: opcoes } = parseArgs({
  options: {
    split: { type: 'string', default: 'todos' },
    erros: { type: 'boolean', default: false },
    modulos: { type: 'string', default: resolve(AQUI, '../../apps/api/dist/ia') },
  },
});
const importar = (caminho) => import(pathToFileURL(join(opcoes.modulos, caminho)).href);
const { analisarSentimento } = await importar('local/sentimento-local.js');
const { intencaoLocal, INTENCOES_PADRAO } = await importar('local/intencao-local.js');

function carregar(nome) {
  return readFileSync(join(AQUI, `${nome}.tsv`), 'utf8')
    .split('\n')
    .filter((linha) => linha.trim() && !linha.startsWith('#'))
    .map((linha) => {
      const [sentimento, intencao, ...texto] = linha.split('\t');
      return { sentimento, intencao, texto: texto.join('\t'), split: nome };
    });
}

function metricas(pares, classes) {
  const acertos = pares.filter(([real, previsto]) => real === previsto).length;
  const f1s = classes.map((classe) => {
    const vp = pares.filter(([r, p]) => r === classe && p === classe).length;
    const fp = pares.filter(([r, p]) => r !== classe && p === classe).length;
    const fn = pares.filter(([r, p]) => r === classe && p !== classe).length;
    const precisao = vp + fp === 0 ? 0 : vp / (vp + fp);
    const revocacao = vp + fn === 0 ? 0 : vp / (vp + fn);
    return { classe, f1: precisao + revocacao === 0 ? 0 : (2 * precisao * revocacao) / (precisao + revocacao), suporte: vp + fn };
  });
  const presentes = f1s.filter((f) => f.suporte > 0);
  return {
    acuracia: acertos / pares.length,
    macroF1: presentes.reduce((s, f) => s + f.f1, 0) / presentes.length,
    porClasse: f1s,
  };
}

const SENTIMENTOS = ['negativo', 'neutro', 'positivo'];
const INTENCOES = [...INTENCOES_PADRAO.map((i) => i.nome), 'nenhuma'];
const fmt = (n) => n.toFixed(3);

function relatorio(nome, amostras, prever) {
  const s = metricas(
    amostras.map((a, i) => [a.sentimento, prever[i].sentimento]),
    SENTIMENTOS,
  );
  const it = metricas(
    amostras.map((a, i) => [a.intencao, prever[i].intencao]),
    INTENCOES,
  );
  console.log(`\n${nome} (${amostras.length} mensagens)`);
  console.log(
    `  sentimento: acurácia ${fmt(s.acuracia)}  macro-F1 ${fmt(s.macroF1)}  [${s.porClasse.map((c) => `${c.classe} ${fmt(c.f1)}`).join(', ')}]`,
  );
  console.log(
    `  intenção:   acurácia ${fmt(it.acuracia)}  macro-F1 ${fmt(it.macroF1)}  [${it.porClasse.map((c) => `${c.classe} ${fmt(c.f1)}`).join(', ')}]`,
  );
  if (opcoes.erros) {
    amostras.forEach((a, i) => {
      if (a.sentimento !== prever[i].sentimento)
        console.log(`    S ${a.sentimento} -> ${prever[i].sentimento} (${prever[i].score}): ${a.texto}`);
      if (a.intencao !== prever[i].intencao) console.log(`    I ${a.intencao} -> ${prever[i].intencao}: ${a.texto}`);
    });
  }
}

const splits = opcoes.split === 'todos' ? ['tuning', 'holdout'] : [opcoes.split];
for (const split of splits) {
  const amostras = carregar(split);
  const previsoes = amostras.map((a) => {
    const s = analisarSentimento(a.texto);
    const i = intencaoLocal(a.texto, INTENCOES_PADRAO);
    return { sentimento: s.rotulo, score: s.score, intencao: i.intencao ?? 'nenhuma' };
  });
  relatorio(`local: ${split}`, amostras, previsoes);
}

const llm = process.env.OPENAI_API_KEY ? 'openai' : process.env.ANTHROPIC_API_KEY ? 'anthropic' : null;
if (!llm) {
  console.log('\n(sem OPENAI_API_KEY nem ANTHROPIC_API_KEY: provedor LLM não avaliado)');
} else {
  const { TAREFA_SENTIMENTO, TAREFA_INTENCAO } = await importar('tarefas.js');
  const provider =
    llm === 'openai'
      ? new (await importar('providers/openai.provider.js')).OpenAiProvider({
          chave: process.env.OPENAI_API_KEY,
          baseUrl: process.env.OPENAI_BASE_URL ?? null,
          modelo: process.env.OPENAI_MODEL ?? null,
          modeloEmbeddings: null,
          timeoutMs: 30_000,
        })
      : new (await importar('providers/anthropic.provider.js')).AnthropicProvider({
          chave: process.env.ANTHROPIC_API_KEY,
          baseUrl: null,
          modelo: process.env.ANTHROPIC_MODEL ?? null,
          timeoutMs: 30_000,
        });
  const pedir = async (tarefa, entrada) => {
    const r = await provider.completarJson(
      {
        nome: tarefa.nome,
        instrucoes: tarefa.instrucoes(entrada),
        entrada: tarefa.texto(entrada),
        schema: tarefa.schema,
        maxTokens: tarefa.maxTokens,
      },
      AbortSignal.timeout(60_000),
    );
    return tarefa.saida.parse(r.json);
  };
  for (const split of splits) {
    const amostras = carregar(split);
    const previsoes = [];
    for (const a of amostras) {
      const s = await pedir(TAREFA_SENTIMENTO, { texto: a.texto });
      const i = await pedir(TAREFA_INTENCAO, { texto: a.texto, intencoes: INTENCOES_PADRAO });
      previsoes.push({ sentimento: s.rotulo, score: s.score, intencao: i.intencao ?? 'nenhuma' });
    }
    relatorio(`${llm} ${provider.modelo}: ${split}`, amostras, previsoes);
  }
}
