# Pushed messages: reminders, alerts, farmer totals, signature requests (scheduler).
#
# Messages sent without being asked (reminders, alerts, the farmer's totals…), rendered when
# they are sent, in the recipient's language; then the referents' "remind" command.
# Dates ($date, $from, $to, $closes) come in words: "Tuesday 11 May".

notify-and = and

## Distribution reminder (the day before)

notify-distribution-tomorrow = Reminder: the distribution is tomorrow.
notify-distribution-today = Reminder: the distribution is today.
notify-distribution-soon = Reminder: your next distribution.

## Reminder sent by hand by a referent ($name: their full name)

notify-sent-by-role = Reminder from { $name }, { $role }:
notify-sent-by = Reminder from { $name }:
notify-sent-by-unknown = Reminder from your AMAP's team:
notify-role-referent = { $contract } referent
notify-role-farmer = farmer, { $farm }
notify-role-admin = AMAP administrator
notify-manual-next = Your next **{ $contract }** delivery:

## Delivery cancelled or moved

notify-changed-cancelled = ⚠️ The **{ $contract }** delivery of **{ $date }** is cancelled.
notify-changed-cancelled-items = So you will not get: { $items }.
notify-changed-moved = ⚠️ The **{ $contract }** delivery of { $from } moves to **{ $to }**.
notify-changed-merged = ⚠️ The **{ $contract }** delivery of { $from } moves to **{ $to }**, when the farm already delivers: that day you will get both deliveries.
notify-changed-question =
    Any question? Write to { $names } ({ $n ->
        [one] the contract's referent
       *[other] the contract's referents
    }).

## Totals for the farmer, once the modification deadline has passed

notify-totals-title = Order for **{ $date }** — { $amap }
notify-totals-contract = { $contract } · { $farm }
notify-totals-product = • { $product }: { $quantity }
notify-totals-summary =
    { $baskets ->
        [one] { $baskets } basket
       *[other] { $baskets } baskets
    } for { $subscribers ->
        [one] { $subscribers } member
       *[other] { $subscribers } members
    } · { $amount }
notify-sheet = Sign-in sheet:{" "}
notify-sheet-owners =
    { $n ->
        [one] { $n } member comes in person
       *[other] { $n } members come in person
    }
notify-sheet-handovers =
    { $n ->
        [one] { $n } basket collected by someone else
       *[other] { $n } baskets collected by someone else
    }
notify-sheet-donations =
    { $n ->
        [one] { $n } basket left to the volunteers
       *[other] { $n } baskets left to the volunteers
    }
notify-sheet-postponed =
    { $n ->
        [one] including { $n } basket postponed from an earlier delivery
       *[other] including { $n } baskets postponed from an earlier delivery
    }
notify-button-sheet = Sign-in sheet

## Distribution summary, for the referents

notify-closeout-title = Summary of the **{ $date }** distribution — { $contract }
notify-closeout-collected =
    • { $n ->
        [one] { $n } basket collected
       *[other] { $n } baskets collected
    }
notify-closeout-handed-over =
    • { $n ->
        [one] { $n } basket collected by someone else
       *[other] { $n } baskets collected by someone else
    }
notify-closeout-postponed =
    • { $n ->
        [one] { $n } basket postponed to another delivery
       *[other] { $n } baskets postponed to another delivery
    }
notify-closeout-donated =
    • { $n ->
        [one] { $n } basket left to the volunteers
       *[other] { $n } baskets left to the volunteers
    }
notify-closeout-not-collected =
    • { $n ->
        [one] { $n } basket not collected
       *[other] { $n } baskets not collected
    }
notify-closeout-unconfirmed =
    • ⚠️ { $n ->
        [one] { $n } basket unconfirmed
       *[other] { $n } baskets unconfirmed
    }
notify-closeout-unconfirmed-hint = Unconfirmed: neither ticked on the sign-in sheet nor confirmed by the member. You can still correct the sheet.

## Countersignature (farmer)

notify-countersign =
    Subscriptions to **{ $contract }** are closed: { $n ->
        [one] **{ $n } signed contract** awaits
       *[other] **{ $n } signed contracts** await
    } your countersignature.
notify-countersign-how = Ask { $names } ({ $n ->
        [one] referent
       *[other] referents
    }) how to countersign them.
notify-countersign-how-admins = Ask the AMAP's administrators how to countersign them.
notify-button-subscriptions = See the signed contracts

## Duty shifts

