import type { TemplateDto } from '@atende/shared';
import { Badge, Box, Group, Loader, Paper, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './Composer.module.css';

interface TemplateSugestoesProps {
  id: string;
  templates: TemplateDto[];
  carregando: boolean;
  ativo: number;
  onEscolher: (template: TemplateDto) => void;
  onDestacar: (indice: number) => void;
}

export function opcaoId(listaId: string, indice: number): string {
  return `${listaId}-opcao-${indice}`;
}

/** The `/` template search: shortcut, name and the start of the text; arrows move, Enter or Tab picks. */
export function TemplateSugestoes({ id, templates, carregando, ativo, onEscolher, onDestacar }: TemplateSugestoesProps) {
  const { t } = useTranslation();
  const ativoRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    ativoRef.current?.scrollIntoView({ block: 'nearest' });
  }, [ativo]);

  return (
    <Paper withBorder shadow="md" radius="md" className={classes.sugestoes}>
      <Group justify="space-between" px="sm" py={6} className={classes.sugestoesTitulo}>
        <Text size="xs" fw={600} c="dimmed">
          {t('composer.templates')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('composer.templatesDica')}
        </Text>
      </Group>
      <ScrollArea.Autosize mah={260}>
        <Box id={id} role="listbox" aria-label={t('composer.templates')}>
          {carregando && templates.length === 0 ? (
            <Group justify="center" p="sm">
              <Loader size="xs" aria-label={t('app.loading')} />
            </Group>
          ) : templates.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              {t('composer.semTemplates')}
            </Text>
          ) : (
            templates.map((template, indice) => (
              <UnstyledButton
                key={template.id}
                id={opcaoId(id, indice)}
                ref={indice === ativo ? ativoRef : undefined}
                role="option"
                aria-selected={indice === ativo}
                className={classes.opcao}
                data-ativo={indice === ativo || undefined}
                // mousedown, not click: keep the focus in the composer.
                onMouseDown={(event) => {
                  event.preventDefault();
                  onEscolher(template);
                }}
                onMouseEnter={() => onDestacar(indice)}
                tabIndex={-1}
              >
                <Group gap="xs" wrap="nowrap">
                  {template.atalho ? (
                    <Text size="sm" ff="monospace" fw={600} c="teal">
                      {template.atalho}
                    </Text>
                  ) : null}
                  <Text size="sm" fw={500} truncate="end">
                    {template.nome}
                  </Text>
                  {template.whatsapp ? (
                    <Badge size="xs" variant="light" color={template.whatsapp.status === 'aprovado' ? 'green' : 'gray'}>
                      {t('composer.templateWhatsapp')}
                    </Badge>
                  ) : null}
                </Group>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {template.conteudo}
                </Text>
              </UnstyledButton>
            ))
          )}
        </Box>
      </ScrollArea.Autosize>
    </Paper>
  );
}
