import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { tauriBackend } from "./lib/backend";

const target = document.getElementById("app");
if (!target) throw new Error("no #app element");
mount(App, { target, props: { backend: tauriBackend } });
