// One IPC round trip for a list, the list painted, then "ready" a frame later: what a first
// screen of data costs any Tauri app, and so the fair baseline for Tallyroom's.
const invoke = window.__TAURI_INTERNALS__.invoke;
const items = await invoke("items");
const list = document.createElement("ul");
for (const text of items) {
  const li = document.createElement("li");
  li.textContent = text;
  list.append(li);
}
document.body.append(list);
// One frame, as Tallyroom waits before it says ready.
requestAnimationFrame(() => invoke("ready"));
