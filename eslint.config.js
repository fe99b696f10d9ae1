import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/.tmp-*', '**/dist/**', '**/node_modules/**', 'data/**', '**/coverage/**', 'apps/api/test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='forwardRef']", message: 'forwardRef hides a circular import: split the module instead.' }],
    },
  },
  {
    // Plain Node scripts (benchmarks, build helpers).
    files: ['bench/**/*.mjs', 'bench/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'fetch', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'Buffer', 'URL', 'AbortController', 'AbortSignal', 'performance', 'structuredClone', 'TextEncoder', 'TextDecoder'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
