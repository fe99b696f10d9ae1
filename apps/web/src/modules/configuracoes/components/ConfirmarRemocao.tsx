import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface ConfirmarRemocaoProps {
  aberto: boolean;
  titulo: string;
  mensagem: string;
  onCancelar: () => void;
  onConfirmar: () => void;
  removendo: boolean;
}

export function ConfirmarRemocao({ aberto, titulo, mensagem, onCancelar, onConfirmar, removendo }: ConfirmarRemocaoProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={aberto} onClose={onCancelar} title={titulo} centered>
      <Text size="sm">{mensagem}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onCancelar}>
          {t('acoes.cancelar')}
        </Button>
        <Button color="red" onClick={onConfirmar} loading={removendo}>
          {t('configuracoes.remover')}
        </Button>
      </Group>
    </Modal>
  );
}
