# The personal calendar (iCal): the `calendar` command and the feed's content.

calendar-link =
    📅 Your Panier calendar: your distributions (with what you collect), your duty shifts and the AMAP's events.
    Add this link to your calendar app (“Add calendar” → “From URL”, or “Subscribe”):
    { $url }
    This link is personal, don't share it. If it got around, type { $reset } to replace it.
calendar-renewed = ✅ New link created: the old one no longer works.
calendar-exists =
    📅 You already have a calendar link. For your safety, Panier does not keep it in clear and cannot show it again.
    To get a new one (the old one will stop working), tap the button or type { $reset }.
calendar-button-reset = New link
calendar-usage = Type { $command } to get your calendar link, or { $reset } to replace it.

# In the iCal feed (plain text).
calendar-feed-name = Panier — { $amap }
calendar-distribution = 🥕 Distribution — { $amap }
calendar-duty = Duty shift — { $amap }
calendar-collect = You collect: { $items }
calendar-collect-for = For { $owner }: { $items }
calendar-handed = { $contract }: handed to { $to }
calendar-postponed = { $contract }: postponed
calendar-donated = { $contract }: left to the volunteers
calendar-on-duty = You are on duty that day, thank you!
help-cmd-calendrier = { $cmd } — the link to your calendar (distributions, duty shifts, events)
