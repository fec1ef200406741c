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
