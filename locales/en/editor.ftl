# Contract editor, settings and members: bot commands and web pages (one-time links).

## Commands
editor-usage = What would you like to do?
    • { $prefix }contract new — create a contract
    • { $prefix }contract edit NAME — edit a contract, for example { $prefix }contract edit { $example }
    • { $prefix }contract renew NAME — copy it into next season
editor-new-link = 📝 To create a contract, open this link: { $url }
editor-edit-link = 📝 To edit the contract **{ $name }** ({ $state }): { $url }
editor-renewed = ✅ **{ $name }** is copied as a draft for “{ $season }”. Deliveries fall on the same weekdays, from { $first }.
    Review it, then publish it: { $url }
editor-link-note = This link is personal, please do not forward it. It only opens in the first browser that uses it and is valid until { $expires }.
editor-refused = Only the contract's referents and the AMAP's admins can create or edit a contract. For any question, write to your referent.
editor-which-contract = Which contract? Type for example { $example }.
help-cmd-contrat = { $cmd } new | edit | renew — create or edit a contract
editor-button-new = Create a contract
editor-settings-link = ⚙️ To change the AMAP's settings (place, times, duty shifts, reminders, language, privacy): { $url }
editor-members-link = 👥 To manage members (search, add, roles, CSV import and export, linking codes): { $url }

## Web pages: access
ed-link-unknown-title = Unknown link
ed-link-unknown = This link does not exist. Ask the bot for a new one, for example with /contract new.
ed-link-expired-title = Link expired
ed-link-expired = This link has expired. Ask the bot for a new one.
ed-link-other-browser-title = Link already opened elsewhere
ed-link-other-browser = This link was already opened in another browser; for your safety it only works there. Ask the bot for a new link to continue here.
ed-form-expired = This form does not come from this page, or your session has expired. Open the link from your chat again, then retry.
ed-forbidden = You no longer have access to this page. For any question, write to the AMAP's admins.
ed-conflict-title = Change not possible
ed-conflict = This change conflicts with the current state. Reload the page and try again.

## Contract editor
ed-title-new = New contract
ed-title-edit = Edit “{ $contract }”
ed-state-draft = draft
ed-state-open = open for subscription
ed-state-closed = subscriptions closed
ed-state-running = running
ed-state-ended = ended
ed-state-archived = archived
ed-saved = ✅ Saved. The draft stays invisible to members until it is published.
ed-published = ✅ Published. Subscriptions open on { $date }: the bot will then send the signature requests.
ed-errors-heading = { $n ->
    [one] One field needs fixing
   *[other] { $n } fields need fixing
}
ed-locked-notice = This contract is published: members may have signed it already. You can still change the commitment text and relax the rules (later end of subscriptions, shorter deadline, more absences, more cheques…). Products, prices and dates no longer change: for that, write to the members concerned.
ed-farm-legend = Farm
ed-farm = Farm of the contract
ed-farm-choose = Choose a farm
ed-farm-new-option = New farm…
ed-new-farm = Name of the new farm
ed-new-farm-hint = Only if you chose “New farm…”.
ed-contract-legend = Contract
ed-name = Contract name
ed-name-hint = For example “Vegetables” or “Eggs”.
ed-season = Season
ed-season-hint = For example “2028” or “Summer 2028”.
ed-products-legend = Products
ed-products-hint = Leave a row empty to add nothing; empty a row to remove a product from a draft.
ed-product-heading = Product { $n }
ed-product-name = Name
ed-product-unit = Unit (optional)
ed-product-unit-hint = For example “kg”, “dozen” or “piece”.
ed-product-price = Unit price in euros
ed-product-price-hint = For example “12.50”.
ed-product-dates = Delivered { $on } times out of { $n } (untick the dates without this product)
ed-calendar-legend = Delivery calendar
ed-first = First delivery
ed-last = Last delivery
ed-every-weeks = Every how many weeks?
ed-every-weeks-hint = 1 for every week, 2 for every other week.
ed-calendar-hint = Untick the days without a delivery (holidays, bank holidays). After changing the dates or the rhythm, click “Update the calendar”.
ed-calendar-empty = Enter the first and last delivery to see the calendar.
ed-calendar-refresh = Update the calendar
ed-subscription-legend = Subscriptions
ed-opens = Subscriptions open
ed-opens-hint = The bot sends the signature requests on that day.
ed-closes = Subscriptions close
ed-late = Accept subscriptions during the season
ed-notice-days = Farm's notice (days)
ed-notice-days-hint = For a subscription during the season: days between subscribing and the first delivery.
ed-absences-legend = Absences and changes
ed-max-absences = Absences allowed in the season
ed-max-absences-hint = 0 if the contract allows none.
ed-modes = What members may do with their basket when they are away
ed-deadline-days = Change deadline (days before the delivery)
ed-deadline-days-hint = Quantities and absences can change until midnight, this many days before the delivery.
ed-shifts = Duty shifts asked of each member
ed-shifts-hint = 0 if the contract asks none.
ed-payment-legend = Payment by cheque
ed-max-cheques = Maximum number of cheques
ed-max-cheques-hint = Members choose between 1 and this number.
ed-min-cheque = Minimum cheque amount in euros (optional)
ed-min-cheque-hint = Empty for no minimum.
ed-payee = Cheques payable to
ed-payee-hint = Empty: the farm's name.
ed-commitment-legend = Commitment
ed-commitment = Commitment text
ed-commitment-hint = What the member and the farm commit to; it is part of the signed contract.
ed-save-draft = Save the draft
ed-save-changes = Save the changes
ed-publish = Publish
ed-publish-hint = Publishing opens the contract for subscription on its opening date. Its products, prices and dates can no longer change.
ed-preview-heading = Preview for members
ed-preview-hint = This is what members will see on their signing page.
ed-preview-unavailable = The preview appears once the form is complete.
ed-preview-sample = Example: one of each product at each delivery = { $total }

