## Online signing: the bot's messages (sign command, countersignature requests, copies)

signing-link = ✍️ To read and sign: { $url }
signing-link-amend = ✍️ To see or change your contract: { $url }
signing-link-note = This link is personal, please do not forward it. It is valid until { $expires }.
signing-signed-title = You have already signed this contract. Any change will be an amendment to sign again:
signing-countersign-title =
    { $n ->
        [one] As a farmer, you have a contract to countersign:
       *[other] As a farmer, you have contracts to countersign:
    }
signing-countersign-contract = • **{ $name }**: { $n ->
        [one] { $n } contract waiting
       *[other] { $n } contracts waiting
    }
signing-countersign-link = ✍️ To countersign: { $url }
signing-countersign-request = ⚠️ Members have signed the contract **{ $contract }**: { $n ->
        [one] { $n } contract is waiting for your signature.
       *[other] { $n } contracts are waiting for your signature.
    }
signing-copy = ✅ The contract **{ $contract }** of { $member } is signed by both parties (version { $version }). Here is your copy as a PDF: { $filename }
signing-button-contracts = See my contracts

## Signing web pages

web-footer = Panier, free software for AMAPs. This link is personal: please do not forward it.
web-expires = Link valid until { $date }.
web-sign-page-title = Contract { $contract } — { $amap }
web-sign-heading = Contract “{ $contract }”
web-sign-subheading = { $farm } · { $season } · { $amap }
web-sign-for = Contract of { $name }
web-sign-status-new = You have not signed this contract yet.
web-sign-status-member-signed = You have signed this contract (version { $version }). The farm still has to countersign it.
web-sign-status-countersigned = This contract is signed by you and by the farm (version { $version }).
web-sign-status-changes = You have changed your signed contract: these changes are an amendment, to be signed again by you and then by the farm. Until then, the signed version { $version } still holds.
web-sign-status-paper = Your contract was signed on paper.
web-sign-late = Joining during the season: your deliveries start on { $date }.
web-sign-closed = This contract no longer accepts changes online. For any question, write to your referent.
web-sign-section-contract = The contract
web-sign-amap = AMAP: { $amap } — distribution at { $place }, { $address }
web-sign-farm = Farm: { $farm }
web-sign-deliveries = { $n ->
        [one] { $n } delivery, on { $first }
       *[other] { $n } deliveries, from { $first } to { $last }
    }
web-sign-products-heading = Products and prices
web-sign-price = { $price } each
web-sign-price-unit = { $price } per { $unit }
web-sign-only-some-dates = delivered { $n ->
        [one] on { $n } date
       *[other] on { $n } dates
    }
web-sign-section-quantities = Your quantities
web-sign-every-date-help = The same quantity at every delivery. You can then adjust it date by date.
web-sign-quantity-label = { $product } — quantity at each delivery
web-sign-quantity-mixed = quantities differ between dates
web-sign-save = Save the quantities
web-sign-per-date-summary = Adjust date by date
web-sign-per-date-help = Greyed-out dates are past or too close: they can no longer change.
web-sign-date-column = Date
web-sign-quantity-cell = { $product }, on { $date }
web-sign-not-delivered = not delivered that day
web-sign-moved = moved to { $date }
web-sign-locked = closed
web-sign-save-dates = Save the quantities per date
web-sign-total = Season total: { $total }
web-sign-section-payment = Payment
web-sign-payee = Cheques payable to: { $payee }. They are handed to your referent, never to the AMAP.
web-sign-cheques-legend = Number of cheques
web-sign-cheque-option = { $n ->
        [one] { $n } cheque: { $amounts }
       *[other] { $n } cheques: { $amounts }
    }
web-sign-choose-cheques = Choose this payment
web-sign-cheque-line = Cheque { $number }: { $amount }, cashed in { $month }
web-sign-section-rules = Contract rules
web-sign-rule-absences = { $n ->
        [0] Absences: none provided for by the contract.
        [one] Absences: at most { $n } in the season.
       *[other] Absences: at most { $n } in the season.
    }
web-sign-rule-modes = If you cannot come: { $modes }.
web-sign-mode-postpone = postpone to a later delivery
web-sign-mode-handover = someone collects your basket
web-sign-mode-donate = give the basket away
web-sign-rule-deadline = Changes and absences: up to { $n } days before each delivery.
web-sign-rule-shifts = { $n ->
        [0] Duty shifts: none required.
        [one] Duty shifts: { $n } in the season.
       *[other] Duty shifts: { $n } in the season.
    }
web-sign-rule-period = Subscriptions from { $opens } to { $closes }.
web-sign-section-commitment = Commitment
web-sign-section-sign = Signature
web-sign-consent = I commit to this contract “{ $contract }” with { $farm } (version { $version }, total { $total }) and sign it electronically.
web-sign-submit = I sign
web-sign-hash = Document fingerprint (SHA-256): { $hash }
web-sign-empty = Choose at least one product before signing.
web-sign-nothing-new = Nothing has changed since your signature.
web-sign-download = Download the signed contract (PDF)
web-sign-saved = Quantities saved. The total is up to date; sign when everything suits you.
web-sign-cheques-saved = Payment saved.
web-sign-done-title = Thank you, it is signed!
web-sign-done = Your signature is recorded (version { $version }). The farm will countersign; you will then receive your copy as a PDF in your chat.
web-sign-done-next = You can close this page. To see your contract again, ask the bot for a new link: { $cmd }

