//! Replies as Matrix message content: plain `body` and HTML `formatted_body`, choice buttons
//! as numbered options with a keycap emoji each (a reaction with that emoji picks the
//! option), the member mentioned, and the buttons' data kept in the (encrypted) content so a
//! reaction can be mapped back without any state.

use panier_conversation::markup::html_escape;
use panier_conversation::{Button, Reply};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Custom content field carrying the offered choices (label and command line).
pub const CHOICES_FIELD: &str = "org.panier.choices";

/// Keycap emojis offered for the first ten options.
const KEYCAPS: [&str; 10] = [
    "1\u{fe0f}\u{20e3}",
    "2\u{fe0f}\u{20e3}",
    "3\u{fe0f}\u{20e3}",
    "4\u{fe0f}\u{20e3}",
    "5\u{fe0f}\u{20e3}",
    "6\u{fe0f}\u{20e3}",
    "7\u{fe0f}\u{20e3}",
    "8\u{fe0f}\u{20e3}",
    "9\u{fe0f}\u{20e3}",
    "\u{1f51f}",
];

/// The emoji offered for option `n` (1-based), if any.
pub fn option_emoji(n: usize) -> Option<&'static str> {
    KEYCAPS.get(n.checked_sub(1)?).copied()
}

/// The option (1-based) a reaction key stands for: keycaps with or without the variation
/// selector, 🔟, or a plain digit.
pub fn option_of_reaction(key: &str) -> Option<usize> {
    let bare: String = key.chars().filter(|c| *c != '\u{fe0f}').collect();
    if bare == "\u{1f51f}" {
        return Some(10);
    }
    let digits = bare.strip_suffix('\u{20e3}').unwrap_or(&bare);
    let n: usize = digits.trim().parse().ok()?;
    (1..=10).contains(&n).then_some(n)
}

/// One choice as stored in a sent message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub label: String,
    pub data: String,
}

/// Who to mention at the start of a reply in a shared room.
#[derive(Debug, Clone)]
pub struct Mention {
    pub user_id: String,
    pub display_name: String,
}

/// Where the message answers: the event it replies to, and whether to mention the member.
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    pub in_reply_to: Option<String>,
    /// Mentioned with `m.mentions` (notifies them); shown as a pill when `pill` is set.
    pub mention: Option<Mention>,
    pub pill: bool,
}

/// Plain text and HTML of a reply with its options.
pub fn bodies(reply: &Reply, envelope: &Envelope) -> (String, String) {
    let mut plain = reply.text.plain();
    let mut html = reply.text.html().replace('\n', "<br>");
    if let (Some(m), true) = (&envelope.mention, envelope.pill) {
        let name = shown_name(&m.display_name);
        plain = format!("{name}: {plain}");
        html = format!(
            "<a href=\"https://matrix.to/#/{}\">{}</a>: {html}",
            html_escape(&m.user_id),
            html_escape(&name)
        );
    }
    if !reply.buttons.is_empty() {
        plain.push('\n');
        html.push_str("<br>");
        for (i, button) in reply.buttons.iter().enumerate() {
            let n = i + 1;
            let line = match option_emoji(n) {
                Some(emoji) => format!("{emoji} {n}. {}", button.label),
                None => format!("{n}. {}", button.label),
            };
            plain.push('\n');
            plain.push_str(&line);
            html.push_str("<br>");
            html.push_str(&html_escape(&line));
        }
    }
    (plain, html)
}

/// A Matrix display name as we show it: anyone chooses their own, so control characters and
/// bidirectional overrides (which would reorder the text after it) are dropped.
pub fn shown_name(display_name: &str) -> String {
    let kept: String = display_name
        .chars()
        .filter(|c| !c.is_control() && !panier_core::types::is_bidi_control(*c))
        .take(80)
        .collect();
    if kept.trim().is_empty() { "?".to_owned() } else { kept }
}

/// The `m.room.message` content of a reply.
pub fn message_content(reply: &Reply, envelope: &Envelope) -> Value {
    let (plain, html) = bodies(reply, envelope);
    let mut content = json!({
        "msgtype": "m.text",
        "body": plain,
        "format": "org.matrix.custom.html",
        "formatted_body": html,
    });
    let user_ids: Vec<&str> = envelope.mention.iter().map(|m| m.user_id.as_str()).collect();
    content["m.mentions"] = json!({ "user_ids": user_ids });
    if let Some(event_id) = &envelope.in_reply_to {
        content["m.relates_to"] = json!({ "m.in_reply_to": { "event_id": event_id } });
    }
    if !reply.buttons.is_empty() {
        content[CHOICES_FIELD] = json!(choices_of(&reply.buttons));
    }
    content
}

