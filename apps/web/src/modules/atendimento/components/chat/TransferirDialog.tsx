import { type TicketDto, type TransferirTicket, transferirTicketSchema } from '@atende/shared';
import { Badge, Button, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { textoOuNull, validarComZod } from '../../../../lib/form.js';
import { useFilas } from '../../hooks/useCatalogos.js';
import { useAtendentes } from '../../hooks/useAtendentes.js';

interface Valores {
  destino: 'fila' | 'atendente';
  filaId: string | null;
  atendenteId: string | null;
  motivo: string;
}

function paraApi(valores: Valores): Partial<TransferirTicket> {
  return {
    filaId: valores.filaId ?? undefined,
    atendenteId: valores.destino === 'atendente' ? (valores.atendenteId ?? undefined) : undefined,
    motivo: textoOuNull(valores.motivo) ?? '',
  };
}

const COR_PRESENCA = { online: 'green', ausente: 'yellow', offline: 'gray' } as const;

interface TransferirDialogProps {
  ticket: TicketDto;
  aberto: boolean;
  onFechar: () => void;
  onTransferir: (body: TransferirTicket) => Promise<unknown>;
  transferindo: boolean;
}

/** Transfer to another fila (back to its queue) or to an agent (optionally in another fila), with a reason. */
export function TransferirDialog({ ticket, aberto, onFechar, onTransferir, transferindo }: TransferirDialogProps) {
  const { t } = useTranslation();
  const filas = useFilas(aberto);
  const atendentes = useAtendentes(aberto);
  const form = useForm<Valores>({
    mode: 'controlled',
    initialValues: { destino: 'fila', filaId: null, atendenteId: null, motivo: '' },
    validate: (valores) => {
      const erros = validarComZod<Valores>(transferirTicketSchema, paraApi)(valores);
      if (valores.destino === 'fila' && !valores.filaId) erros.filaId = t('transferir.escolhaFila');
      if (valores.destino === 'atendente' && !valores.atendenteId) erros.atendenteId = t('transferir.escolhaAtendente');
      if (!valores.motivo.trim()) erros.motivo = t('transferir.informeMotivo');
      return erros;
    },
  });

  const handleSubmit = form.onSubmit(async (valores) => {
    const body = transferirTicketSchema.parse(paraApi(valores));
    try {
      await onTransferir(body);
      form.reset();
      onFechar();
    } catch {
      // The toast explains it; the dialog stays open with what was typed.
    }
  });

  const outrasFilas = (filas.data ?? []).filter((fila) => fila.ativo && fila.id !== ticket.fila?.id);
  const listaAtendentes = (atendentes.data ?? []).filter((atendente) => atendente.ativo && atendente.id !== ticket.atendente?.id);

  return (
    <Modal opened={aberto} onClose={onFechar} title={t('transferir.titulo', { codigo: ticket.codigo })} centered>
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="sm">
          <SegmentedControl
            fullWidth
            aria-label={t('transferir.destino')}
            data={[
              { value: 'fila', label: t('transferir.paraFila') },
              { value: 'atendente', label: t('transferir.paraAtendente') },
            ]}
            {...form.getInputProps('destino')}
          />
          {form.values.destino === 'fila' ? (
            <Text size="xs" c="dimmed">
              {t('transferir.explicaFila')}
            </Text>
          ) : null}
          {form.values.destino === 'atendente' ? (
            <Select
              label={t('transferir.atendente')}
              placeholder={t('transferir.escolhaAtendente')}
              data={listaAtendentes.map((atendente) => ({ value: atendente.id, label: atendente.nome }))}
              renderOption={({ option }) => {
                const atendente = listaAtendentes.find((a) => a.id === option.value);
                return (
                  <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
                    <Text size="sm">{option.label}</Text>
                    {atendente ? (
                      <Group gap={4}>
                        <Badge size="xs" variant="dot" color={COR_PRESENCA[atendente.status]}>
                          {t(`presenca.${atendente.status}`)}
                        </Badge>
                        <Text size="xs" c="dimmed">
                          {t('transferir.carga', { abertos: atendente.ticketsAbertos, max: atendente.maxTicketsSimultaneos })}
                        </Text>
                      </Group>
                    ) : null}
                  </Group>
                );
              }}
              searchable
              required
              nothingFoundMessage={t('filtros.nadaEncontrado')}
              {...form.getInputProps('atendenteId')}
            />
          ) : null}
          <Select
            label={form.values.destino === 'fila' ? t('transferir.fila') : t('transferir.filaOpcional')}
            placeholder={t('transferir.escolhaFila')}
            data={outrasFilas.map((fila) => ({ value: fila.id, label: fila.nome }))}
            searchable
            clearable={form.values.destino === 'atendente'}
            required={form.values.destino === 'fila'}
            nothingFoundMessage={t('filtros.nadaEncontrado')}
            {...form.getInputProps('filaId')}
          />
          <Textarea label={t('transferir.motivo')} placeholder={t('transferir.motivoPlaceholder')} autosize minRows={2} required {...form.getInputProps('motivo')} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onFechar}>
              {t('acoes.cancelar')}
            </Button>
            <Button type="submit" loading={transferindo}>
              {t('transferir.confirmar')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
