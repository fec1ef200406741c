//! The command table: names in French and English, who may see each command, whether it may
//! be answered in a group, and the dispatch to one file per command (parse + run).

use crate::context::Ctx;
use crate::failure::Failure;
use crate::message::Reply;
use panier_core::usecases::rights::Rights;

pub mod absence;
pub mod announce;
pub mod calendar;
pub mod confirm;
pub mod contracts;
pub mod deliveries;
pub mod events;
pub mod handover;
pub mod help;
pub mod language;
pub mod link;
pub mod me;
pub mod next;
pub mod notifications;
pub mod shifts;
pub mod sign;

// Referents, farmers and admins.
pub mod admin_links;
pub mod cancel;
pub mod contract_edit;
pub mod event;
pub mod exports;
pub mod forget;
pub mod invite;
pub mod listing;
pub mod members;
pub mod move_delivery;
pub mod mydata;
pub mod network;
pub mod orders;
pub mod payments;
pub mod privacy;
pub mod remind;
pub mod signin;
pub mod totals;

/// Every command the bot knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandId {
    Help,
    Start,
    Link,
    Next,
    Deliveries,
    Confirm,
    Absence,
    Handover,
    Shifts,
    Contracts,
    Sign,
    Events,
    Calendar,
    Language,
    Notifications,
    Me,
    Totals,
    SignIn,
    Remind,
    Cancel,
    Move,
    Payments,
    Orders,
    Members,
    Invite,
    Event,
    MyData,
    Forget,
    Announce,
    Announcements,
    Privacy,
    ContractEdit,
    Settings,
    Export,
    Network,
    Listing,
}

/// Who sees a command in the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Anyone,
    Member,
    Referent,
    Farmer,
    Admin,
    /// Coordinators of a network only.
    Network,
    /// Who writes to the network or keeps a directory entry: AMAP admins, farmers, coordinators.
    Directory,
}

pub struct CommandSpec {
    pub id: CommandId,
    /// The French name (reference), then the English one.
    pub fr: &'static str,
    pub en: &'static str,
    /// Other accepted spellings (already normalized: lower case, no accents).
    pub aliases: &'static [&'static str],
    pub audience: Audience,
    /// May be answered in a shared room (no personal data in the answer).
    pub public: bool,
    /// Works before the chat account is linked.
    pub unlinked: bool,
}

const fn spec(id: CommandId, fr: &'static str, en: &'static str, audience: Audience) -> CommandSpec {
    CommandSpec { id, fr, en, aliases: &[], audience, public: false, unlinked: false }
}

pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        public: true,
        unlinked: true,
        aliases: &["?", "commandes-aide"],
        ..spec(CommandId::Help, "aide", "help", Audience::Anyone)
    },
    CommandSpec {
        public: true,
        unlinked: true,
        ..spec(CommandId::Start, "start", "start", Audience::Anyone)
    },
    CommandSpec { unlinked: true, ..spec(CommandId::Link, "lier", "link", Audience::Anyone) },
    spec(CommandId::Next, "prochaine", "next", Audience::Member),
    spec(CommandId::Deliveries, "livraisons", "deliveries", Audience::Member),
    spec(CommandId::Confirm, "confirmer", "confirm", Audience::Member),
    spec(CommandId::Absence, "absence", "absent", Audience::Member),
    spec(CommandId::Handover, "donner", "handover", Audience::Member),
    spec(CommandId::Shifts, "permanences", "shifts", Audience::Member),
    spec(CommandId::Contracts, "contrats", "contracts", Audience::Member),
    spec(CommandId::Sign, "signer", "sign", Audience::Member),
    CommandSpec {
        aliases: &["evenement-liste"],
        ..spec(CommandId::Events, "evenements", "events", Audience::Member)
    },
    CommandSpec {
        unlinked: true,
        aliases: &["lang"],
        ..spec(CommandId::Language, "langue", "language", Audience::Anyone)
    },
    spec(CommandId::Notifications, "notifications", "notifications", Audience::Member),
    spec(CommandId::Me, "moi", "me", Audience::Member),
    spec(CommandId::Calendar, "calendrier", "calendar", Audience::Member),
    spec(CommandId::Totals, "totaux", "totals", Audience::Referent),
    CommandSpec {
        aliases: &["feuille"],
        ..spec(CommandId::SignIn, "emargement", "signin", Audience::Referent)
    },
    spec(CommandId::Remind, "rappel", "remind", Audience::Referent),
    spec(CommandId::Cancel, "annuler", "cancel", Audience::Referent),
    spec(CommandId::Move, "deplacer", "move", Audience::Referent),
    spec(CommandId::Payments, "paiements", "payments", Audience::Referent),
    spec(CommandId::Orders, "commandes", "orders", Audience::Farmer),
    spec(CommandId::Members, "membres", "members", Audience::Admin),
    spec(CommandId::Invite, "inviter", "invite", Audience::Admin),
    spec(CommandId::Event, "evenement", "event", Audience::Admin),
    CommandSpec {
        aliases: &["mes-donnees"],
        ..spec(CommandId::MyData, "mesdonnees", "mydata", Audience::Member)
    },
    spec(CommandId::Forget, "oubli", "forget", Audience::Member),
    spec(CommandId::Announce, "annonce", "announce", Audience::Directory),
    spec(CommandId::Announcements, "annonces", "announcements", Audience::Directory),
    CommandSpec {
        aliases: &["export-fichier"],
        ..spec(CommandId::Export, "exporter", "export", Audience::Referent)
    },
    CommandSpec {
        aliases: &["network-directory"],
        ..spec(CommandId::Network, "reseau", "network", Audience::Network)
    },
    CommandSpec {
        aliases: &["annuaire"],
        ..spec(CommandId::Listing, "fiche", "listing", Audience::Directory)
    },
    CommandSpec {
        public: true,
        unlinked: true,
        aliases: &["privacy-notice"],
        ..spec(CommandId::Privacy, "confidentialite", "privacy", Audience::Anyone)
    },
    spec(CommandId::ContractEdit, "contrat", "contract", Audience::Referent),
    CommandSpec {
        aliases: &["parametres"],
        ..spec(CommandId::Settings, "reglages", "settings", Audience::Admin)
    },
];

/// Finds a command by any of its names (input already normalized, prefix stripped).
pub fn lookup(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.fr == name || c.en == name || c.aliases.contains(&name))
}

/// The closest known name, for "did you mean …?" (at most 2 edits away).
pub fn closest(name: &str) -> Option<&'static str> {
    COMMANDS
        .iter()
        .flat_map(|c| [c.fr, c.en])
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Whether `rights` make this command relevant to the member (help listing).
pub fn visible_to(spec: &CommandSpec, rights: Option<&Rights>) -> bool {
    match (spec.audience, rights) {
        (Audience::Anyone, _) => true,
        (_, None) => false,
        (Audience::Member, Some(_)) => true,
        // Farmers countersign contracts but do not write them.
        (Audience::Referent, Some(r)) if spec.id == CommandId::ContractEdit => {
            r.has_referent_role() || r.has_admin_role()
        }
        (Audience::Referent, Some(r)) => r.has_referent_role() || r.has_farmer_role() || r.has_admin_role(),
        (Audience::Farmer, Some(r)) => r.has_farmer_role(),
        (Audience::Admin, Some(r)) => r.has_admin_role(),
        (Audience::Network, Some(r)) => !panier_core::usecases::network::administered(r).is_empty(),
        (Audience::Directory, Some(r)) => {
            r.has_admin_role()
                || r.has_farmer_role()
                || !panier_core::usecases::network::administered(r).is_empty()
        }
    }
}

