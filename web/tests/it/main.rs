//! The web crate's one integration-test binary: the signing pages over HTTP and in a real browser.

mod browser;
mod calendar;
mod editor;
mod editor_browser;
mod editor_export;
mod editor_members;
mod editor_settings;
mod http;
mod lockout;
mod network;
mod support;
mod webdriver;
