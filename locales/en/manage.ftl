# Referent, farmer and admin commands (totaux, émargement, annuler, déplacer, paiements, commandes, membres, inviter, évènement).
#
# Common variables: $contract (contract name), $date / $from / $to (date in words),
# $amap (AMAP name), $cmd / $example (an exact command to type, with its prefix).

## Choosing a contract, a date

manage-ask-contract = Which contract?
manage-ask-date = **{ $contract }**: which delivery? Choose a date, or type for example { $example }.
manage-no-upcoming = The **{ $contract }** contract has no delivery planned any more.
manage-unknown-contract = I can't find the contract “{ $input }”. Choose one of yours:
manage-no-delivery = The **{ $contract }** contract has no delivery on { $date }. Choose a planned date:
manage-no-delivery-none = The **{ $contract }** contract has no delivery on { $date }, and no other delivery planned.
manage-or = or
manage-forbidden-manage =
    This command is for the referents, farmers and admins of the { $contract } contract. { $count ->
        [0] If you have a question, write to your AMAP's admins.
        [one] If you have a question, write to { $referents } ({ $contract } referent).
       *[other] If you have a question, write to { $referents } ({ $contract } referents).
    }
manage-forbidden-deliveries =
    Only the referents and farmers of the { $contract } contract can cancel or move one of its deliveries. { $count ->
        [0] If a delivery needs to change, write to your AMAP's admins.
        [one] If a delivery needs to change, write to { $referents } ({ $contract } referent).
       *[other] If a delivery needs to change, write to { $referents } ({ $contract } referents).
    }
manage-members-concerned =
    { $members ->
        [one] { $members } member is concerned.
       *[other] { $members } members are concerned.
    }
manage-stop = All right, I'll stop there.
manage-nothing-to-stop = There is nothing in progress to cancel. Type { $help } to see what I can do.
manage-button-no = No, change nothing
manage-confirm-typed = To confirm, type { $command }

## Delivery totals (totals) and a farmer's orders (orders)

manage-totals-header = Order for **{ $date }** — { $contract }, { $amap }
manage-totals-line = • { $product }: { $quantity }
manage-totals-summary-baskets =
    { $baskets ->
        [one] { $baskets } basket
       *[other] { $baskets } baskets
    } for { $members ->
        [one] { $members } member
       *[other] { $members } members
    } · { $amount }
manage-totals-summary =
    { $members ->
        [one] { $members } member
       *[other] { $members } members
    } · { $amount }
manage-totals-nobody = Nobody ordered anything for this delivery.
manage-button-signin = Sign-in sheet
manage-button-other-date = Another date
manage-orders-none = You have no delivery planned for now.
manage-orders-none-date = You have no delivery planned on { $date }.
manage-button-contract-dates = Other dates ({ $contract })

## Sign-in sheet (signin)
## $name: the member's full name; $items: what they collect.

manage-signin-ask-date = Which distribution? Choose a date, or type for example { $example }.
manage-signin-none = There is no distribution planned for now.
manage-signin-no-distribution = There is no distribution on { $date }. Choose a date:
manage-signin-empty = Nobody has a basket to collect on { $date }.
manage-signin-header = 📅 Sign-in sheet for **{ $date }** — { $amap }
manage-signin-row-pending = • { $name }: { $items }
manage-signin-row-collected = ✅ { $name }: { $items }
manage-signin-row-not-collected = ❌ { $name }: { $items }
manage-signin-row-donated = • { $name }: { $items }
manage-signin-part-collector = { $items } (collected by { $collector })
manage-signin-part-donated = { $items } (left to the volunteers)
manage-signin-summary = Collected: { $collected } · Not collected: { $missing } · To tick: { $pending }
manage-signin-hint = Tap ✅ when someone leaves with their basket, ❌ if they did not come. For anyone else, type for example { $example }.
manage-signin-all-done = Everyone is ticked, thank you!
manage-signin-ticked-ok = ✅ Noted: { $name } collected their basket.
manage-signin-ticked-no = ❌ Noted: { $name } did not collect their basket.
manage-signin-donated = { $name }'s basket is left to the volunteers: there is nothing to tick.
manage-signin-who-none = I can't find anyone matching “{ $input }” on the sheet for { $date }.
manage-signin-who-many = Several people match “{ $input }”. Which one?
manage-signin-forbidden = The sign-in sheet is for the day's duty team, the referents of the contracts delivering that day and the admins. To sign up for a duty shift, type { $shifts }.
manage-signin-usage = To tick someone, type the date, then “ok” or “no”, then their name, for example { $example }.
manage-button-tick-ok = ✅ { $name }
manage-button-tick-no = ❌ { $name }

## Cancelling or moving a delivery

