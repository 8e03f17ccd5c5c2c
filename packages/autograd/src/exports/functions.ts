/** functions: the exports of this area, gathered by the package's entry (src/index.ts). */
export {};
