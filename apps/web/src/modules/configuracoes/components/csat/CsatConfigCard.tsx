import { type ConfiguracaoCsat, configuracaoCsatSchema } from '@atende/shared';
import { Button, Group, NumberInput, Paper, SimpleGrid, Skeleton, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { validarComZod } from '../../../../lib/form.js';
import { buscarConfiguracaoCsat, csatConfigKey, salvarConfiguracaoCsat } from '../../api/csat-api.js';
import { usePermissoes } from '../../hooks/usePermissoes.js';

function CsatForm({ config, somenteLeitura }: { config: ConfiguracaoCsat; somenteLeitura: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<ConfiguracaoCsat>({
    mode: 'controlled',
    initialValues: config,
    validate: validarComZod<ConfiguracaoCsat>(configuracaoCsatSchema),
  });
  const salvar = useMutation({
    mutationFn: salvarConfiguracaoCsat,
    onSuccess: (salva) => {
      queryClient.setQueryData(csatConfigKey, salva);
      form.setValues(salva);
      form.resetDirty(salva);
    },
  });

  return (
    <form onSubmit={form.onSubmit((valores) => salvar.mutate(valores))} noValidate>
      <fieldset disabled={somenteLeitura} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="sm">
          <Switch
            label={t('csat.ativo')}
            description={t('csat.ativoDica')}
            {...form.getInputProps('ativo', { type: 'checkbox' })}
          />
          <Textarea
            label={t('csat.mensagem')}
            description={t('csat.mensagemDica')}
            autosize
            minRows={2}
            maxLength={1000}
            {...form.getInputProps('mensagem')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('csat.atraso')}
              description={t('csat.atrasoDica')}
              min={0}
              max={10_080}
              allowDecimal={false}
              {...form.getInputProps('atrasoMinutos')}
            />
            <NumberInput
              label={t('csat.janela')}
              description={t('csat.janelaDica')}
              min={1}
              max={168}
              allowDecimal={false}
              {...form.getInputProps('janelaRespostaHoras')}
            />
          </SimpleGrid>
          {somenteLeitura ? (
            <Text size="xs" c="dimmed">
              {t('csat.somenteAdmin')}
            </Text>
          ) : (
            <Group justify="flex-end">
              <Button type="submit" loading={salvar.isPending} disabled={!form.isDirty()}>
                {t('acoes.salvar')}
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}

/** The post-resolution satisfaction survey: on/off, its text, the delay and how long a number reply counts. */
export function CsatConfigCard() {
  const { t } = useTranslation();
  const { admin } = usePermissoes();
  const config = useQuery({ queryKey: csatConfigKey, queryFn: ({ signal }) => buscarConfiguracaoCsat(signal) });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="config-csat">
      <Title order={2} fz="h4" id="config-csat">
        {t('csat.titulo')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('csat.descricao')}
      </Text>
      {config.data ? <CsatForm config={config.data} somenteLeitura={!admin} /> : <Skeleton height={160} />}
    </Paper>
  );
}
