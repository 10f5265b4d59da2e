pub mod catalog;
pub mod diagnostics;
pub mod evidence;
pub mod manifest;
pub mod policy;
pub mod schema;
pub mod source;
