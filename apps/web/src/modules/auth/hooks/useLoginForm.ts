import { type LoginRequest, loginRequestSchema } from '@atende/shared';
import { useForm } from '@mantine/form';

/** Translation keys of the login form's field errors; translated at render so a language switch applies. */
export type LoginValidationKey =
  | 'login.validation.emailRequired'
  | 'login.validation.emailInvalid'
  | 'login.validation.emailTooLong'
  | 'login.validation.senhaRequired'
  | 'login.validation.senhaTooLong';

export type LoginFormErrors = Partial<Record<keyof LoginRequest, LoginValidationKey>>;

function normalize(values: LoginRequest): LoginRequest {
  return { email: values.email.trim(), senha: values.senha };
}

/** Validates with the shared request schema, so the form accepts exactly what the API accepts. */
export function validateLogin(values: LoginRequest): LoginFormErrors {
  const normalized = normalize(values);
  const result = loginRequestSchema.safeParse(normalized);
  if (result.success) return {};
  const errors: LoginFormErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (field === 'email' && !errors.email) {
      if (normalized.email === '') errors.email = 'login.validation.emailRequired';
      else if (issue.code === 'too_big') errors.email = 'login.validation.emailTooLong';
      else errors.email = 'login.validation.emailInvalid';
    } else if (field === 'senha' && !errors.senha) {
      errors.senha = normalized.senha === '' ? 'login.validation.senhaRequired' : 'login.validation.senhaTooLong';
    }
  }
  return errors;
}

export function useLoginForm() {
  return useForm<LoginRequest>({
    mode: 'controlled',
    initialValues: { email: '', senha: '' },
    validate: validateLogin,
    transformValues: normalize,
  });
}
