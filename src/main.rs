//! The app's entry point: all the code is in the library so that browser tests can mount it.
fn main() {
    timbang::start();
}
