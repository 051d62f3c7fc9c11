//! What the browser component tests share: a place to mount a component, a shipped rule set, and a
//! callback that records what it received. Each test file uses some of these.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use timbang::shipped::SHIPPED;
use timbang::state::library::Entry;
use yew::Callback;

/// A fresh element in the page's body to mount a component into.
pub fn root() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// The shipped rule set of `file` (e.g. `bps-14.json`), loaded.
pub fn shipped(file: &str) -> Rc<Entry> {
    let s = SHIPPED.iter().find(|s| s.file == file).unwrap();
    Rc::new(Entry::shipped(s).unwrap())
}

/// A callback and what it has received so far.
pub fn recorder<T: 'static>() -> (Callback<T>, Rc<RefCell<Vec<T>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (Callback::from(move |v| sink.borrow_mut().push(v)), seen)
}
