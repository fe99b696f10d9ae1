import { TEMPLATE_VARIAVEIS_EMBUTIDAS, type TemplateDto } from '@atende/shared';
import { Alert, Button, CloseButton, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSend, IconTemplate } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { previsualizarTemplate } from '../../api/catalogo-api.js';
import classes from './Composer.module.css';

/** The variables the agent fills: the ones the text uses that the server cannot fill from the ticket. */
export function variaveisAPreencher(template: TemplateDto): string[] {
  return template.variaveisNoTexto.filter((nome) => !(TEMPLATE_VARIAVEIS_EMBUTIDAS as readonly string[]).includes(nome));
}

/** Client-side rendering for when the server preview is not there yet: filled values, the rest as {{name}}. */
export function renderizarLocal(texto: string, valores: Record<string, string>): string {
  return texto.replace(/\{\{\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g, (original, nome: string) => valores[nome]?.trim() || original);
}

interface TemplatePreenchimentoProps {
  template: TemplateDto;
  ticketId: string;
  valores: Record<string, string>;
  onValores: (valores: Record<string, string>) => void;
  onEnviar: () => void;
  onCancelar: () => void;
  enviando: boolean;
}

/** A chosen template: inputs for its variables, the live preview as the customer will read it, and send. */
export function TemplatePreenchimento({ template, ticketId, valores, onValores, onEnviar, onCancelar, enviando }: TemplatePreenchimentoProps) {
  const { t } = useTranslation();
  const variaveis = variaveisAPreencher(template);
  const faltando = variaveis.filter((nome) => !valores[nome]?.trim());
  // Variables still empty go as their own placeholder, so the server fills the built-in ones and the preview
  // shows what is left to fill instead of refusing (422).
  const comMarcadores = JSON.stringify(Object.fromEntries(variaveis.map((nome) => [nome, valores[nome]?.trim() ? valores[nome] : `{{${nome}}}`])));
  const [valoresDebounced] = useDebouncedValue(comMarcadores, 250);
  const primeiroRef = useRef<HTMLInputElement>(null);
  const enviarRef = useRef<HTMLButtonElement>(null);

  const previa = useQuery({
    queryKey: ['atendimento', 'templates', template.id, 'previa', ticketId, valoresDebounced],
    queryFn: ({ signal }) => previsualizarTemplate(template.id, { ticketId, variaveis: JSON.parse(valoresDebounced) as Record<string, string> }, signal),
    placeholderData: (anterior) => anterior,
    retry: false,
    staleTime: 60_000,
  });

  useEffect(() => {
    if (variaveis.length > 0) primeiroRef.current?.focus();
    else enviarRef.current?.focus();
    // Focus once, when the template is chosen.
  }, [template.id, variaveis.length]);

  const texto = previa.data ? previa.data.texto : renderizarLocal(template.conteudo, valores);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (faltando.length === 0) onEnviar();
  };

  return (
    <Paper withBorder radius="md" p="sm" className={classes.template} component="form" onSubmit={handleSubmit} aria-label={t('composer.preencherTemplate', { nome: template.nome })}>
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <Group gap={6} wrap="nowrap" miw={0}>
          <IconTemplate size={16} aria-hidden="true" />
          <Text size="sm" fw={600} truncate="end">
            {template.atalho ? `${template.atalho} · ` : ''}
            {template.nome}
          </Text>
        </Group>
        <CloseButton size="sm" onClick={onCancelar} aria-label={t('composer.cancelarTemplate')} />
      </Group>
      {variaveis.length > 0 ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mb="xs">
          {variaveis.map((nome, indice) => {
            const declarada = template.variaveis.find((v) => v.nome === nome);
            return (
              <TextInput
                key={nome}
                ref={indice === 0 ? primeiroRef : undefined}
                size="xs"
                label={declarada?.descricao ?? nome}
                description={declarada?.descricao ? `{{${nome}}}` : undefined}
                placeholder={declarada?.exemplo}
                value={valores[nome] ?? ''}
                onChange={(event) => onValores({ ...valores, [nome]: event.currentTarget.value })}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') onCancelar();
                }}
                required
              />
            );
          })}
        </SimpleGrid>
      ) : null}
      <Stack gap={4}>
        <Text size="xs" c="dimmed">
          {t('composer.previa')}
        </Text>
        <Text size="sm" className={classes.previa} data-testid="previa-template" aria-live="polite">
          {texto}
        </Text>
        {faltando.length > 0 ? (
          <Alert variant="light" color="yellow" p={6}>
            <Text size="xs">{t('composer.faltamVariaveis', { nomes: faltando.join(', ') })}</Text>
          </Alert>
        ) : null}
      </Stack>
      <Group justify="flex-end" mt="xs" gap="xs">
        <Button variant="default" size="xs" onClick={onCancelar}>
          {t('acoes.cancelar')}
        </Button>
        <Button ref={enviarRef} type="submit" size="xs" leftSection={<IconSend size={14} aria-hidden="true" />} disabled={faltando.length > 0} loading={enviando}>
          {t('composer.enviarTemplate')}
        </Button>
      </Group>
    </Paper>
  );
}
