import { Navigate, Outlet, useLocation } from 'react-router';
import { useIsAuthenticated } from '../hooks/useAuth.js';
import type { LoginLocationState } from '../hooks/useRedirectTarget.js';

/** Route guard: renders the child routes for a logged-in user, else sends them to /login and back after. */
export function RequireAuth() {
  const isAuthenticated = useIsAuthenticated();
  const location = useLocation();
  if (!isAuthenticated) {
    const state: LoginLocationState = {
      from: { pathname: location.pathname, search: location.search, hash: location.hash },
    };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}
