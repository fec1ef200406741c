## Signature en ligne : messages du bot (commande signer, demandes de contre-signature, copies)

signing-link = ✍️ Pour lire et signer : { $url }
signing-link-amend = ✍️ Pour voir ou modifier votre contrat : { $url }
signing-link-note = Ce lien est personnel, ne le transférez pas. Il est valable jusqu'au { $expires }.
signing-signed-title = Vous avez déjà signé ce contrat. Toute modification sera un avenant à signer de nouveau :
signing-countersign-title =
    { $n ->
        [one] En tant que paysan·ne, vous avez un contrat à contresigner :
       *[other] En tant que paysan·ne, vous avez des contrats à contresigner :
    }
signing-countersign-contract = • **{ $name }** : { $n ->
        [one] { $n } contrat en attente
       *[other] { $n } contrats en attente
    }
signing-countersign-link = ✍️ Pour contresigner : { $url }
signing-countersign-request = ⚠️ Des amapien·nes ont signé le contrat **{ $contract }** : { $n ->
        [one] { $n } contrat attend votre signature.
       *[other] { $n } contrats attendent votre signature.
    }
signing-copy = ✅ Le contrat **{ $contract }** de { $member } est signé par les deux parties (version { $version }). Voici votre exemplaire en PDF : { $filename }
signing-button-contracts = Voir mes contrats

## Pages web de signature

web-footer = Panier, logiciel libre pour les AMAP. Ce lien est personnel : ne le transférez pas.
web-expires = Lien valable jusqu'au { $date }.
web-sign-page-title = Contrat { $contract } — { $amap }
web-sign-heading = Contrat « { $contract } »
web-sign-subheading = { $farm } · { $season } · { $amap }
web-sign-for = Contrat de { $name }
web-sign-status-new = Vous n'avez pas encore signé ce contrat.
web-sign-status-member-signed = Vous avez signé ce contrat (version { $version }). La ferme doit encore le contresigner.
web-sign-status-countersigned = Ce contrat est signé par vous et par la ferme (version { $version }).
web-sign-status-changes = Vous avez modifié votre contrat signé : ces changements forment un avenant, à signer de nouveau par vous puis par la ferme. D'ici là, la version { $version } signée reste valable.
web-sign-status-paper = Votre contrat a été signé sur papier.
web-sign-late = Inscription en cours de saison : vos livraisons commencent le { $date }.
web-sign-closed = Ce contrat n'accepte plus de changement en ligne. Pour toute question, écrivez à votre référent·e.
web-sign-section-contract = Le contrat
web-sign-amap = AMAP : { $amap } — distribution à { $place }, { $address }
web-sign-farm = Ferme : { $farm }
web-sign-deliveries = { $n ->
        [one] { $n } livraison, le { $first }
       *[other] { $n } livraisons, du { $first } au { $last }
    }
web-sign-products-heading = Produits et prix
web-sign-price = { $price } l'unité
web-sign-price-unit = { $price } par { $unit }
web-sign-only-some-dates = livré { $n ->
        [one] à { $n } date
       *[other] à { $n } dates
    }
web-sign-section-quantities = Vos quantités
web-sign-every-date-help = La même quantité à chaque livraison. Vous pourrez ensuite l'ajuster date par date.
web-sign-quantity-label = { $product } — quantité à chaque livraison
web-sign-quantity-mixed = quantités différentes selon les dates
web-sign-save = Enregistrer les quantités
web-sign-per-date-summary = Ajuster date par date
web-sign-per-date-help = Les dates grisées sont passées ou trop proches : elles ne se modifient plus.
web-sign-date-column = Date
web-sign-quantity-cell = { $product }, le { $date }
web-sign-not-delivered = non livré ce jour-là
web-sign-moved = déplacée au { $date }
web-sign-locked = fermée
web-sign-save-dates = Enregistrer les quantités par date
web-sign-total = Total de la saison : { $total }
web-sign-section-payment = Paiement
web-sign-payee = Chèques à l'ordre de : { $payee }. Ils sont remis à votre référent·e, jamais à l'AMAP.
web-sign-cheques-legend = Nombre de chèques
web-sign-cheque-option = { $n ->
        [one] { $n } chèque : { $amounts }
       *[other] { $n } chèques : { $amounts }
    }
