# Panier — English messages (French is the reference: keep the same keys).
#
# Conventions (see shared/voice.md):
# - kebab-case keys prefixed by area: help-…, next-…, error-…, date-…, basket-…
# - every key also exists in locales/fr/panier.ftl (a test checks it);
# - polite and short, always offering the next action;
# - numbers ($n) go through CLDR plural rules: in English only 1 is singular.

## Baskets

basket-count =
    { $n ->
        [one] { $n } basket
       *[other] { $n } baskets
    }

## Dates

date-today = today
date-tomorrow = tomorrow

## Mistakes when typing a date
## $input: what the person typed; $date: the date in words;
## $weekday: the actual day of the week; $stated: the day the person wrote.

error-date-empty = Which date? Type for example “12/05” or “tuesday”.
error-date-unrecognized = I did not understand the date “{ $input }”. Try for example “12/05” or “tuesday”.
error-date-impossible = The date “{ $input }” does not exist in the calendar. Please check the day and month, for example “12/05”.
error-date-weekday-mismatch = { $date } is a { $weekday }, not a { $stated }. Type just the date, for example “12/05”, or the right day.
error-date-too-long = That is a bit long for a date! Type for example “12/05” or “tuesday”.

## Conversation engine

not-understood = Sorry, I didn't understand. Type { $help } to see what I can do.
unknown-command = I don't know the command “{ $input }”. Type { $help } for the list.
unknown-command-suggest = I don't know the command “{ $input }”. Did you mean { $suggestion }?
answered-in-private = I'm answering you in a private message 📩
private-unreachable = ⚠️ I can't write to you privately yet: first open a chat with me ({ $link }) and tap "Start", then send your command again.
error-too-long = Your message is too long for me. Please type a short command, for example /help.
error-internal = A technical problem prevents me from answering. Please try again in a few minutes; if it goes on, tell your AMAP's admins.
error-not-yet = This command is not available yet. Type /help to see what I can do.
error-not-linked = I don't know who you are yet. Ask your AMAP's admins for a code, then type { $prefix }link CODE.

## Errors

error-invalid-email = This e-mail address doesn't look right. Please check it, for example “first.last@example.org”.
error-invalid-quantity = The quantity must be a whole number between 0 and 999.
error-invalid-name = This name isn't valid: please type a name of 1 to 80 characters.
error-invalid-date = This date matches no delivery. Type /deliveries to see your dates.
error-invalid-value = I didn't understand this value. Type { $help } for an example.
error-absence-mode = This contract doesn't allow this choice for an absence. Your referent can tell you more.
error-too-many-absences = You have already used all the absences this contract allows. Please talk to your referent.
error-deadline-passed = It's too late to change this delivery: the contract's deadline has passed. Please tell your referent.
error-handover-self = You can't hand your basket to yourself 🙂 Please choose someone else.
error-in-the-past = This date has already passed. Please choose a future date.
error-too-early = This distribution hasn't happened yet: you can confirm on the day.
error-nothing-to-collect = You have nothing to collect that day. Type /deliveries to see your dates.
error-link-code = This code doesn't work: it is unknown, already used or expired. Ask your AMAP's admins for a new one.
error-rsvp = Please answer yes, no or maybe.
error-unknown-contract = I can't find this contract. Type /contracts to see the list.
error-unknown-member = I can't find this person among your AMAP's members.
error-no-delivery = There is no delivery on that date. Type /deliveries to see the dates.
error-unknown-event = I can't find this event. Type /events for the list.
error-not-found = I can't find what you are looking for. Type { $help } for help.
error-referents-only = This command is for the contract's referents and farmers. If you have a question, write to your referent.
error-farmers-only = This command is for farmers. If you have a question, write to your referent.
error-admins-only = This command is for the AMAP's admins. Write to them if you need something.
error-not-a-member = This concerns an AMAP you are not a member of. Your AMAP's admins can help you.
error-shift-full = This duty shift is already full, thank you! Type /shifts to see the other dates.
error-already-signed-up = You are already signed up for this shift.
error-not-signed-up = You are not signed up for this shift.
error-already-absent = You have already declared an absence for this delivery.
error-breaks-absence = Not possible: members declared an absence on that date. Please choose another date.
error-already-linked = This account is already linked to someone else. Ask your AMAP's admins for help.
error-ambiguous = Several contracts have this name. Please say which one, for example with /contracts.
error-stale = Someone changed the same thing at the same time. Please try again.
error-conflict = This isn't possible right now. Type { $help } for help.

