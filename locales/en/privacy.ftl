# Personal data: privacy notice, export, erasure (GDPR).

mydata-summary =
    📄 Here is everything Panier knows about you, { $name } ({ $email }):
    • { $roles ->
        [one] { $roles } role
       *[other] { $roles } roles
    } in your AMAP
    • { $accounts ->
        [one] { $accounts } linked chat account
       *[other] { $accounts } linked chat accounts
    }
    • { $subscriptions ->
        [one] { $subscriptions } contract, with your quantities, cheques and absences
       *[other] { $subscriptions } contracts, with your quantities, cheques and absences
    }
    • { $shifts ->
        [one] { $shifts } duty shift
       *[other] { $shifts } duty shifts
    }, { $answers ->
        [one] { $answers } answer to an event
       *[other] { $answers } answers to events
    }
    • { $announcements ->
        [0] no network announcement written by you
        [one] { $announcements } network announcement written by you
       *[other] { $announcements } network announcements written by you
    }
    The attached file has the details. To ask for erasure, type /forget.
forget-ask =
    ⚠️ Do you really want Panier to erase your personal data?
    Your chat accounts will be unlinked, your contact details and preferences deleted. Contracts you already signed stay archived with your name and the amounts, because the farm must keep them for its accounts.
forget-button-confirm = Yes, erase my data
forget-button-keep = No, keep my account
forget-done =
    ✅ Done: your personal data is erased and this account is no longer linked.
    { $kept ->
        [0] There was no signed contract to archive.
        [one] { $kept } signed contract stays archived for the farm's accounts.
       *[other] { $kept } signed contracts stay archived for the farm's accounts.
    }
forget-running = I can't erase your data while one of your contracts is running: the farm still delivers and your referent must be able to reach you. Please write to your AMAP's admins ({ $contact }) about it.
privacy-full =
    🔒 **Your data in Panier** — { $amap }
    Your AMAP is responsible for your data. Panier keeps your name, contact details, contracts and quantities, payments (tracked, never cashed), absences, duty shifts and event answers, only to organise the distributions.
    They are erased 3 years after your last activity. Signed contracts are archived longer (up to 10 years) for the farm's accounts, with the minimum of information.
    Your rights: type { $prefix }mydata to receive everything Panier knows about you, { $prefix }forget to ask for erasure. For a correction or a question: { $contact }.
privacy-full-unlinked =
    🔒 **Your data in Panier**
    Each AMAP using Panier is responsible for its members' data. Panier keeps your name, contact details, contracts and quantities, payments (tracked, never cashed), absences, duty shifts and event answers, only to organise the distributions, and erases them 3 years after your last activity.
    Once your account is linked ({ $prefix }link CODE), type { $prefix }mydata to receive everything or { $prefix }forget to ask for erasure.
privacy-amap-notice =
    🔒 **A word from { $amap } about your data**
    { $notice }
error-too-many-attempts = Too many wrong codes from this account: for safety, I won't accept any for an hour. Check the code your AMAP gave you, then try again later.
