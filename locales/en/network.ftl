# AMAP networks: announcements (announce, announcements), their moderation, their sending, and
# the network's public page (directory and map).
#
# Common variables: $id (announcement number), $network (network name), $cmd (an exact command
# to type, with its prefix), $count (a number of people or announcements).

## Announcement kinds

network-kind-farm-seeks-amap = Farm looking for an AMAP
network-kind-amap-seeks-farm = AMAP looking for a farmer
network-kind-news = Network news

## Writing an announcement (announce)

network-ask-kind = What kind of announcement would you like to publish?
network-ask-product = Which product? For example "vegetables" or "goat cheese".
network-ask-area = In which area? For example "Lyon 4e" or "Monts du Lyonnais". Answer "-" if it does not matter.
network-ask-body = Your text, in a few lines (1,000 characters at most). Say how to reach you: it is shown as written.
network-empty-answer = I received nothing. Answer with some text, or "stop" to give up.
network-too-long = This text is too long: { $max } characters at most. Please shorten it and send it again.
network-unknown-kind = I do not know this kind of announcement. Choose one:
network-cannot-write =
    Network announcements are written by farmers, AMAP admins and the network's coordinators.
    To suggest one, write to your AMAP's admins.
network-sent-pending =
    ✅ Thank you! Your announcement no. { $id } was sent to { $network }.
    It will go out once the network's coordinators have reviewed it.
network-sent-published =
    ✅ Announcement no. { $id } published. { $count ->
        [0] Nobody can be reached for now: it stays visible with { $cmd }.
        [one] It goes out to { $count } person.
       *[other] It goes out to { $count } people.
    }

## Reading announcements (announcements)

network-list-header = 📰 **Network announcements**
network-list-empty = No current announcement in your network. To publish one: { $cmd }
network-list-none-network = Your AMAP is not part of a network on Panier: there is no announcement to read.
network-item-title = **no. { $id } · { $kind }** — { $from }
network-item-product = 🥕 { $product }
network-item-area = 📍 { $area }
network-item-until = Until { $date }
network-write-hint = To publish an announcement: { $cmd }

## Review by the network's coordinators

network-pending-header = ⚠️ { $count ->
        [one] **1 announcement to review**
       *[other] **{ $count } announcements to review**
    }
network-pending-none = No announcement to review.
network-button-approve = Approve no. { $id }
network-button-reject = Reject no. { $id }
network-approved =
    ✅ Announcement no. { $id } approved. { $count ->
        [0] Nobody can be reached for now: it stays visible with { $cmd }.
        [one] It goes out to { $count } person.
       *[other] It goes out to { $count } people.
    }
network-rejected = Announcement no. { $id } rejected: it will not be sent.
network-already-decided = Announcement no. { $id } was already handled, or it has expired.
network-unknown-announcement = I cannot find announcement no. { $id } to review. Type { $cmd } to see the list.
network-moderate-usage = Give the announcement's number, for example: { $cmd }
network-moderators-only = Reviewing announcements is for the network's coordinators.

## Announcement sent (notification)

network-push-title = 📰 **{ $kind }** — { $network }
network-push-from = From: { $from }
network-push-more = All announcements: { $cmd } · Stop receiving them: { $off }
network-button-list = See the announcements

## The network's public page (web)

web-network-title = { $network } — AMAPs and farms
web-network-intro = The AMAPs and farms of { $network }. Click a point on the map to go to its entry.
web-network-map-label = Map of the AMAPs and farms of { $network }
web-network-legend-amap = AMAP (distribution place)
web-network-legend-farm = Farm
web-network-amaps = AMAPs
web-network-farms = Farms
web-network-no-amap = No AMAP is listed yet.
web-network-no-farm = No farm is listed yet.
web-network-when = Distribution on { $day }, { $start }–{ $end }
web-network-place = 📍 { $place }
web-network-products = Products: { $products }
web-network-contact = Write to the AMAP
web-network-contact-farm = Write to the farm
web-network-no-location = (not on the map yet)
web-network-geojson = This data as GeoJSON (for uMap): { $url }
web-network-unknown = This network does not exist
web-network-unknown-body = Please check the page's address.
web-network-outline = Outline of France: Natural Earth (public domain).