## Linking an account

link-how = To start, ask your AMAP's admins for a code, then type { $prefix }link CODE.
link-done = Welcome { $name }! Your account is now linked to **{ $amap }**. Type /next to see your next distribution.
privacy-notice = 🔒 { $amap } uses Panier to organise distributions. Your data is used only for that; you can see it or ask for it to be erased at any time (type { $prefix }help).
welcome-back = Hello { $name }! Type { $prefix }next for your next distribution, or { $prefix }help for everything else.

## Help

help-intro = Here is what I can do (type a command, with / or !):
help-intro-unlinked = Hello! I'm Panier, your AMAP's assistant. To start, link your account with the code your AMAP gave you: { $prefix }link CODE.
help-section-member = **For all members**
help-section-referent = **For referents**
help-section-farmer = **For farmers**
help-section-admin = **For admins**
help-cmd-aide = { $cmd } — this help
help-cmd-lier = { $cmd } CODE — link your account
help-cmd-prochaine = { $cmd } — your next distribution
help-cmd-livraisons = { $cmd } — your coming deliveries
help-cmd-confirmer = { $cmd } — confirm you collected your basket
help-cmd-absence = { $cmd } — declare an absence
help-cmd-donner = { $cmd } — have someone collect your basket
help-cmd-permanences = { $cmd } — duty shifts and signing up
help-cmd-contrats = { $cmd } — your contracts
help-cmd-signer = { $cmd } — sign a contract
help-cmd-evenements = { $cmd } — the AMAP's events
help-cmd-langue = { $cmd } — change language
help-cmd-notifications = { $cmd } — choose your reminders
help-cmd-moi = { $cmd } — your details
help-cmd-totaux = { $cmd } — a delivery's totals
help-cmd-emargement = { $cmd } [date] [pdf | csv] — the sign-in sheet, to tick here or as a file
help-cmd-rappel = { $cmd } — send a reminder
help-cmd-annuler = { $cmd } — cancel a delivery
help-cmd-deplacer = { $cmd } — move a delivery
help-cmd-paiements = { $cmd } — who gave which cheques
help-cmd-commandes = { $cmd } — your orders to deliver
help-cmd-membres = { $cmd } — find a member
help-cmd-inviter = { $cmd } — invite a member
help-cmd-evenement = { $cmd } — create an event
help-cmd-mesdonnees = { $cmd } — receive all your data
help-cmd-oubli = { $cmd } — have your data erased
help-cmd-confidentialite = { $cmd } — how your data is used

## Next distribution

basket-item = { $quantity } × { $product }
next-when = 📅 **{ $date }**, { $hours }
next-where = 📍 { $place }, { $address }
next-collect = 🥕 You collect: **{ $items }**
next-postponed-item = 🥕 And, postponed from { $from }: **{ $items }**
next-collect-for = 🤝 You also collect { $owner }'s basket: { $items }
next-given-handover = { $contract }: your basket will be collected by { $to }
next-given-postponed = { $contract }: your basket is postponed to { $to }.
next-given-donated = { $contract }: your basket is left to the volunteers.
next-nothing-to-collect = You have nothing to collect that day.
next-on-duty = You are on duty that day, thank you!
next-none = You have no distribution planned for now. Type /contracts to see the open contracts.
button-absent = I'll be away
button-handover = Someone else will come
button-deliveries = See my deliveries
button-next = Next distribution
