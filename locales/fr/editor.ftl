# Éditeur de contrat, réglages et membres : commandes du bot et pages web (liens à usage unique).

## Commandes
editor-usage = Que souhaitez-vous faire ?
    • { $prefix }contrat nouveau — créer un contrat
    • { $prefix }contrat modifier NOM — modifier un contrat, par exemple { $prefix }contrat modifier { $example }
    • { $prefix }contrat renouveler NOM — le copier dans la saison suivante
editor-new-link = 📝 Pour créer un contrat, ouvrez ce lien : { $url }
editor-edit-link = 📝 Pour modifier le contrat **{ $name }** ({ $state }) : { $url }
editor-renewed = ✅ **{ $name }** est copié en brouillon pour « { $season } ». Les livraisons tombent les mêmes jours de la semaine, à partir du { $first }.
    Relisez-le puis publiez-le : { $url }
editor-link-note = Ce lien est personnel, ne le transférez pas. Il ne s'ouvre que dans le premier navigateur qui l'utilise et reste valable jusqu'au { $expires }.
editor-refused = Seul·es les référent·es du contrat et les administrateur·ices de l'AMAP peuvent créer ou modifier un contrat. Pour toute question, écrivez à votre référent·e.
editor-which-contract = Quel contrat ? Écrivez par exemple { $example }.
help-cmd-contrat = { $cmd } nouveau | modifier | renouveler — créer ou modifier un contrat
editor-button-new = Créer un contrat
editor-settings-link = ⚙️ Pour modifier les réglages de l'AMAP (lieu, horaires, permanences, rappels, langue, confidentialité) : { $url }
editor-members-link = 👥 Pour gérer les membres (recherche, ajout, rôles, import et export CSV, codes de liaison) : { $url }

## Pages web : accès
ed-link-unknown-title = Lien inconnu
ed-link-unknown = Ce lien n'existe pas. Demandez-en un nouveau au bot, par exemple avec /contrat nouveau.
ed-link-expired-title = Lien expiré
ed-link-expired = Ce lien a expiré. Demandez-en un nouveau au bot.
ed-link-other-browser-title = Lien déjà ouvert ailleurs
ed-link-other-browser = Ce lien a déjà été ouvert dans un autre navigateur ; pour votre sécurité, il ne fonctionne que là. Demandez un nouveau lien au bot pour continuer ici.
ed-form-expired = Ce formulaire ne vient pas de cette page, ou votre session a expiré. Rouvrez le lien reçu dans votre messagerie, puis recommencez.
ed-forbidden = Vous n'avez plus les droits pour cette page. Pour toute question, écrivez aux administrateur·ices de l'AMAP.
ed-conflict-title = Modification impossible
ed-conflict = Cette modification entre en conflit avec l'état actuel. Rechargez la page et recommencez.