/// Runs a parsed command line. `args` is the text after the command name.
pub async fn run(ctx: &mut Ctx<'_>, id: CommandId, args: &str) -> Result<Vec<Reply>, Failure> {
    match id {
        CommandId::Help => help::run(ctx, args).await,
        CommandId::Start => link::run_start(ctx, args).await,
        CommandId::Link => link::run(ctx, args).await,
        CommandId::Next => next::run(ctx, args).await,
        CommandId::Deliveries => deliveries::run(ctx, args).await,
        CommandId::Confirm => confirm::run(ctx, args).await,
        CommandId::Absence => absence::run(ctx, args).await,
        CommandId::Handover => handover::run(ctx, args).await,
        CommandId::Shifts => shifts::run(ctx, args).await,
        CommandId::Contracts => contracts::run(ctx, args).await,
        CommandId::Sign => sign::run(ctx, args).await,
        CommandId::Events => events::run(ctx, args).await,
        CommandId::Calendar => calendar::run(ctx, args).await,
        CommandId::Language => language::run(ctx, args).await,
        CommandId::Notifications => notifications::run(ctx, args).await,
        CommandId::Me => me::run(ctx, args).await,
        CommandId::Totals => totals::run(ctx, args).await,
        CommandId::SignIn => signin::run(ctx, args).await,
        CommandId::Cancel => cancel::run(ctx, args).await,
        CommandId::Move => move_delivery::run(ctx, args).await,
        CommandId::Payments => payments::run(ctx, args).await,
        CommandId::Orders => orders::run(ctx, args).await,
        CommandId::Members => members::run(ctx, args).await,
        CommandId::Invite => invite::run(ctx, args).await,
        CommandId::Event => event::run(ctx, args).await,
        CommandId::MyData => mydata::run(ctx, args).await,
        CommandId::Forget => forget::run(ctx, args).await,
        CommandId::Announce => announce::run(ctx, args).await,
        CommandId::Announcements => announce::run_list(ctx, args).await,
        CommandId::Privacy => privacy::run(ctx, args).await,
        CommandId::Remind => remind::run(ctx, args).await,
        CommandId::ContractEdit => contract_edit::run(ctx, args).await,
        CommandId::Settings => admin_links::settings(ctx, args).await,
        CommandId::Export => exports::run(ctx, args).await,
        CommandId::Network => network::run(ctx, args).await,
        CommandId::Listing => listing::run(ctx, args).await,
        // Kept for commands added to the table before their file exists.
        #[allow(unreachable_patterns)]
        _ => Err(Failure::NotYet),
    }
}

#[cfg(test)]
#[allow(clippy::items_after_test_module)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_normalized() {
        let mut seen = std::collections::HashSet::new();
        for c in COMMANDS {
            for name in [c.fr, c.en].iter().chain(c.aliases.iter()) {
                assert_eq!(crate::parse::normalize(name), *name, "{name} is not normalized");
                if c.fr != c.en || *name != c.en {
                    assert!(seen.insert(*name) || (c.fr == c.en && *name == c.fr), "duplicate name {name}");
                }
            }
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("prochain"), Some("prochaine"));
        assert_eq!(closest("delivries"), Some("deliveries"));
        assert_eq!(closest("xyzzy"), None);
        assert_eq!(lookup("aide").map(|c| c.id), Some(CommandId::Help));
        assert_eq!(lookup("deliveries").map(|c| c.id), Some(CommandId::Deliveries));
    }
}

/// Continues a dialogue that waits for free text (a name, an event title…).
pub async fn continue_pending(
    ctx: &mut Ctx<'_>,
    pending: crate::dialogue::Pending,
    text: &str,
) -> Result<Vec<Reply>, Failure> {
    match pending {
        crate::dialogue::Pending::HandoverName { date } => handover::answer_name(ctx, date, text).await,
        crate::dialogue::Pending::InviteEmail { amap } => invite::answer_email(ctx, amap, text).await,
        crate::dialogue::Pending::InviteName { amap, email } => {
            invite::answer_name(ctx, amap, &email, text).await
        }
        pending @ (crate::dialogue::Pending::AnnounceProduct { .. }
        | crate::dialogue::Pending::AnnounceArea { .. }
        | crate::dialogue::Pending::AnnounceBody { .. }) => announce::answer(ctx, pending, text).await,
        pending @ (crate::dialogue::Pending::EventTitle { .. }
        | crate::dialogue::Pending::EventWhen { .. }
        | crate::dialogue::Pending::EventPlace { .. }
        | crate::dialogue::Pending::EventBody { .. }) => event::answer(ctx, pending, text).await,
    }
}