## Problems explained next to the fields
ed-problem-required = Please fill in this field.
ed-problem-too-long = This is too long: { $max } characters at most.
ed-problem-not-a-date = This is not a date. Type for example “2028-05-02” or “02/05/2028”.
ed-problem-not-a-number = Type a whole number between { $min } and { $max }.
ed-problem-not-an-amount = This is not an amount. Type for example “12.50”.
ed-problem-zero-price = A price must be above zero.
ed-problem-last-before-first = The last delivery comes before the first.
ed-problem-closes-before-opens = Subscriptions close before they open.
ed-problem-closes-after-season = Subscriptions close after the last delivery.
ed-problem-closed-already = Subscriptions have closed already: choose an end date to come to publish.
ed-problem-empty-calendar = The calendar has no delivery.
ed-problem-no-product = Add at least one product.
ed-problem-no-date-for-product = This product is delivered on no date: tick at least one date.
ed-problem-duplicate-product = Another product already has this name.
ed-problem-unknown-farm = Choose one of the farms in the list. For a new farm, write to the AMAP's admins.
ed-problem-locked = The contract is published: this change would alter contracts already signed. Write to the members concerned.
ed-problem-against-members = The contract is published: this change would go against the members who signed it.
ed-problem-not-a-time = This is not a time. Type for example “18:30”.
ed-problem-end-before-start = The end comes before the start.

## AMAP settings
help-cmd-reglages = { $cmd } — the AMAP's settings (place, times, reminders…)
st-title = AMAP settings
st-saved = ✅ Settings saved.
st-distribution-legend = Distribution
st-place = Distribution place
st-address = Address
st-weekday = Distribution day
st-start = Start
st-end = End
st-duty-slots = People on duty per distribution
st-reminders-legend = Reminders
st-reminders-hint = Choose the time of each reminder; the day is set relative to the distribution.
st-reminder-distribution-reminder = Distribution reminder to members: the day before
st-reminder-farmer-totals = Order totals to farms: once the change deadline has passed
st-reminder-duty-reminder = Reminder to the duty team: two days before
st-reminder-duty-alert = Alert about empty duty slots: five days before
st-reminder-signature = Signature requests and reminders: on the day
st-reminder-event-reminder = Event reminder: the day before
st-reminder-custom = custom schedule ({ $cron })
st-at = at { $time }
st-language-legend = Language
st-language = Default language of messages
st-language-fr = French
st-language-en = English
st-privacy-legend = Privacy
st-privacy = The AMAP's own notice
st-privacy-hint = Data controller, contact, host: shown to members when they link their account and with /privacy, after the common text. 2,000 characters at most.
st-save = Save the settings

## AMAP members
mb-title = AMAP members
mb-search-heading = Search
mb-search = Name or e-mail address
mb-search-button = Search
mb-found = { $n ->
    [0] No member found.
    [one] 1 member.
   *[other] { $n } members.
}
mb-download = Download the list (CSV)
mb-list-heading = List
mb-linked = chat account linked
mb-code-button = Linking code
mb-deactivate-button = Remove from the AMAP
mb-role-label = Role
mb-role-add = Give this role
mb-role-remove = Remove this role
mb-add-heading = Add a member
mb-email = E-mail address
mb-first-name = First name (for a new person)
mb-last-name = Last name (for a new person)
mb-add-button = Add
mb-added = ✅ { $name } is in the AMAP. Their linking code, to pass on: { $code } (typed after /link).
mb-code = Linking code for { $name }: { $code } (typed after /link; it works once).
mb-done-deactivated = ✅ This member is no longer in the AMAP.
mb-done-role = ✅ Roles updated.
mb-done-imported = ✅ File imported: the list is up to date.
mb-import-heading = Import a members file
mb-import-hint = A CSV file with the columns email, first_name, last_name, phone, roles (the format of “panier import members”). If a line is wrong, nothing is imported and the line is named.
mb-import-file = CSV file
mb-import-button = Import
mb-import-empty = Choose a CSV file that is not empty.
mb-import-refused = Nothing was imported: check the column “{ $field }”.
mb-import-refused-line = Nothing was imported: line { $line } needs fixing (column “{ $field }”).
mb-error-email = This e-mail address does not look valid.
mb-error-name = This name does not look valid.
mb-error-need-name = This person is new: please give their first and last name too.
mb-error-self = You cannot do this for yourself; ask another admin.
mb-error-running = This member has a signed contract running: they stay in the AMAP until it ends.
mb-error-unknown = This member or contract does not exist in the AMAP.
