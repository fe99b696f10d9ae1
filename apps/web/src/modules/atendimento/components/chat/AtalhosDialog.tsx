import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { ATALHOS } from '../../atalhos.js';

/** Every keyboard shortcut of the workspace. */
export function AtalhosDialog({ aberto, onFechar }: { aberto: boolean; onFechar: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={aberto} onClose={onFechar} title={t('atalhos.titulo')} centered>
      <Text size="sm" c="dimmed" mb="sm">
        {t('atalhos.descricao')}
      </Text>
      <Table verticalSpacing={6}>
        <Table.Tbody>
          {ATALHOS.map((atalho) => (
            <Table.Tr key={atalho.id}>
              <Table.Td>{t(`atalhos.acoes.${atalho.id}`)}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  {atalho.teclas.map((tecla, indice) => (
                    <Fragment key={tecla}>
                      {indice > 0 ? <Text size="xs">+</Text> : null}
                      <Kbd size="sm">{tecla}</Kbd>
                    </Fragment>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
