import { IA_INTENCOES_LIMITES, type IaIntencaoDto, atualizarIaConfigSchema } from '@atende/shared';
import { ActionIcon, Alert, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrosDeFormulario } from '../../../../lib/form.js';
import { useIntencoesPadrao, useSalvarIntencoes } from '../../hooks/useIntencoesIa.js';

interface IntencaoEditada {
  /** Stable React key: names change while typing. */
  chave: string;
  nome: string;
  /** One example per line. */
  exemplos: string;
}

interface Valores {
  intencoes: IntencaoEditada[];
}

let proximaChave = 0;
const novaChave = () => `intencao-${++proximaChave}`;

function valoresDe(intencoes: IaIntencaoDto[]): Valores {
  return { intencoes: intencoes.map((i) => ({ chave: novaChave(), nome: i.nome, exemplos: i.exemplos.join('\n') })) };
}

/** The non-blank lines of the textarea, each with its line number (1-based) for the error messages. */
function linhas(texto: string): { texto: string; linha: number }[] {
  return texto
    .split('\n')
    .map((linha, indice) => ({ texto: linha.trim(), linha: indice + 1 }))
    .filter((linha) => linha.texto !== '');
}

function paraApi(valores: Valores): IaIntencaoDto[] {
  return valores.intencoes.map((i) => ({ nome: i.nome.trim(), exemplos: linhas(i.exemplos).map((l) => l.texto) }));
}

/**
 * The intent list editor: name and examples (one per line) of each intent of the local classifier, validated with
 * the API's schema. An error on one example points at its line in the textarea.
 */
export function IntencoesCard({ intencoes }: { intencoes: IaIntencaoDto[] }) {
  const { t } = useTranslation();
  const [padraoCarregado, setPadraoCarregado] = useState(false);
  const form = useForm<Valores>({
    mode: 'controlled',
    initialValues: valoresDe(intencoes),
    validate: (valores) => {
      const resultado = atualizarIaConfigSchema.safeParse({ intencoes: paraApi(valores) });
      if (resultado.success) return {};
      const erros: ErrosDeFormulario = {};
      for (const issue of resultado.error.issues) {
        const [, indice, campo, exemplo] = issue.path;
        if (typeof indice !== 'number') {
          erros.intencoes ??= issue.message;
        } else if (campo === 'exemplos' && typeof exemplo === 'number') {
          const linha = linhas(valores.intencoes[indice]?.exemplos ?? '')[exemplo]?.linha ?? exemplo + 1;
          erros[`intencoes.${indice}.exemplos`] ??= t('iaConfig.intencoes.erroLinha', { linha, mensagem: issue.message });
        } else {
          erros[`intencoes.${indice}.${String(campo)}`] ??= issue.message;
        }
      }
      return erros;
    },
  });
  const salvar = useSalvarIntencoes((salva) => {
    const valores = valoresDe(salva.intencoes);
    form.setValues(valores);
    form.resetDirty(valores);
    setPadraoCarregado(false);
  });
  const restaurar = useIntencoesPadrao((padrao) => {
    form.setValues(valoresDe(padrao));
    form.clearErrors();
    setPadraoCarregado(true);
  });
  const lista = form.values.intencoes;

  function handleSalvar(valores: Valores) {
    salvar.mutate(paraApi(valores));
  }

  function handleRestaurar() {
    restaurar.mutate();
  }

  function handleAdicionar() {
    form.insertListItem('intencoes', { chave: novaChave(), nome: '', exemplos: '' });
  }

  function handleRemover(indice: number) {
    form.removeListItem('intencoes', indice);
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ia-intencoes-titulo">
      <form onSubmit={form.onSubmit(handleSalvar)} noValidate>
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <Stack gap={2} maw={720}>
              <Title order={3} fz="h5" id="ia-intencoes-titulo">
                {t('iaConfig.intencoes.titulo')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('iaConfig.intencoes.descricao')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('iaConfig.intencoes.especiais')}
              </Text>
            </Stack>
            <Button
              variant="default"
              leftSection={<IconRestore size={16} aria-hidden="true" />}
              loading={restaurar.isPending}
              onClick={handleRestaurar}
            >
              {t('iaConfig.intencoes.restaurar')}
            </Button>
          </Group>

          {padraoCarregado ? (
            <Alert color="blue" variant="light" role="status">
              {t('iaConfig.intencoes.padraoCarregado')}
            </Alert>
          ) : null}
          {form.errors.intencoes ? (
            <Alert color="red" variant="light" role="alert">
              {form.errors.intencoes}
            </Alert>
          ) : null}

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {lista.map((intencao, indice) => {
              const exemplos = linhas(intencao.exemplos).length;
              const rotulo = intencao.nome.trim() || t('iaConfig.intencoes.semNome', { numero: indice + 1 });
              return (
                <Paper key={intencao.chave} withBorder p="sm" radius="sm" role="group" aria-label={rotulo}>
                  <Stack gap="xs">
                    <Group gap="xs" align="flex-end" wrap="nowrap">
                      <TextInput
                        style={{ flex: 1 }}
                        label={t('iaConfig.intencoes.nome')}
                        placeholder="agendar_visita"
                        autoComplete="off"
                        spellCheck={false}
                        {...form.getInputProps(`intencoes.${indice}.nome`)}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="lg"
                        mb={form.errors[`intencoes.${indice}.nome`] ? 22 : 0}
                        aria-label={t('iaConfig.intencoes.remover', { nome: rotulo })}
                        onClick={() => handleRemover(indice)}
                      >
                        <IconTrash size={18} aria-hidden="true" />
                      </ActionIcon>
                    </Group>
                    <Textarea
                      label={t('iaConfig.intencoes.exemplos')}
                      description={t('iaConfig.intencoes.contagem', {
                        quantidade: exemplos,
                        maximo: IA_INTENCOES_LIMITES.exemplosPorIntencao,
                      })}
                      autosize
                      minRows={3}
                      maxRows={8}
                      {...form.getInputProps(`intencoes.${indice}.exemplos`)}
                    />
                  </Stack>
                </Paper>
              );
            })}
          </SimpleGrid>

          {lista.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('iaConfig.intencoes.vazia')}
            </Text>
          ) : null}

          <Text size="xs" c="dimmed">
            {t('iaConfig.intencoes.limites', {
              intencoes: IA_INTENCOES_LIMITES.intencoes,
              exemplos: IA_INTENCOES_LIMITES.exemplosPorIntencao,
              min: IA_INTENCOES_LIMITES.exemploMin,
              max: IA_INTENCOES_LIMITES.exemploMax,
            })}
          </Text>

          <Group justify="space-between">
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden="true" />}
              disabled={lista.length >= IA_INTENCOES_LIMITES.intencoes}
              onClick={handleAdicionar}
            >
              {t('iaConfig.intencoes.adicionar')}
            </Button>
            <Button type="submit" loading={salvar.isPending} disabled={!form.isDirty()}>
              {t('iaConfig.intencoes.salvar')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
