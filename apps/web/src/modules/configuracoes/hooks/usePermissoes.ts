import { useUsuario } from '../../auth/hooks/useAuth.js';

/** What the logged-in usuario may change in settings (the API enforces the same rules). */
export function usePermissoes() {
  const papel = useUsuario()?.papel;
  return {
    admin: papel === 'admin',
    editaTags: papel === 'admin' || papel === 'supervisor',
    editaAutomacoes: papel === 'admin' || papel === 'supervisor',
  };
}
