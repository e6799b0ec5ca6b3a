// Jest 30 runs NestJS 12 (ES modules) through @swc/jest; see ../../../shared/STACK-NOTES.md.
// Jest cannot require() these ESM-only packages on Node 20, so they are transformed too.
const esmOnlyRequiredFromCjs = ['content-disposition', 'cookie'];

export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2023',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
      },
    ],
    '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!\\.pnpm/|(${esmOnlyRequiredFromCjs.join('|')})/)`],
  testTimeout: 30_000,
  maxWorkers: 2,
};
