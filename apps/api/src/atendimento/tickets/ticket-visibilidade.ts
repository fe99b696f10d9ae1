import type { Papel } from '../../common/request-context.js';

/**
 * Who sees which tickets: supervisors and admins see every ticket of their empresa; an atendente sees the
 * tickets of the filas it belongs to and the tickets assigned to it. A ticket outside that set answers 404,
 * exactly like a ticket of another empresa. Null: no restriction.
 */
export function usuarioRestrito(ator: { papel?: Papel; usuarioId: string | null } | undefined): string | null {
  return ator?.papel === 'atendente' ? ator.usuarioId : null;
}

/**
 * SQL condition over the ticket alias `t` for an atendente's usuario. `empresa` and `usuario` are
 * placeholders of the caller's statement. Uses the (empresa_id, fila_id, atendente_id) membership index and
 * the unique usuario_id of atendentes.
 */
export function condicaoVisibilidade(t: string, empresa: string, usuario: string): string {
  return `(
    ${t}.atendente_id IN (
      SELECT va.id FROM atendimento_atendentes va
       WHERE va.usuario_id = ${usuario} AND va.empresa_id = ${empresa} AND va.ativo)
    OR ${t}.fila_id IN (
      SELECT vf.fila_id FROM atendimento_atendentes_filas vf
        JOIN atendimento_atendentes va ON va.id = vf.atendente_id
       WHERE va.usuario_id = ${usuario} AND va.empresa_id = ${empresa} AND va.ativo AND vf.empresa_id = ${empresa}))`;
}
