import { Badge, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUsuario } from '../../auth/hooks/useAuth.js';

/** Read-only details of the logged-in usuario and their empresa. */
export function ContaResumo() {
  const { t } = useTranslation();
  const usuario = useUsuario();
  if (!usuario) return null;

  return (
    <Table variant="vertical" layout="fixed" withRowBorders={false}>
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w={110}>{t('configuracoes.nome')}</Table.Th>
          <Table.Td>{usuario.nome}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t('configuracoes.email')}</Table.Th>
          <Table.Td style={{ overflowWrap: 'anywhere' }}>{usuario.email}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t('configuracoes.papel')}</Table.Th>
          <Table.Td>
            <Badge variant="light">{t(`papel.${usuario.papel}`)}</Badge>
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t('configuracoes.empresa')}</Table.Th>
          <Table.Td>{usuario.empresaNome}</Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}