## Éditeur de contrat
ed-title-new = Nouveau contrat
ed-title-edit = Modifier « { $contract } »
ed-state-draft = brouillon
ed-state-open = ouvert aux inscriptions
ed-state-closed = inscriptions closes
ed-state-running = en cours
ed-state-ended = terminé
ed-state-archived = archivé
ed-saved = ✅ Enregistré. Le brouillon reste invisible des amapien·nes tant qu'il n'est pas publié.
ed-published = ✅ Publié. Les inscriptions ouvrent le { $date } : le bot enverra alors les demandes de signature.
ed-errors-heading = { $n ->
    [one] Un champ est à corriger
   *[other] { $n } champs sont à corriger
}
ed-locked-notice = Ce contrat est publié : des amapien·nes l'ont peut-être déjà signé. Vous pouvez encore modifier le texte d'engagement et assouplir les règles (fin des inscriptions plus tard, délai plus court, plus d'absences, plus de chèques…). Les produits, prix et dates ne changent plus : pour cela, écrivez aux amapien·nes concerné·es.
ed-farm-legend = Ferme
ed-farm = Ferme du contrat
ed-farm-choose = Choisissez une ferme
ed-farm-new-option = Nouvelle ferme…
ed-new-farm = Nom de la nouvelle ferme
ed-new-farm-hint = Seulement si vous avez choisi « Nouvelle ferme… ».
ed-contract-legend = Contrat
ed-name = Nom du contrat
ed-name-hint = Par exemple « Légumes » ou « Œufs ».
ed-season = Saison
ed-season-hint = Par exemple « 2028 » ou « Été 2028 ».
ed-products-legend = Produits
ed-products-hint = Laissez une ligne vide pour ne rien ajouter ; videz une ligne pour retirer un produit d'un brouillon.
ed-product-heading = Produit { $n }
ed-product-name = Nom
ed-product-unit = Unité (facultatif)
ed-product-unit-hint = Par exemple « kg », « douzaine » ou « pièce ».
ed-product-price = Prix unitaire en euros
ed-product-price-hint = Par exemple « 12,50 ».
ed-product-dates = Livré { $on } fois sur { $n } (décochez les dates sans ce produit)
ed-calendar-legend = Calendrier des livraisons
ed-first = Première livraison
ed-last = Dernière livraison
ed-every-weeks = Toutes les combien de semaines ?
ed-every-weeks-hint = 1 pour chaque semaine, 2 pour une semaine sur deux.
ed-calendar-hint = Décochez les jours sans livraison (vacances, jours fériés). Après avoir changé les dates ou le rythme, cliquez sur « Mettre à jour le calendrier ».
ed-calendar-empty = Indiquez la première et la dernière livraison pour voir le calendrier.
ed-calendar-refresh = Mettre à jour le calendrier
ed-subscription-legend = Inscriptions
ed-opens = Ouverture des inscriptions
ed-opens-hint = Le bot envoie les demandes de signature ce jour-là.
ed-closes = Fin des inscriptions
ed-late = Accepter les inscriptions en cours de saison
ed-notice-days = Délai de prévenance de la ferme (jours)
ed-notice-days-hint = Pour une inscription en cours de saison : jours entre l'inscription et la première livraison.
ed-absences-legend = Absences et modifications
ed-max-absences = Absences possibles dans la saison
ed-max-absences-hint = 0 si le contrat n'en prévoit pas.
ed-modes = Ce que l'amapien·ne peut faire de son panier quand il ou elle est absent·e
ed-deadline-days = Délai de modification (jours avant la livraison)
ed-deadline-days-hint = Quantités et absences se changent jusqu'à minuit, ce nombre de jours avant la livraison.
ed-shifts = Permanences demandées par amapien·ne
ed-shifts-hint = 0 si le contrat n'en demande pas.
ed-payment-legend = Paiement par chèques
ed-max-cheques = Nombre maximal de chèques
ed-max-cheques-hint = L'amapien·ne choisit entre 1 et ce nombre.
ed-min-cheque = Montant minimal d'un chèque en euros (facultatif)
ed-min-cheque-hint = Vide pour aucun minimum.
ed-payee = Ordre des chèques
ed-payee-hint = Vide : le nom de la ferme.
ed-commitment-legend = Engagement
ed-commitment = Texte d'engagement
ed-commitment-hint = Ce que l'amapien·ne et la ferme s'engagent à faire ; il figure sur le contrat signé.
ed-save-draft = Enregistrer le brouillon
ed-save-changes = Enregistrer les modifications
ed-publish = Publier
ed-publish-hint = Publier ouvre le contrat aux inscriptions à sa date d'ouverture. Ses produits, prix et dates ne pourront plus changer.
ed-preview-heading = Aperçu pour les amapien·nes
ed-preview-hint = Voici ce que verront les amapien·nes sur leur page de signature.
ed-preview-unavailable = L'aperçu s'affichera quand le formulaire sera complet.
ed-preview-sample = Exemple : un de chaque produit à chaque livraison = { $total }

## Problèmes expliqués à côté des champs
ed-problem-required = Ce champ est à remplir.
ed-problem-too-long = C'est trop long : { $max } caractères au plus.
ed-problem-not-a-date = Ce n'est pas une date. Écrivez par exemple « 2028-05-02 » ou « 02/05/2028 ».
ed-problem-not-a-number = Écrivez un nombre entier entre { $min } et { $max }.
ed-problem-not-an-amount = Ce n'est pas un montant. Écrivez par exemple « 12,50 ».
ed-problem-zero-price = Un prix doit être supérieur à zéro.
ed-problem-last-before-first = La dernière livraison tombe avant la première.
ed-problem-closes-before-opens = Les inscriptions ferment avant d'ouvrir.
ed-problem-closes-after-season = Les inscriptions ferment après la dernière livraison.
ed-problem-closed-already = Les inscriptions sont déjà closes : choisissez une date de fin à venir pour publier.
ed-problem-empty-calendar = Le calendrier n'a aucune livraison.
ed-problem-no-product = Ajoutez au moins un produit.
ed-problem-no-date-for-product = Ce produit n'est livré à aucune date : cochez au moins une date.
ed-problem-duplicate-product = Un autre produit porte déjà ce nom.
ed-problem-unknown-farm = Choisissez une des fermes de la liste. Pour une nouvelle ferme, écrivez aux administrateur·ices de l'AMAP.
ed-problem-locked = Le contrat est publié : ce changement modifierait des contrats déjà signés. Écrivez aux amapien·nes concerné·es.
ed-problem-against-members = Le contrat est publié : ce changement serait défavorable aux amapien·nes qui l'ont signé.
ed-problem-not-a-time = Ce n'est pas une heure. Écrivez par exemple « 18:30 ».
ed-problem-end-before-start = La fin tombe avant le début.

## Réglages de l'AMAP
help-cmd-reglages = { $cmd } — les réglages de l'AMAP (lieu, horaires, rappels…)
st-title = Réglages de l'AMAP
st-saved = ✅ Réglages enregistrés.
st-distribution-legend = Distribution
st-place = Lieu de distribution
st-address = Adresse
st-weekday = Jour de distribution
st-start = Début
st-end = Fin
st-duty-slots = Personnes de permanence par distribution
st-reminders-legend = Rappels
st-reminders-hint = Choisissez l'heure de chaque rappel ; le jour est fixé par rapport à la distribution.
st-reminder-distribution-reminder = Rappel de distribution aux amapien·nes : la veille
st-reminder-farmer-totals = Totaux des commandes aux fermes : une fois le délai de modification passé
st-reminder-duty-reminder = Rappel à l'équipe de permanence : deux jours avant
st-reminder-duty-alert = Alerte pour les permanences à pourvoir : cinq jours avant
st-reminder-signature = Demandes et rappels de signature : le jour même
st-reminder-event-reminder = Rappel des évènements : la veille
st-reminder-custom = horaire personnalisé ({ $cron })
st-at = à { $time }
st-language-legend = Langue
st-language = Langue par défaut des messages
st-language-fr = Français
st-language-en = Anglais
st-privacy-legend = Confidentialité
st-privacy = Mentions propres à l'AMAP
st-privacy-hint = Responsable du traitement, contact, hébergeur : montré aux membres quand ils lient leur compte et avec /confidentialite, après le texte commun. 2 000 caractères au plus.
st-save = Enregistrer les réglages

## Membres de l'AMAP
mb-title = Membres de l'AMAP
mb-search-heading = Rechercher
mb-search = Nom ou adresse e-mail
mb-search-button = Rechercher
mb-found = { $n ->
    [0] Aucun membre trouvé.
    [one] 1 membre.
   *[other] { $n } membres.
}
mb-download = Télécharger la liste (CSV)
mb-list-heading = Liste
mb-linked = compte de messagerie lié
mb-code-button = Code de liaison
mb-deactivate-button = Retirer de l'AMAP
mb-role-label = Rôle
mb-role-add = Donner ce rôle
mb-role-remove = Retirer ce rôle
mb-add-heading = Ajouter un membre
mb-email = Adresse e-mail
mb-first-name = Prénom (pour une nouvelle personne)
mb-last-name = Nom (pour une nouvelle personne)
mb-add-button = Ajouter
mb-added = ✅ { $name } fait partie de l'AMAP. Son code de liaison, à lui transmettre : { $code } (à taper après /lier).
mb-code = Code de liaison de { $name } : { $code } (à taper après /lier ; il ne sert qu'une fois).
mb-done-deactivated = ✅ Ce membre ne fait plus partie de l'AMAP.
mb-done-role = ✅ Rôles mis à jour.
mb-done-imported = ✅ Fichier importé : la liste est à jour.
mb-import-heading = Importer un fichier de membres
mb-import-hint = Un fichier CSV avec les colonnes email, first_name, last_name, phone, roles (le format de « panier import members »). Si une ligne est fausse, rien n'est importé et la ligne est indiquée.
mb-import-file = Fichier CSV
mb-import-button = Importer
mb-import-empty = Choisissez un fichier CSV non vide.
mb-import-refused = Rien n'a été importé : vérifiez la colonne « { $field } ».
mb-import-refused-line = Rien n'a été importé : la ligne { $line } est à corriger (colonne « { $field } »).
mb-error-email = Cette adresse e-mail ne semble pas valable.
mb-error-name = Ce nom ne semble pas valable.
mb-error-need-name = Cette personne est nouvelle : indiquez aussi son prénom et son nom.
mb-error-self = Vous ne pouvez pas faire cela pour vous-même ; demandez à un·e autre administrateur·ice.
mb-error-running = Ce membre a un contrat signé en cours : il reste dans l'AMAP jusqu'à la fin du contrat.
mb-error-unknown = Ce membre ou ce contrat n'existe pas dans l'AMAP.
