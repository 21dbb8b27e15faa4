// Jest setup provided by Grafana scaffolding; browser-tests/ run in Node, where its DOM stubs have no DOM.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}

// Scenes and @grafana/ui's Select observe layout; jsdom has neither observer (reference notes §1.7).
class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
if (typeof window !== 'undefined') {
  global.IntersectionObserver = global.IntersectionObserver ?? NoopObserver;
  global.ResizeObserver = global.ResizeObserver ?? NoopObserver;
}

// Browsers have structuredClone (the engine's threshold resolution uses it); jsdom's window does not.
if (typeof window !== 'undefined' && typeof global.structuredClone !== 'function') {
  const v8 = require('v8');
  global.structuredClone = (value) => v8.deserialize(v8.serialize(value));
}