web-sign-choose-cheques = Choisir ce paiement
web-sign-cheque-line = Chèque { $number } : { $amount }, encaissé en { $month }
web-sign-section-rules = Règles du contrat
web-sign-rule-absences = { $n ->
        [0] Absences : aucune prévue par le contrat.
        [one] Absences : { $n } au plus dans la saison.
       *[other] Absences : { $n } au plus dans la saison.
    }
web-sign-rule-modes = Si vous ne venez pas : { $modes }.
web-sign-mode-postpone = report à une livraison suivante
web-sign-mode-handover = panier confié à quelqu'un
web-sign-mode-donate = panier donné
web-sign-rule-deadline = Modifications et absences : jusqu'à { $n } jours avant chaque livraison.
web-sign-rule-shifts = { $n ->
        [0] Permanences : aucune demandée.
        [one] Permanences : { $n } dans la saison.
       *[other] Permanences : { $n } dans la saison.
    }
web-sign-rule-period = Inscriptions du { $opens } au { $closes }.
web-sign-section-commitment = Engagement
web-sign-section-sign = Signature
web-sign-consent = Je m'engage à respecter ce contrat « { $contract } » avec { $farm } (version { $version }, total { $total }) et je le signe électroniquement.
web-sign-submit = Je signe
web-sign-hash = Empreinte du document (SHA-256) : { $hash }
web-sign-empty = Choisissez au moins un produit avant de signer.
web-sign-nothing-new = Rien n'a changé depuis votre signature.
web-sign-download = Télécharger le contrat signé (PDF)
web-sign-saved = Quantités enregistrées. Le total est à jour ; signez quand tout vous convient.
web-sign-cheques-saved = Paiement enregistré.
web-sign-done-title = Merci, c'est signé !
web-sign-done = Votre signature est enregistrée (version { $version }). La ferme va contresigner ; vous recevrez alors votre exemplaire en PDF dans votre messagerie.
web-sign-done-next = Vous pouvez fermer cette page. Pour revoir votre contrat, demandez un nouveau lien au bot : { $cmd }

web-error-heading = Impossible d'enregistrer
web-error-quantity = Une quantité va de 0 à 999 : corrigez « { $input } ».
web-error-not-offered = Ce produit n'est pas livré à cette date.
web-error-deadline = Cette livraison est trop proche pour être modifiée.
web-error-not-a-date = Cette date ne fait pas partie de votre contrat.
web-error-cheques = Ce nombre de chèques n'est pas possible pour ce total.
web-error-consent = Cochez la case « Je m'engage… » pour signer.
web-error-stale = Le contrat a changé depuis l'affichage de la page. Relisez-le, puis signez de nouveau.
web-error-closed = Ce contrat n'est plus ouvert aux inscriptions. Pour toute question, écrivez à votre référent·e.
web-error-already = Rien n'a changé depuis votre signature : il n'y a rien de nouveau à signer.
web-error-empty = Choisissez au moins un produit avant de signer.
web-error-unknown-product = Ce produit ne fait pas partie du contrat.
web-error-nothing-selected = Aucun contrat n'était sélectionné.

