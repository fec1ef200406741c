# Files for the people who run the AMAP: sign-in sheet, a contract's quantities (as Clic'AMAP
# exports them), the members list.

export-sheet-title = Sign-in sheet — { $amap }
export-sheet-date = Distribution of { $date }
export-sheet-empty = Nobody collects a basket that day.
export-sheet-count =
    { $n ->
        [one] { $n } member on the sheet
       *[other] { $n } members on the sheet
    }
export-sheet-file = sign-in
export-page = page { $n } of { $total }
export-col-name = Name
export-col-collects = Collects
export-col-note = Note
export-col-tick = Signed
export-note-donated = { $items }: left to the volunteers
export-note-collector = { $items }: collected by { $collector }
export-col-last-name = Last name
export-col-first-name = First name
export-col-product = { $product } ({ $price })
export-col-product-unit = { $product } ({ $price } / { $unit })
export-col-amount = Amount
export-col-date = Date
export-total = Total

# In the conversation.
export-signin-sent =
    📎 The sign-in sheet of **{ $date }**, { $format ->
        [pdf] ready to print
       *[other] for your spreadsheet
    } ({ $n ->
        [one] { $n } member
       *[other] { $n } members
    }). To tick it in the chat: { $command }
export-signin-format =
    I don't know the format “{ $input }”. Try { $pdf } to print it, or { $csv } for a spreadsheet.

# export: the files of referents, farmers and admins.
help-cmd-exporter = { $cmd } [contract] [xlsx | csv] — a contract's quantities as a spreadsheet, or the members list
export-menu =
    📎 Which file would you like? It is sent to you in a private message.
    You can also type for example { $example }. The sign-in sheet: { $signin }
export-button-contract = { $contract } (spreadsheet)
export-button-members = Members — { $amap } (CSV)
export-table-format =
    I don't know the format “{ $input }”. Try { $xlsx } for Excel or LibreOffice, or { $csv }.
export-contract-sent =
    📎 The quantities of the contract **{ $contract }**, { $format ->
        [csv] as CSV
       *[other] as a workbook (one sheet per date)
    }: { $dates ->
        [one] { $dates } delivery
       *[other] { $dates } deliveries
    }, { $members ->
        [one] { $members } member
       *[other] { $members } members
    }.
export-ask-amap = For which AMAP?
export-members-sent =
    📎 The members list — { $amap } ({ $n ->
        [one] { $n } person
       *[other] { $n } people
    }). It holds their contact details: keep it within the AMAP. It imports back as is from the members page: { $import }
