import { List } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import type { ApiError } from './api-client.js';
import { i18n } from './i18n.js';

function issuePath(path: string | (string | number)[]): string {
  return Array.isArray(path) ? path.join('.') : path;
}

/** The readable text of an API error: the server's own `message` whenever it sent one. */
export function describeApiError(error: ApiError): string {
  switch (error.kind) {
    case 'network':
      return i18n.t('errors.network');
    case 'invalid-response':
      return i18n.t('errors.invalidResponse');
    case 'session-expired':
      return i18n.t('errors.sessionExpired');
    case 'http':
      return error.message || i18n.t('errors.http', { status: error.status });
  }
}

export function showApiError(error: ApiError): void {
  const text = describeApiError(error);
  // The API's 400 message often already spells the issues out; list only what it does not say.
  const extraIssues = error.issues.filter((issue) => !text.includes(issue.message));
  let message: ReactNode = text;
  if (extraIssues.length > 0) {
    message = (
      <>
        {text}
        <List size="sm" mt={4}>
          {extraIssues.map((issue) => (
            <List.Item key={`${issuePath(issue.path)}:${issue.message}`}>
              {issuePath(issue.path) ? `${issuePath(issue.path)}: ${issue.message}` : issue.message}
            </List.Item>
          ))}
        </List>
      </>
    );
  }
  notifications.show({ color: 'red', title: i18n.t('errors.title'), message, autoClose: 6000 });
}

export function showSessionExpired(): void {
  notifications.show({
    // A fixed id keeps one notice even if several tabs or requests notice the expiry together.
    id: 'session-expired',
    color: 'yellow',
    title: i18n.t('errors.sessionExpiredTitle'),
    message: i18n.t('errors.sessionExpired'),
  });
}