manage-cancel-confirm = Cancel the **{ $contract }** delivery of **{ $date }**?
manage-button-cancel-yes = Yes, cancel the delivery
manage-cancel-done = ✅ The **{ $contract }** delivery of **{ $date }** is cancelled.
manage-move-ask-to = **{ $contract }**: to which date should the delivery of **{ $date }** move? Choose a date, or type for example { $example }.
manage-move-confirm = Move the **{ $contract }** delivery of **{ $from }** to **{ $to }**?
manage-move-double = The farm already delivers on { $to }: it will be a double delivery.
manage-button-move-yes = Yes, move the delivery
manage-move-done = ✅ The **{ $contract }** delivery of **{ $from }** is moved to **{ $to }**.
manage-move-done-double = ✅ The **{ $contract }** delivery of **{ $from }** is moved to **{ $to }**, which becomes a double delivery.
manage-move-same-date = The delivery is already planned on { $date }. Choose another date.
manage-move-outside = { $date } is outside the season of the { $contract } contract ({ $first } to { $last }). Choose a date in between.
manage-move-breaks-absence = The delivery can't move to { $to }: members declared an absence that day. Choose another date:
manage-move-usage = I didn't understand the two dates. Type the delivery's date then the new date, for example { $example }.

## Payments
## $payee: who the cheques are made out to.

manage-payments-header = Cheques for the **{ $contract }** contract, made out to { $payee }
manage-payments-line = • { $name } — { $total }: { $cheques }
manage-payments-line-state = • { $name } — { $total }: { $cheques } · { $state }
manage-payments-cheque = { $amount } ({ $month })
manage-payments-cheque-state = { $amount } ({ $month }, { $state })
manage-payments-no-cheque = no cheque planned
manage-payments-state-to-provide = to hand in
manage-payments-state-received = received
manage-payments-state-handed = handed to the farm
manage-payments-total = **Total: { $total }** for { $members ->
        [one] { $members } member
       *[other] { $members } members
    }
manage-payments-by-state = Received: { $received } · To hand in: { $to_provide } · Handed to the farm: { $handed }
manage-payments-without-cheque = No cheque planned: { $amount }
manage-payments-none = Nobody has subscribed to the **{ $contract }** contract yet.

## Members

manage-members-ask = Who are you looking for? Type a name or an e-mail address, for example { $example }.
manage-members-none = Nobody matches “{ $input }”. Check the spelling, or invite the person with { $invite }.
manage-members-found =
    { $total ->
        [one] 1 person found:
       *[other] { $total } people found:
    }
manage-members-more =
    { $more ->
        [one] … and 1 more: please narrow your search.
       *[other] … and { $more } more: please narrow your search.
    }
manage-members-card = **{ $name }** — { $email } · { $phone }
manage-members-no-phone = no phone
manage-members-details = { $roles } · { $linked }
manage-members-linked = account linked ({ $transports })
manage-members-not-linked = ⚠️ account not linked yet
manage-role-member = member
manage-role-admin = admin
manage-role-referent = { $contract } referent
manage-role-farmer = farmer ({ $farm })
manage-button-invite-code = Code for { $name }
manage-button-invite = Invite someone

## Inviting a member
## $email: the address given; $days: how long the code is valid; $code: the code to pass on.

manage-invite-ask-email = What is the e-mail address of the person to invite? (Type “cancel” to stop.)
manage-invite-bad-email = “{ $input }” doesn't look like an e-mail address. Type for example first.last@example.org, or “cancel”.
manage-invite-ask-name = { $email } is not in Panier yet. What are this person's first and last names? For example: Mary Smith
manage-invite-bad-name = Please type the first name then the last name, for example: Mary Smith (or “cancel”).
manage-invite-done-new = ✅ Done: **{ $name }** is now a member of your AMAP.
manage-invite-done-existing = **{ $name }** is already a member of your AMAP: here is a new code.
manage-invite-code = Their personal code, valid for { $days } days and usable once: **{ $code }**
manage-invite-how = Pass it on: to link their account, they just write /link { $code } to Panier on Telegram, or !link { $code } on Matrix.
manage-button-invite-other = Invite someone else

## Creating an event

manage-event-ask-title = What is the event's title? For example: General assembly. (Type “cancel” to stop.)
manage-event-ask-when = When? Type the date and time, for example “12/06 18:30”.
manage-event-bad-when = I didn't understand “{ $input }”. Type the date then the time, for example “12/06 18:30”.
manage-event-no-time = I also need the time, for example “{ $input } 18:30”.
manage-event-past = That moment has already passed. Choose a date to come, for example “12/06 18:30”.
manage-event-ask-place = Where? For example: Salle des Capucins.
manage-event-ask-body = A few words to present the event? Type “-” to add nothing.
manage-event-empty = Please type at least a few letters (or “cancel” to stop).
manage-event-too-long = That's too long: the title takes at most 120 characters, the place 200 and the text 2,000. Start again with { $cmd }.
manage-event-done = ✅ The event is created. Members see it with { $events } and can answer.
manage-event-title = **{ $title }**
manage-event-when = 📅 **{ $date }**, { $time }
manage-event-where = 📍 { $place }
manage-button-rsvp-yes = I'll come
manage-button-rsvp-maybe = Maybe
manage-button-rsvp-no = I won't come

## Console and demo (terminal)

console-welcome = Hello { $name }! I'm Panier, your AMAP's assistant. Type /help to see what I can do.
console-prompt = you
console-document-saved = 📎 File saved: { $path }
demo-banner-amap = Panier demo: { $amap }, you are { $name } ({ $email }).
demo-banner-quit = Write one message per line, as in a chat; Ctrl-D to quit.
