/// <reference types="vite/client" />

// For tools that read .ts files with plain TypeScript (typed ESLint); vue-tsc resolves .vue files itself.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