## Help (network coordinators)

help-section-network = **Network and directory**
help-cmd-annonce = { $cmd } — write an announcement, or review one ("approve 12", "reject 12")
help-cmd-annonces = { $cmd } — current announcements and those to review

## Announcement to review (notification to the coordinators)

network-push-pending = ⚠️ **An announcement awaits your review** — { $network }

## The network's directory (network) and the entries of AMAPs and farms (listing).
## $slug: the short name of an AMAP or a farm, typed after /listing.

help-cmd-reseau = { $cmd } — the network's directory: AMAPs, farms and figures per season
help-cmd-fiche = { $cmd } — see and correct your AMAP's or farm's entry in the directory
directory-coordination-only =
    The network's directory is for its coordination.
    To see or correct your AMAP's or farm's entry: { $cmd }
directory-network-header = 🗺️ **{ $network }** — { $amaps ->
        [one] { $amaps } AMAP
       *[other] { $amaps } AMAPs
    }, { $farms ->
        [0] no farm
        [one] { $farms } farm
       *[other] { $farms } farms
    }
directory-network-page = Public page and map: { $url }
directory-amap-title = **{ $name }** ({ $slug })
directory-amap-where = 📍 { $place } · { $when }
directory-amap-contact = Contact: { $email }
directory-amap-no-season = No contract on Panier yet.
directory-amap-figures = { $season }: { $members ->
        [one] { $members } member
       *[other] { $members } members
    } · { $contracts ->
        [one] { $contracts } contract
       *[other] { $contracts } contracts
    } ({ $subscriptions ->
        [one] { $subscriptions } subscription
       *[other] { $subscriptions } subscriptions
    }) · { $deliveries ->
        [one] { $deliveries } delivery
       *[other] { $deliveries } deliveries
    }
directory-farms-header = **Farms**
directory-farm-line = • { $name } ({ $slug })
directory-farm-line-products = • { $name } ({ $slug }) — { $products }
directory-network-hint = These figures are totals: no member's name is shared with the network. To correct an entry: { $cmd }
directory-button-entry = Entry: { $name }
directory-nothing-to-edit =
    Directory entries are kept by each AMAP's admins, by farmers for their farm and by the network's coordination.
    To report a mistake, write to your AMAP's admins.
directory-choose = { $count ->
        [one] You can correct this entry: choose it, or type { $cmd }
       *[other] You can correct these { $count } entries. Choose one, or type for example { $cmd }
    }
directory-unknown-entry = I can't find an entry “{ $input }”.
directory-title-amap = **Directory entry — { $name }** (AMAP, { $slug })
directory-title-farm = **Directory entry — { $name }** (farm, { $slug })
directory-field-line = { $field }: { $value }
directory-empty-field = —
directory-not-on-map = not on the map yet
directory-fields-amap =
    To correct a field, type for example: { $cmd }
    Fields: name, place, address, contact, location, products. “-” empties a field.
directory-fields-farm =
    To correct a field, type for example: { $cmd }
    Fields: name, address, contact, location, products. “-” empties a field.
directory-unknown-field = I don't know the field “{ $input }”.
directory-ask-value = Give the new value after the field's name, for example: { $cmd }
directory-too-long = This text is too long: { $max } characters at most. Example: { $cmd }
directory-name-needed = The name cannot be empty. Example: { $cmd }
directory-bad-contact = That is not an e-mail address. Example: { $cmd }
directory-bad-location = I didn't understand the location. Give the latitude then the longitude, for example: { $cmd }
directory-saved = ✅ Entry updated ({ $field ->
        [name] name
        [place] place
        [address] address
        [contact] contact
        [location] location
       *[products] products
    }). The network's page shows it now.
directory-field-word-name = name
directory-field-word-place = place
directory-field-word-address = address
directory-field-word-contact = contact
directory-field-word-location = location
directory-field-word-products = products
directory-example-name = Capucins AMAP
directory-example-place = Capucins hall
directory-example-address = 3 rue des Lilas, 69001 Lyon
directory-example-contact = board@my-amap.org
directory-example-location = 45.7676, 4.8344
directory-example-products = vegetables, eggs, bread
