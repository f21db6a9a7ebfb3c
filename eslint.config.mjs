// ESLint 9 flat config. `npm run lint` runs it (and tools/clang-format.sh for
// native/); `npm run format` applies its fixes. The choices are explained in
// docs/contributing/lint-and-format.md.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Build output, dependencies and scratch space. src/generated/ (written by
    // tools/autogen) is linted: the generator's output is lint-clean.
    ignores: ['dist/', 'build/', 'node_modules/', '.tmp/', 'prebuilds/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter or binding kept on purpose (an interface's
      // argument, `using _ = ...`, a property dropped with `...rest`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // `let x; const screen = display(() => x.draw()); x = new ...`: a
      // closure made before the value it reads.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // The .js and .cjs scripts are CommonJS (package.json "type": "commonjs").
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // require() on purpose: optional peers and the addon are loaded by name or
    // path at run time, and lazy requires keep startup (and each CLI command)
    // from loading modules it does not use; import() would make them async.
    files: [
      'src/optional-peer.ts',
      'src/native.ts',
      'src/register.ts',
      'src/cli/main.ts',
      'src/cli/profile.ts',
      'src/cli/profile-reporter.ts',
      'src/demo/build-dir.ts',
      'src/demo/main.ts',
      'src/otel/producer.ts',
      'src/otel/prometheus.ts',
      'src/otel/sdk-internals.ts',
      'src/otel/store-read.ts',
      'bench/lib.ts',
      'bench/figures/f6-collection.ts',
      // Tests: package.json, a copied module or a peer, by path or identity.
      'test/cli/main.test.ts',
      'test/package/consumer-types.test.ts',
      'test/debug/context.test.ts',
      'test/hpy090/inline-helpers.test.ts',
      'test/package/optional-peer.test.ts',
      'test/universal/capsules-globals-imports.test.ts',
    ],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Python types and callables are JavaScript functions and classes of any
    // signature: `Function` is the honest type at this boundary.
    files: ['src/universal/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  {
    // Extension modules compiled from C at test time (makeModule) and decoded
    // OTLP payloads have shapes TypeScript cannot know.
    files: ['test/types/**/*.ts', 'test/support/make-module.ts', 'test/otel/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests match printed output literally: `/^1 unclosed handle:\n    <D/`
    // reads like the output, `/ {4}/` does not.
    files: ['test/**/*.ts'],
    rules: { 'no-regex-spaces': 'off' },
  },
);
