// Says "ready" once the page is on screen, like Tallyroom does after its first results.
requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("ready"));