web-link-unknown-title = Lien inconnu
web-link-unknown = Ce lien n'existe pas ou n'est plus valable. Demandez un nouveau lien au bot en tapant { $cmd }.
web-link-expired-title = Lien expiré
web-link-expired = Ce lien a expiré : il est valable 7 jours. Demandez-en un nouveau au bot en tapant { $cmd }.
web-link-used-title = Lien déjà utilisé
web-link-used = Ce lien a déjà servi à signer. Pour voir ou modifier votre contrat, demandez un nouveau lien au bot en tapant { $cmd }.
web-form-expired-title = Formulaire périmé
web-form-expired = Ce formulaire ne vient pas de cette page. Rouvrez le lien reçu dans votre messagerie, puis recommencez.
web-rate-limited-title = Trop de tentatives
web-rate-limited = Trop de tentatives depuis votre connexion. Patientez une minute, puis réessayez.
web-forbidden-title = Accès refusé
web-forbidden = Ce lien ne donne plus accès à ce contrat. Pour toute question, écrivez aux administrateur·ices de l'AMAP.
web-not-found-title = Page introuvable
web-not-found = Cette page n'existe pas. Ouvrez le lien reçu dans votre messagerie.
web-internal-title = Problème technique
web-internal = Un problème technique empêche d'afficher cette page. Réessayez dans quelques minutes ; si cela dure, prévenez les administrateur·ices de l'AMAP.

web-farmer-page-title = Contresigner — { $contract }
web-farmer-heading = Contresigner les contrats « { $contract } »
web-farmer-intro = { $farm } · { $amap } · { $n ->
        [one] { $n } contrat attend votre signature
       *[other] { $n } contrats attendent votre signature
    }
web-farmer-none = Aucun contrat n'attend votre signature pour le moment.
web-farmer-row = { $name } — { $total } — signé le { $date } (version { $version })
web-farmer-details = Voir le détail
web-farmer-consent-one = Je contresigne le contrat « { $contract } » de { $name } (version { $version }, total { $total }).
web-farmer-sign-one = Contresigner ce contrat
web-farmer-all-heading = Tout contresigner
web-farmer-consent-all = Je contresigne les { $n } contrats « { $contract } » listés sur cette page, tels qu'ils ont été signés par les amapien·nes.
web-farmer-sign-all = Contresigner les { $n } contrats
web-farmer-countersigned-heading = Déjà contresignés
web-farmer-countersigned-row = { $name } — { $total } — contresigné le { $date } (version { $version })
web-farmer-paper = { $n ->
        [one] { $n } contrat a été signé sur papier : contresignez-le sur papier.
       *[other] { $n } contrats ont été signés sur papier : contresignez-les sur papier.
    }
web-farmer-done-title = Contrats contresignés
web-farmer-done = { $n ->
        [one] { $n } contrat contresigné.
       *[other] { $n } contrats contresignés.
    } Chaque amapien·ne reçoit son exemplaire en PDF dans sa messagerie, et vous aussi.
web-farmer-back = Revenir à la liste

## Exemplaire PDF du contrat signé

pdf-title = Contrat « { $contract } »
pdf-subtitle = { $season } · version { $version }
pdf-parties = Entre { $member } (amapien·ne) et { $farm } (ferme), dans le cadre de l'association { $amap }.
pdf-member = Amapien·ne : { $name } — { $email }
pdf-farm = Ferme : { $farm } — { $address }
pdf-amap = AMAP : { $amap } — distribution à { $place }, { $address }
pdf-products-heading = Produits
pdf-grid-heading = Quantités par livraison
pdf-total = Total de la saison : { $total }
pdf-schedule-heading = Paiement
pdf-payee = Chèques à l'ordre de : { $payee }
pdf-rules-heading = Règles
pdf-commitment-heading = Engagement
pdf-signatures-heading = Signatures électroniques
pdf-signed-member = Signé par { $name } (amapien·ne) le { $at } UTC, lien reçu sur { $transport }.
pdf-signed-farmer = Contresigné par { $name } (ferme) le { $at } UTC, lien reçu sur { $transport }.
pdf-consent = Consentement : « { $text } »
pdf-hash = Empreinte SHA-256 du document signé : { $hash }
pdf-evidence = Preuves n° { $member } et { $farmer } du journal de signatures de l'AMAP.
pdf-legal = Signature électronique simple (règlement eIDAS, art. 25 ; Code civil, art. 1366-1367). Ce document reprend le contrat tel qu'il a été affiché et signé.
pdf-page = Page { $n } / { $total }
pdf-filename = contrat-{ $contract }-{ $member }-v{ $version }.pdf
