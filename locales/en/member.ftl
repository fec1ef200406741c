# Member commands (livraisons, absence, permanences, contrats, évènements, langue, notifications, moi).
#
# Conventions: see panier.ftl. The arguments $date, $to, $from, $last, $target, $closes are dates
# in words ("Tuesday 11 May"); $prefix is "/" or "!" depending on the chat network.

## Deliveries

deliveries-title =
    { $n ->
        [one] Your next distribution:
       *[other] Your next { $n } distributions:
    }
deliveries-collect = 🥕 { $items }
deliveries-postponed-item = 🥕 { $items } (postponed from { $from })
deliveries-collect-for = 🤝 For { $owner }: { $items }
deliveries-on-duty = You are on duty that day, thank you!
deliveries-none = You have no delivery planned for now.
deliveries-button-contracts = My contracts
deliveries-button-shifts = Duty shifts

## Confirm a pick-up

confirm-done =
    { $n ->
        [one] ✅ Thank you! Noted: you collected your basket of **{ $date }**.
       *[other] ✅ Thank you! Noted: you collected your { $n } baskets of **{ $date }**.
    }
confirm-nothing-recent = You have no basket to confirm this week. You can do it on the day of your next distribution.
confirm-nothing-that-day = You had no basket to collect on { $date }.
confirm-too-early = { $date } hasn't come yet: you can confirm on the day of the distribution.
confirm-too-late = { $date } was more than a week ago: I can no longer record your pick-up. If needed, please talk to your referent.

## Absence

absence-ask-date = 📅 Which distribution will you miss?
absence-no-dates = You have no coming delivery to declare an absence for.
absence-declared-title = Already planned:
absence-declared-line = { $date } — { $what }
absence-declared-cancel-hint = To take an absence back, type for example { $prefix }absent cancel { $example }.
absence-nothing-that-day = You have no basket to collect on { $date }.
absence-nothing-that-day-pick = You have no basket to collect on { $date }. Choose one of your dates:
absence-already-declared = You have already declared an absence on { $date } ({ $contracts }). You can cancel it until the deadline.
absence-deadline-passed = ⚠️ It's too late to change your { $contract } basket of { $date }: the contract allowed changes up to and including { $last }.
absence-deadline-handover-only = ⚠️ The deadline to postpone or leave this basket has passed (it was possible up to and including { $last }), but you can still have someone collect it.
absence-started = ⚠️ The distribution of { $date } has already started: it's too late to change your basket.
absence-referents = Please tell your referent: { $names } ({ $contract }).
absence-referents-unknown = Please tell your AMAP's admins.
absence-ask-mode = Your basket of **{ $date }** ({ $contracts }): what would you like to do with it?
absence-left =
    { $left ->
        [0] You have used all your absences on the { $contract } contract ({ $max } per season).
        [one] You have { $left } absence left out of { $max } on the { $contract } contract.
       *[other] You have { $left } absences left out of { $max } on the { $contract } contract.
    }
