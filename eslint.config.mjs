// Lint: ESLint's recommended rules with typescript-eslint's, for the whole project.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

export default tseslint.config(
  // Generated code (Prisma clients, resolver types from the SDL) is type-checked, not linted.
  {
    ignores: [
      'node_modules/',
      'prisma/*/generated/',
      'subgraphs/*/generated/',
      'web/src/generated/',
      'coverage/',
      '.data/',
      '.tmp*',
      'web/dist/',
      'dist/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // The web app runs in the browser; React's rules of hooks catch the mistakes types cannot.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        sessionStorage: 'readonly',
        atob: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        WebSocket: 'readonly',
      },
    },
  },
  // Tests read arbitrary JSON answers back; typing every response shape would add noise, not safety.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
)
