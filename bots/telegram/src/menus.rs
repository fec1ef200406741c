//! The command menus Telegram shows next to the text field, built from the conversation
//! layer's command table: in private chats the commands every member may use, in groups only
//! the public ones. French names for French (also the default list, French being the
//! reference), English names for English. Descriptions are the `menu-*` messages of
//! `locales/*/telegram.ftl`.

use panier_conversation::commands::{self, CommandId, CommandSpec};
use panier_conversation::i18n::{Catalog, Lang};
use panier_conversation::markup::Rich;
use teloxide::payloads::SetMyCommandsSetters;
use teloxide::requests::Requester;
use teloxide::types::{BotCommand, BotCommandScope};

use crate::Telegram;
use crate::errors::Failure;

/// Where a menu shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuScope {
    PrivateChats,
    GroupChats,
}

impl MenuScope {
    fn telegram(self) -> BotCommandScope {
        match self {
            MenuScope::PrivateChats => BotCommandScope::AllPrivateChats,
            MenuScope::GroupChats => BotCommandScope::AllGroupChats,
        }
    }
}

/// Whether a command belongs in the menu of `scope`.
fn in_menu(spec: &CommandSpec, scope: MenuScope) -> bool {
    if spec.id == CommandId::Start {
        return false; // Telegram sends /start itself.
    }
    match scope {
        MenuScope::PrivateChats => {
            matches!(spec.audience, commands::Audience::Anyone | commands::Audience::Member)
        }
        MenuScope::GroupChats => spec.public,
    }
}

/// The command's name in `lang`, if Telegram accepts it (1-32 of a-z, 0-9, _).
pub fn menu_name(spec: &CommandSpec, lang: Lang) -> Option<&'static str> {
    let name = match lang {
        Lang::Fr => spec.fr,
        Lang::En => spec.en,
    };
    let valid = (1..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    valid.then_some(name)
}

/// The message key describing a command in menus: `menu-<French name>`.
pub fn menu_key(spec: &CommandSpec) -> String {
    format!("menu-{}", spec.fr)
}

/// The menu of `scope` in `lang`.
pub fn menu(catalog: &Catalog, scope: MenuScope, lang: Lang) -> Vec<BotCommand> {
    commands::COMMANDS
        .iter()
        .filter(|spec| in_menu(spec, scope))
        .filter_map(|spec| {
            let name = menu_name(spec, lang)?;
            let key = menu_key(spec);
            if !catalog.has(lang, &key) {
                tracing::warn!(key = %key, lang = lang.code(), "command left out of the menu: no description");
                return None;
            }
            let description = Rich::parse(&catalog.text(lang, &key, &[])).plain();
            let description: String = description.trim().chars().take(256).collect();
            (!description.is_empty()).then(|| BotCommand::new(name, description))
        })
        .take(100)
        .collect()
}

/// Registers the menus: for private chats and for groups, in French (also the default for
/// people whose app speaks another language) and in English.
pub async fn register(tg: &Telegram, catalog: &Catalog) -> Result<(), Failure> {
    let mut outcome = Ok(());
    for scope in [MenuScope::PrivateChats, MenuScope::GroupChats] {
        for (lang, code) in [(Lang::Fr, Some("fr")), (Lang::En, Some("en")), (Lang::Fr, None)] {
            let commands = menu(catalog, scope, lang);
            let set = tg
                .call("setMyCommands", 3, || {
                    let request = tg.client().set_my_commands(commands.clone()).scope(scope.telegram());
                    match code {
                        Some(code) => request.language_code(code),
                        None => request,
                    }
                })
                .await;
            if let Err(reason) = set {
                tracing::warn!(
                    ?scope,
                    lang = code.unwrap_or("default"),
                    ?reason,
                    "command menu not registered"
                );
                outcome = Err(reason);
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_menu_entry_has_a_description_in_both_languages() {
        let catalog = Catalog::shared();
        for scope in [MenuScope::PrivateChats, MenuScope::GroupChats] {
            for spec in commands::COMMANDS.iter().filter(|s| in_menu(s, scope)) {
                for lang in Lang::ALL {
                    assert!(catalog.has(lang, &menu_key(spec)), "{} missing in {lang:?}", menu_key(spec));
                    assert!(menu_name(spec, lang).is_some(), "{} is not a Telegram command name", spec.fr);
                }
            }
        }
        let fr = menu(catalog, MenuScope::PrivateChats, Lang::Fr);
        let en = menu(catalog, MenuScope::PrivateChats, Lang::En);
        assert_eq!(fr.len(), en.len());
        assert!(fr.iter().any(|c| c.command == "prochaine"));
        assert!(en.iter().any(|c| c.command == "next"));
        assert!(!fr.iter().any(|c| c.command == "start" || c.command == "totaux"));
        let groups = menu(catalog, MenuScope::GroupChats, Lang::Fr);
        assert!(groups.iter().any(|c| c.command == "aide"), "{groups:?}");
        assert!(groups.iter().all(|c| commands::lookup(&c.command).is_some_and(|s| s.public)), "{groups:?}");
    }
}
