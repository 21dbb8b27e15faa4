// Entry point of /rum.js: <script src="https://metrics.example.com/rum.js" defer></script> starts
// collection and sends to /rum on the host the script came from; data-endpoint overrides that.
import { startPerflensRum } from './perflens-rum';

const script = document.currentScript as HTMLScriptElement | null;
if (script) {
  const endpoint = script.dataset.endpoint ?? new URL('/rum', script.src).href;
  startPerflensRum({ endpoint, page: script.dataset.page });
}