fn choices_of(buttons: &[Button]) -> Vec<Choice> {
    buttons.iter().map(|b| Choice { label: b.label.clone(), data: b.data.clone() }).collect()
}

/// The choices carried by a message content the bot sent.
pub fn choices_in(content: &Value) -> Vec<Choice> {
    content.get(CHOICES_FIELD).and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default()
}

/// The text a person typed, without the quoted fallback some clients put before a reply.
pub fn strip_reply_fallback(body: &str) -> &str {
    if !body.starts_with("> ") {
        return body;
    }
    let mut rest = body;
    while let Some(line_end) = rest.find('\n') {
        let line = &rest[..line_end];
        if line.starts_with('>') {
            rest = &rest[line_end + 1..];
        } else {
            break;
        }
    }
    rest.trim_start_matches('\n')
}

#[cfg(test)]
mod tests {
    use panier_conversation::markup::Rich;

    use super::*;

    fn reply() -> Reply {
        Reply::new(Rich::parse("📅 **Mardi 12 mai** <b>\nSalle & co")).with_buttons(vec![
            Button { label: "Je serai absent·e".into(), data: "/absence 2027-05-12".into() },
            Button { label: "Voir mes livraisons".into(), data: "/livraisons".into() },
        ])
    }

    #[test]
    fn options_are_numbered_with_keycaps_and_html_is_escaped() {
        let (plain, html) = bodies(&reply(), &Envelope::default());
        assert_eq!(
            plain,
            "📅 Mardi 12 mai <b>\nSalle & co\n\n1\u{fe0f}\u{20e3} 1. Je serai absent·e\n2\u{fe0f}\u{20e3} 2. Voir mes livraisons"
        );
        assert!(html.starts_with("📅 <b>Mardi 12 mai</b> &lt;b&gt;<br>Salle &amp; co<br><br>1"), "{html}");
        assert!(!html.contains('\n'));
    }

    #[test]
    fn a_hostile_display_name_is_escaped_and_loses_its_overrides() {
        let envelope = Envelope {
            in_reply_to: None,
            mention: Some(Mention {
                user_id: "@m:localhost".into(),
                display_name: "<i>Mallory</i>\u{202E}gnp.exe\u{7}".into(),
            }),
            pill: true,
        };
        let (plain, html) = bodies(&reply(), &envelope);
        assert!(plain.starts_with("<i>Mallory</i>gnp.exe: "), "{plain:?}");
        assert!(html.contains(">&lt;i&gt;Mallory&lt;/i&gt;gnp.exe</a>: "), "{html}");
        assert_eq!(shown_name("\u{202E}\u{200F}"), "?");
    }

    #[test]
    fn content_is_a_reply_mentioning_the_member_with_choices() {
        let envelope = Envelope {
            in_reply_to: Some("$abc".into()),
            mention: Some(Mention { user_id: "@zoe:localhost".into(), display_name: "<Zoé>".into() }),
            pill: true,
        };
        let content = message_content(&reply(), &envelope);
        assert_eq!(content["m.relates_to"]["m.in_reply_to"]["event_id"], "$abc");
        assert_eq!(content["m.mentions"]["user_ids"][0], "@zoe:localhost");
        let html = content["formatted_body"].as_str().unwrap_or_default();
        assert!(
            html.starts_with("<a href=\"https://matrix.to/#/@zoe:localhost\">&lt;Zoé&gt;</a>: "),
            "{html}"
        );
        let choices = choices_in(&content);
        assert_eq!(choices.len(), 2);
        assert_eq!(choices[1].data, "/livraisons");
    }

    #[test]
    fn reaction_keys_map_to_options() {
        assert_eq!(option_of_reaction("1\u{fe0f}\u{20e3}"), Some(1));
        assert_eq!(option_of_reaction("3\u{20e3}"), Some(3));
        assert_eq!(option_of_reaction("\u{1f51f}"), Some(10));
        assert_eq!(option_of_reaction("2"), Some(2));
        assert_eq!(option_of_reaction("👍"), None);
        assert_eq!(option_of_reaction("0\u{fe0f}\u{20e3}"), None);
        for n in 1..=10 {
            assert_eq!(option_emoji(n).and_then(option_of_reaction), Some(n));
        }
        assert_eq!(option_emoji(11), None);
    }

    #[test]
    fn reply_fallbacks_are_removed() {
        assert_eq!(strip_reply_fallback("> <@bot:x> Question ?\n> suite\n\n2"), "2");
        assert_eq!(strip_reply_fallback("!aide"), "!aide");
        assert_eq!(strip_reply_fallback("> citation"), "> citation");
    }
}
