//! The features are embedded in the binary (`include_dir!`); a feature file
//! added, removed or edited must rebuild it.

fn main() {
    println!("cargo:rerun-if-changed=features");
}
