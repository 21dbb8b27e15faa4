// k6 0.43-0.5x ships its browser module as `k6/experimental/browser`; @types/k6 2.x describes only the
// later `k6/browser`, whose API is the same except that some methods (newPage, close...) return promises
// there. frontend.ts awaits every call, which works with either.
declare module 'k6/experimental/browser' {
  export * from 'k6/browser';
}