absence-handover-free = Having someone collect it doesn't count as an absence.
absence-button-postpone = Postpone to the next delivery
absence-button-handover = Have someone collect it
absence-button-donate = Leave it to the volunteers
absence-button-cancel = Cancel this absence
absence-not-allowed-postpone = The { $contract } contract doesn't allow postponing a basket.
absence-not-allowed-handover = The { $contract } contract doesn't allow someone else to collect your basket.
absence-not-allowed-donate = The { $contract } contract doesn't allow leaving your basket to the volunteers.
absence-none-left = You have already used the { $max } absences the { $contract } contract allows this season.
absence-no-mode = The { $contract } contract doesn't provide for absences.
absence-other-modes = You can still:
absence-postpone-bad-target = I can't postpone your basket to { $target }: it isn't a coming delivery of this contract. Without a date, it goes to the next delivery.
absence-done-title = ✅ Noted for **{ $date }**:
absence-done-postponed = { $contract }: basket postponed to **{ $to }** (you'll get a double basket that day).
absence-done-donated = { $contract }: basket left to the volunteers.
absence-done-left =
    { $left ->
        [0] That was your last absence on this contract.
        [one] You have { $left } absence left.
       *[other] You have { $left } absences left.
    }
absence-also-collecting = ⚠️ You were also to collect { $owners }'s basket that day: remember to tell them.
absence-cancel-none = You have no coming absence declared.
absence-cancel-ask = Which absence would you like to cancel?
absence-cancel-nothing = You haven't declared an absence on { $date }.
absence-cancel-done = ✅ Noted: your absence of **{ $date }** is cancelled ({ $contracts }). You'll collect your basket as usual.

## Having someone collect the basket

handover-ask-date = 📅 For which distribution would you like someone to collect your basket?
handover-ask-name = Who will collect your basket of **{ $date }**? Type their first or last name. If they aren't a member of the AMAP, type “guest” and their name, for example “guest Marie Dupont”.
handover-name-too-long = This name is too long. Type just the person's first or last name.
handover-name-too-short = Type at least two letters of the person's first or last name.
handover-nobody = I can't find anyone called “{ $name }” in your AMAP. Check the spelling and type the name again. If they aren't a member, type “guest” and their name.
handover-too-many = { $n } people match “{ $name }”. Please add the last name.
handover-pick =
    { $n ->
        [one] Is this the person who will collect your basket of { $date }? Tap their name to confirm, or type another name.
       *[other] Who will collect your basket of { $date }? Choose the person, or type another name.
    }
handover-button-guest = { $name } (not a member)
handover-ask-guest = Type “guest” followed by the person's name, for example “guest Marie Dupont”.
handover-guest-invalid = This name won't do. Type “guest” followed by the person's first and last name, for example “guest Marie Dupont”.
handover-done = ✅ Noted: **{ $to }** will collect your basket of **{ $date }** ({ $contracts }).
handover-done-member-hint = { $to } will see your basket in their coming deliveries. This doesn't count as an absence.
handover-done-guest-hint = Ask them to give your name to the duty team. This doesn't count as an absence.

## Duty shifts

shifts-usage = To sign up for a duty shift, type for example { $prefix }shifts signup 18/05; to withdraw, { $prefix }shifts withdraw 18/05. Type { $prefix }shifts to see the dates.
shifts-title = Duty shifts of the next distributions:
shifts-title-amap = Duty shifts at { $amap }:
shifts-none = No distribution is planned for now.
shifts-full = 📅 **{ $date }** — full, thank you!
shifts-open =
    { $left ->
        [one] 📅 **{ $date }** — ⚠️ { $left } volunteer missing out of { $slots }
       *[other] 📅 **{ $date }** — ⚠️ { $left } volunteers missing out of { $slots }
    }
shifts-team = Team: { $names }
shifts-team-you = { $name } (you)
shifts-team-empty = Nobody has signed up yet.
shifts-button-sign-up = Sign up for { $date }
shifts-button-withdraw = Withdraw from { $date }
shifts-button-rota = See the duty shifts
shifts-ask-sign-up = Which duty shift would you like to sign up for?
shifts-nothing-open = The next duty shifts are full, or you are already on them. Thank you!
shifts-ask-withdraw = Which duty shift would you like to withdraw from?
shifts-not-in-any = You aren't signed up for any of the next duty shifts.
shifts-signed-up = ✅ Thank you! You're signed up for the duty shift of **{ $date }**.
shifts-signed-up-left =
    { $left ->
        [0] The team is now complete.
        [one] { $left } more volunteer is still needed.
       *[other] { $left } more volunteers are still needed.
    }
shifts-full-others = The duty shift of { $date } is already full, thank you! Volunteers are still needed on these dates:
shifts-full-no-other = The duty shift of { $date } is already full, and so are the next ones. Thank you!
shifts-already-in = You're already signed up for the duty shift of { $date }. Thank you!
shifts-no-distribution = There is no distribution on { $date }.
shifts-withdrawn = Noted: you're no longer signed up for the duty shift of **{ $date }**.
shifts-withdrawn-late = ⚠️ The distribution is less than 48 hours away: the team is being alerted to find someone else.
shifts-not-in = You aren't signed up for the duty shift of { $date }.
shifts-started = The distribution of { $date } has already started: it's too late to change the team. Please tell the people on site.

## Contracts

contracts-title = Your contracts:
contracts-none = Your AMAP offers no contract for now.
contracts-name = **{ $name }** — { $farm }
contracts-status = { $contract } · { $subscription }
contracts-state-draft = In preparation
contracts-state-open = Open for subscription
contracts-state-closed = Subscriptions closed
contracts-state-running = Running
contracts-state-ended = Ended
contracts-state-archived = Archived
contracts-sub-none = you haven't subscribed
contracts-sub-draft = your subscription isn't signed yet
contracts-sub-member-signed = signed by you, waiting for the farm's signature
contracts-sub-countersigned = signed by you and the farm
contracts-sub-cancelled = subscription cancelled
contracts-on-paper = (paper contract)
contracts-total =
    { $n ->
        [0] Total: { $total }
        [one] Total: { $total }, in 1 cheque:
       *[other] Total: { $total }, in { $n } cheques:
    }
contracts-no-cheques = Payment: please see your referent.
contracts-cheque = • Cheque { $number }: { $amount }, to be cashed in { $month } — { $state }
contracts-cheque-to-provide = to hand in
contracts-cheque-received = given to your referent
contracts-cheque-handed = passed on to the farm
contracts-cheque-unknown = unknown state
contracts-button-sign = Contracts to sign

## Sign

sign-title =
    { $n ->
        [one] This contract is open for subscription and you haven't signed it yet:
       *[other] These contracts are open for subscription and you haven't signed them yet:
    }
sign-contract = • **{ $name }** — { $farm }, open until { $closes }
sign-referents =
    { $n ->
        [one] Referent: { $names }
       *[other] Referents: { $names }
    }
sign-nothing = You have no contract to sign for now.
sign-unknown = I can't find a contract to sign matching “{ $name }”.
sign-button-contracts = See my contracts

## Events

events-usage = To answer an invitation, tap one of the buttons under the event. Type { $prefix }events to see the list.
events-none = No event is planned for now.
events-title = **{ $title }**
events-when = 📅 **{ $date }**, { $time }
events-where = 📍 { $place }
events-body = { $body }
events-answer-yes = Your answer: you're coming.
events-answer-no = Your answer: you're not coming.
events-answer-maybe = Your answer: maybe.
events-answer-none = You haven't answered yet.
events-coming =
    { $n ->
        [0] Nobody has confirmed yet.
        [one] { $n } person is coming.
       *[other] { $n } people are coming.
    }
events-button-yes = I'm coming
events-button-no = I'm not coming
events-button-maybe = Maybe
events-button-list = See the events
events-more =
    { $n ->
        [one] And { $n } more event later on.
       *[other] And { $n } more events later on.
    }
events-done-yes = ✅ Noted: you're coming to “{ $title }” on { $date } at { $time }. See you there!
events-done-no = Noted: you're not coming to “{ $title }”. Thanks for letting us know!
events-done-maybe = Noted: maybe for “{ $title }”. You can confirm later.

## Language

language-ask = Which language should I use? / Dans quelle langue voulez-vous que je vous réponde ?
language-unknown = I don't speak “{ $input }” yet. Please choose a language:
language-done = ✅ Done, I'll answer you in English from now on.
language-unlinked = All right, I'm answering in English. To have me remember it, first link your account: { $prefix }link CODE.

## Notifications

notifications-title = Your reminders (tap a button to turn one off or back on):
notifications-line-on = • { $kind }: on
notifications-line-off = • { $kind }: **off**
notifications-kind-distribution = Reminder the day before each distribution
notifications-kind-duty = Reminder before your duty shifts
notifications-kind-alert = Alerts when volunteers are missing
notifications-kind-signature = Contract signature requests
notifications-kind-event = Reminders of the AMAP's events
notifications-kind-totals = Order totals (farmers and referents)
notifications-kind-announcement = Network announcements
notifications-short-distribution = distributions
notifications-short-duty = duty shifts
notifications-short-alert = volunteer alerts
notifications-short-signature = signatures
notifications-short-event = events
notifications-short-totals = totals
notifications-short-announcement = announcements
notifications-button-off = Turn off: { $kind }
notifications-button-on = Turn on: { $kind }
notifications-button-list = All my reminders
notifications-state-on = { $kind }: on.
notifications-state-off = { $kind }: off.
notifications-done-on = ✅ Done. { $kind }: on.
notifications-done-off = ✅ Done. { $kind }: off. You can turn it back on at any time.
notifications-usage = I didn't understand. Type for example { $prefix }notifications distribution off, or { $prefix }notifications to see your reminders.

## Me

me-name = **{ $name }**
me-email = E-mail: { $email }
me-phone = Phone: { $phone }
me-phone-none = Phone: not given
me-amaps = AMAP: { $names }
me-roles = Roles: { $roles }
me-role-member = member ({ $of })
me-role-member-here = member
me-role-admin = admin ({ $of })
me-role-admin-here = admin
me-role-referent = { $of } referent
me-role-farmer = farmer ({ $of })
me-role-network-admin = network admin ({ $of })
me-accounts = Linked accounts: { $accounts }
me-account-this = { $transport } (this one)
me-language = Language: { $language }
me-language-default = Language: { $language } (default)
me-language-fr = French
me-language-en = English
me-fix-contact = To correct this information or ask for it to be erased, write to your AMAP's admins: { $email }.
me-fix = To correct this information or ask for it to be erased, write to your AMAP's admins.
me-button-language = Change language
me-button-notifications = My reminders
