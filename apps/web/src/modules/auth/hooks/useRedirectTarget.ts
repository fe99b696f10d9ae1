import { useLocation } from 'react-router';

export const DEFAULT_AFTER_LOGIN = '/atendimento';

/** State the route guard leaves on /login: where the user was going. */
export interface LoginLocationState {
  from: { pathname: string; search?: string; hash?: string };
}

function isLoginLocationState(value: unknown): value is LoginLocationState {
  if (typeof value !== 'object' || value === null || !('from' in value)) return false;
  const { from } = value;
  return typeof from === 'object' && from !== null && 'pathname' in from && typeof from.pathname === 'string';
}

/** Where to go after logging in: the page the guard stopped the user at, else the inbox. */
export function useRedirectTarget(): string {
  const { state } = useLocation();
  if (!isLoginLocationState(state)) return DEFAULT_AFTER_LOGIN;
  const { pathname, search = '', hash = '' } = state.from;
  // Only same-app paths, and never back to /login itself.
  if (!pathname.startsWith('/') || pathname.startsWith('//') || pathname.startsWith('/login')) {
    return DEFAULT_AFTER_LOGIN;
  }
  return `${pathname}${search}${hash}`;
}
