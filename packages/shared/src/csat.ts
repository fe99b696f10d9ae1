import { z } from 'zod';

/** The survey as sent when the empresa did not write its own text. */
export const CSAT_MENSAGEM_PADRAO = 'Como você avalia o nosso atendimento? Escolha uma nota de 1 (péssimo) a 5 (excelente).';

/** `empresas.configuracoes.csat`: the post-resolution survey of one empresa. */
export const configuracaoCsatSchema = z.object({
  ativo: z.boolean(),
  mensagem: z
    .string()
    .trim()
    .min(1, 'mensagem não pode ser vazia')
    .max(1000, 'mensagem tem no máximo 1000 caracteres'),
  /** Minutes between the resolution and the survey (0: right away). */
  atrasoMinutos: z
    .number()
    .int('atrasoMinutos deve ser um número inteiro')
    .min(0, 'atrasoMinutos não pode ser negativo')
    .max(10_080, 'atrasoMinutos é no máximo 10080 (7 dias)'),
  /** How long after the survey a bare number 1–5 still counts as the answer. */
  janelaRespostaHoras: z
    .number()
    .int('janelaRespostaHoras deve ser um número inteiro')
    .min(1, 'janelaRespostaHoras é no mínimo 1')
    .max(168, 'janelaRespostaHoras é no máximo 168 (7 dias)'),
});
export type ConfiguracaoCsat = z.infer<typeof configuracaoCsatSchema>;

export const CONFIGURACAO_CSAT_PADRAO: ConfiguracaoCsat = {
  ativo: false,
  mensagem: CSAT_MENSAGEM_PADRAO,
  atrasoMinutos: 0,
  janelaRespostaHoras: 24,
};

/** PUT /api/atendimento/csat/configuracao: any subset; the rest keeps its value. */
export const atualizarConfiguracaoCsatSchema = configuracaoCsatSchema
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'informe ao menos um campo: ativo, mensagem, atrasoMinutos ou janelaRespostaHoras');
export type AtualizarConfiguracaoCsat = z.infer<typeof atualizarConfiguracaoCsatSchema>;