notify-duty-reminder = Reminder: you are on duty on **{ $date }**, { $hours }. Thank you!
notify-duty-team = With you: { $names }.
notify-duty-team-alone = For now, you are the only one signed up.
notify-duty-slots-left =
    ⚠️ { $n ->
        [one] { $n } volunteer is still missing: spread the word!
       *[other] { $n } volunteers are still missing: spread the word!
    }
notify-duty-withdraw = Can't make it? Let us know as soon as possible with { $cmd }.
notify-duty-alert =
    ⚠️ { $n ->
        [one] **{ $n } volunteer** is still missing
       *[other] **{ $n } volunteers** are still missing
    } for the distribution on **{ $date }** ({ $hours }). Can you lend a hand?
notify-duty-urgent =
    ⚠️ Urgent: a volunteer has withdrawn from the distribution on **{ $date }** ({ $hours }). { $n ->
        [one] { $n } person is missing.
       *[other] { $n } people are missing.
    }
notify-duty-urgent-ask = If you can come, sign up: the team is counting on you!
notify-button-duty-sign-up = Sign me up
notify-button-shifts = See the duty shifts

## Signing a contract

notify-signature-request = The **{ $contract }** contract ({ $farm }) is open: you can subscribe until **{ $closes }**.
notify-signature-reminder = ⚠️ You have not signed the **{ $contract }** contract ({ $farm }) yet. Subscriptions close on **{ $closes }**.
notify-signature-how = Type { $cmd } to subscribe.
notify-button-sign = Sign the contract
notify-button-contracts = See the contracts

## Events

notify-event-title = Reminder: **{ $title }**
notify-event-when = 📅 **{ $date }**, { $time }
notify-event-where = 📍 { $place }
notify-event-ask = Will you be there?
notify-event-answered-yes = You said you are coming: see you soon!
notify-event-answered-maybe = You answered "maybe": can you confirm?
notify-button-yes = Yes
notify-button-no = No
notify-button-maybe = Maybe

## The "remind" command (referents, farmers, administrators)

remind-ask-contract = Which contract do you want to send a reminder about?
remind-unknown-contract = I can't find the contract "{ $input }" among yours. Choose it:
remind-ask-audience = Reminder about **{ $contract }**: who should get it?
remind-button-subscribers = Subscribers ({ $n })
remind-button-unsigned = Members who have not signed ({ $n })
remind-confirm-subscribers =
    Send a reminder of the next **{ $contract }** delivery, on **{ $date }**, to { $n ->
        [one] **{ $n } subscribed member**
       *[other] the **{ $n } subscribed members**
    }? Each will see what they collect.
remind-confirm-unsigned =
    Send a signature reminder for the **{ $contract }** contract to { $n ->
        [one] **{ $n } member** who has
       *[other] the **{ $n } members** who have
    } not signed it yet? Subscriptions close on **{ $closes }**.
remind-button-send = Send
remind-button-cancel = Cancel
remind-cancelled = All right, no reminder is sent.
remind-nothing = Nothing to remind about **{ $contract }**: no delivery to come and subscriptions are closed.
remind-no-delivery = There is no delivery to come for **{ $contract }**: no delivery reminder to send.
remind-not-open = Subscriptions to **{ $contract }** are not open: no signature reminder to send.
remind-nobody-subscribers = Nobody has signed the **{ $contract }** contract yet: no delivery reminder to send.
remind-nobody-unsigned = Every member has signed the **{ $contract }** contract: nobody to remind.
remind-queued =
    ✅ Reminder sent: { $n ->
        [one] { $n } person will get it
       *[other] { $n } people will get it
    } in a few minutes.
remind-unreachable =
    ⚠️ { $n ->
        [one] { $n } person has not linked a chat account and will not get it
       *[other] { $n } people have not linked a chat account and will not get it
    }: let them know another way (e-mail, a note at the distribution).
remind-none-reachable =
    ⚠️ Nobody will get this reminder: { $n ->
        [one] the person concerned has not linked a chat account
       *[other] none of the { $n } people concerned has linked a chat account
    }. Let them know by e-mail or at the distribution.
remind-already-sent = This reminder has just gone out: I won't send it twice. If needed, send it again in a minute.
remind-refused =
    Only the referents of the **{ $contract }** contract, its farmers and the AMAP's administrators can send this reminder. For any question, write to { $names } ({ $n ->
        [one] referent
       *[other] referents
    }).