web-error-heading = Could not save
web-error-quantity = A quantity goes from 0 to 999: please correct “{ $input }”.
web-error-not-offered = This product is not delivered on that date.
web-error-deadline = This delivery is too close to be changed.
web-error-not-a-date = This date is not part of your contract.
web-error-cheques = This number of cheques is not possible for this total.
web-error-consent = Tick the “I commit…” box to sign.
web-error-stale = The contract changed since the page was shown. Read it again, then sign again.
web-error-closed = This contract is no longer open for subscription. For any question, write to your referent.
web-error-already = Nothing has changed since your signature: there is nothing new to sign.
web-error-empty = Choose at least one product before signing.
web-error-unknown-product = This product is not part of the contract.
web-error-nothing-selected = No contract was selected.

web-link-unknown-title = Unknown link
web-link-unknown = This link does not exist or is no longer valid. Ask the bot for a new link by typing { $cmd }.
web-link-expired-title = Link expired
web-link-expired = This link has expired: it is valid for 7 days. Ask the bot for a new one by typing { $cmd }.
web-link-used-title = Link already used
web-link-used = This link was already used to sign. To see or change your contract, ask the bot for a new link by typing { $cmd }.
web-form-expired-title = Form expired
web-form-expired = This form does not come from this page. Open the link you received in your chat again, then start over.
web-rate-limited-title = Too many attempts
web-rate-limited = Too many attempts from your connection. Please wait a minute, then try again.
web-forbidden-title = Access refused
web-forbidden = This link no longer gives access to this contract. For any question, write to the AMAP's administrators.
web-not-found-title = Page not found
web-not-found = This page does not exist. Open the link you received in your chat.
web-internal-title = Technical problem
web-internal = A technical problem prevents this page from showing. Try again in a few minutes; if it lasts, tell the AMAP's administrators.

web-farmer-page-title = Countersign — { $contract }
web-farmer-heading = Countersign the “{ $contract }” contracts
web-farmer-intro = { $farm } · { $amap } · { $n ->
        [one] { $n } contract is waiting for your signature
       *[other] { $n } contracts are waiting for your signature
    }
web-farmer-none = No contract is waiting for your signature for now.
web-farmer-row = { $name } — { $total } — signed on { $date } (version { $version })
web-farmer-details = See the details
web-farmer-consent-one = I countersign the “{ $contract }” contract of { $name } (version { $version }, total { $total }).
web-farmer-sign-one = Countersign this contract
web-farmer-all-heading = Countersign all
web-farmer-consent-all = I countersign the { $n } “{ $contract }” contracts listed on this page, as the members signed them.
web-farmer-sign-all = Countersign the { $n } contracts
web-farmer-countersigned-heading = Already countersigned
web-farmer-countersigned-row = { $name } — { $total } — countersigned on { $date } (version { $version })
web-farmer-paper = { $n ->
        [one] { $n } contract was signed on paper: countersign it on paper.
       *[other] { $n } contracts were signed on paper: countersign them on paper.
    }
web-farmer-done-title = Contracts countersigned
web-farmer-done = { $n ->
        [one] { $n } contract countersigned.
       *[other] { $n } contracts countersigned.
    } Each member receives their copy as a PDF in their chat, and so do you.
web-farmer-back = Back to the list

## PDF copy of the signed contract

pdf-title = Contract “{ $contract }”
pdf-subtitle = { $season } · version { $version }
pdf-parties = Between { $member } (member) and { $farm } (farm), within { $amap }.
pdf-member = Member: { $name } — { $email }
pdf-farm = Farm: { $farm } — { $address }
pdf-amap = AMAP: { $amap } — distribution at { $place }, { $address }
pdf-products-heading = Products
pdf-grid-heading = Quantities per delivery
pdf-total = Season total: { $total }
pdf-schedule-heading = Payment
pdf-payee = Cheques payable to: { $payee }
pdf-rules-heading = Rules
pdf-commitment-heading = Commitment
pdf-signatures-heading = Electronic signatures
pdf-signed-member = Signed by { $name } (member) on { $at } UTC, link received on { $transport }.
pdf-signed-farmer = Countersigned by { $name } (farm) on { $at } UTC, link received on { $transport }.
pdf-consent = Consent: “{ $text }”
pdf-hash = SHA-256 fingerprint of the signed document: { $hash }
pdf-evidence = Records no. { $member } and { $farmer } of the AMAP's signature log.
pdf-legal = Simple electronic signature (eIDAS regulation, art. 25; French Civil Code, art. 1366-1367). This document reproduces the contract as it was shown and signed.
pdf-page = Page { $n } / { $total }
pdf-filename = contract-{ $contract }-{ $member }-v{ $version }.pdf
