//! Timbang, the web app: Yew components over `timbang-engine`.
//!
//! The app computes nothing itself: every class, score and check comes from the engine.
//! Start reading at [`app::App`].

pub mod app;
pub mod assessment_file;
pub mod browser;
pub mod components;
pub mod fixed;
pub mod i18n;
pub mod panic_panel;
pub mod prefs;
pub mod shipped;
pub mod state;
pub mod storage;
pub mod worker_client;
pub mod worker_pool;

/// Mounts the app on `<body>`, after installing the panic hook that replaces the page with an error panel.
pub fn start() {
    panic_panel::install();
    yew::Renderer::<app::App>::new().render();
}
