import type { LoginRequest } from '@atende/shared';
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { FormErrors } from '@mantine/form';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLogin } from '../hooks/useLogin.js';
import { type LoginValidationKey, useLoginForm } from '../hooks/useLoginForm.js';

export function LoginForm() {
  const { t } = useTranslation();
  const form = useLoginForm();
  const login = useLogin();
  const emailRef = useRef<HTMLInputElement>(null);
  const senhaRef = useRef<HTMLInputElement>(null);

  // Errors hold translation keys (see validateLogin); translate them here.
  const fieldError = (field: keyof LoginRequest): string | undefined => {
    const key = form.errors[field];
    return typeof key === 'string' ? t(key as LoginValidationKey) : undefined;
  };

  const handleSubmit = (values: LoginRequest) => {
    // Failures are reported by the API client as a toast with the server's message.
    login.mutate(values, { onError: () => senhaRef.current?.select() });
  };

  const handleValidationFailure = (errors: FormErrors) => {
    (errors.email ? emailRef : senhaRef).current?.focus();
  };

  const emailProps = form.getInputProps('email');
  const senhaProps = form.getInputProps('senha');

  return (
    <form onSubmit={form.onSubmit(handleSubmit, handleValidationFailure)} noValidate>
      <Stack gap="md">
        <TextInput
          {...emailProps}
          error={fieldError('email')}
          ref={emailRef}
          label={t('login.email')}
          placeholder={t('login.emailPlaceholder')}
          type="email"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          withAsterisk
        />
        <PasswordInput
          {...senhaProps}
          error={fieldError('senha')}
          ref={senhaRef}
          label={t('login.senha')}
          placeholder={t('login.senhaPlaceholder')}
          autoComplete="current-password"
          withAsterisk
          visibilityToggleFocusable
          visibilityToggleButtonProps={{ 'aria-label': t('login.showSenha') }}
        />
        <Button type="submit" fullWidth loading={login.isPending} mt="xs">
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
