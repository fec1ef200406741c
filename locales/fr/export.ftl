# Fichiers pour celles et ceux qui font tourner l'AMAP : feuille d'émargement, quantités d'un
# contrat (comme Clic'AMAP), liste des membres.

export-sheet-title = Feuille d'émargement — { $amap }
export-sheet-date = Distribution du { $date }
export-sheet-empty = Personne ne récupère de panier ce jour-là.
export-sheet-count =
    { $n ->
        [one] { $n } amapien·ne sur la feuille
       *[other] { $n } amapien·nes sur la feuille
    }
export-sheet-file = emargement
export-page = page { $n } sur { $total }
export-col-name = Nom
export-col-collects = Récupère
export-col-note = Remarque
export-col-tick = Émargement
export-note-donated = { $items } : laissé aux bénévoles
export-note-collector = { $items } : récupéré par { $collector }
export-col-last-name = Nom
export-col-first-name = Prénom
export-col-product = { $product } ({ $price })
export-col-product-unit = { $product } ({ $price } / { $unit })
export-col-amount = Montant
export-col-date = Date
export-total = Total

# Dans la conversation.
export-signin-sent =
    📎 La feuille d'émargement du **{ $date }**, { $format ->
        [pdf] prête à imprimer
       *[other] pour votre tableur
    } ({ $n ->
        [one] { $n } amapien·ne
       *[other] { $n } amapien·nes
    }). Pour la cocher dans la conversation : { $command }
export-signin-format =
    Je ne connais pas le format « { $input } ». Essayez { $pdf } pour l'imprimer, ou { $csv } pour un tableur.

# exporter : les fichiers des référent·es, des paysan·nes et des administrateur·ices.
help-cmd-exporter = { $cmd } [contrat] [xlsx | csv] — les quantités d'un contrat en tableur, ou la liste des membres
export-menu =
    📎 Quel fichier voulez-vous ? Il vous est envoyé en message privé.
    Vous pouvez aussi taper par exemple { $example }. La feuille d'émargement : { $signin }
export-button-contract = { $contract } (tableur)
export-button-members = Membres — { $amap } (CSV)
export-table-format =
    Je ne connais pas le format « { $input } ». Essayez { $xlsx } pour Excel ou LibreOffice, ou { $csv }.
export-contract-sent =
    📎 Les quantités du contrat **{ $contract }**, { $format ->
        [csv] en CSV
       *[other] en classeur (une feuille par date)
    } : { $dates ->
        [one] { $dates } livraison
       *[other] { $dates } livraisons
    }, { $members ->
        [one] { $members } amapien·ne
       *[other] { $members } amapien·nes
    }.
export-ask-amap = Pour quelle AMAP ?
export-members-sent =
    📎 La liste des membres — { $amap } ({ $n ->
        [one] { $n } personne
       *[other] { $n } personnes
    }). Elle contient leurs coordonnées : gardez-la pour l'AMAP. Elle se réimporte telle quelle depuis la page des membres : { $import }
