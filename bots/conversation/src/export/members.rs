//! The members list of an AMAP as CSV, in the columns `panier import members` reads
//! (`email;first_name;last_name;phone;roles`, roles as `admin;referent:CONTRACT;farmer:FARM`),
//! so that an admin can edit it in a spreadsheet and import it back.

use panier_core::usecases::exports::MemberLine;

use super::{CSV_MIME, csv_bytes, csv_writer, document, file_slug};
use crate::message::Document;

/// The import file's column names: a file format, not prose, so not translated.
pub const COLUMNS: [&str; 5] = ["email", "first_name", "last_name", "phone", "roles"];

pub fn csv(amap_name: &str, members: &[MemberLine]) -> Document {
    let mut w = csv_writer();
    let mut ok = w.write_record(COLUMNS).is_ok();
    for m in members {
        let roles = m.roles.join(";");
        ok &= w.write_record([m.email.as_str(), &m.first_name, &m.last_name, &m.phone, &roles]).is_ok();
    }
    if !ok {
        tracing::error!("members CSV could not be written");
    }
    document(format!("{}-membres.csv", file_slug(amap_name)), CSV_MIME, csv_bytes(w))
}
