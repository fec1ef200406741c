# Panier — messages en français (langue de référence).
#
# Conventions (voir shared/voice.md) :
# - clés en kebab-case, préfixées par leur domaine : help-…, next-…, error-…, date-…, basket-…
# - chaque clé existe aussi dans locales/en/panier.ftl (un test le vérifie) ;
# - vouvoiement, phrases courtes, toujours la prochaine action possible ;
# - espaces insécables : « guillemets » avec U+00A0, fine insécable U+202F avant ? ! ; :
# - les nombres ($n) passent par les règles de pluriel CLDR : en français 0 et 1 sont au singulier.

## Paniers

basket-count =
    { $n ->
        [one] { $n } panier
       *[other] { $n } paniers
    }

## Dates

date-today = aujourd'hui
date-tomorrow = demain

## Erreurs de saisie d'une date
## $input : ce que la personne a écrit ; $date : la date en toutes lettres ;
## $weekday : le vrai jour de la semaine ; $stated : le jour écrit par la personne.

error-date-empty = Quelle date ? Écrivez par exemple « 12/05 » ou « mardi ».
error-date-unrecognized = Je n'ai pas compris la date « { $input } ». Essayez par exemple « 12/05 » ou « mardi ».
error-date-impossible = La date « { $input } » n'existe pas dans le calendrier. Vérifiez le jour et le mois, par exemple « 12/05 ».
error-date-weekday-mismatch = Le { $date } tombe un { $weekday }, pas un { $stated }. Écrivez seulement la date, par exemple « 12/05 », ou le bon jour.
error-date-too-long = C'est un peu long pour une date ! Écrivez par exemple « 12/05 » ou « mardi ».

## Moteur de conversation

not-understood = Je n'ai pas compris. Tapez { $help } pour voir ce que je sais faire.
unknown-command = Je ne connais pas la commande « { $input } ». Tapez { $help } pour la liste.
unknown-command-suggest = Je ne connais pas la commande « { $input } ». Vouliez-vous dire { $suggestion } ?
answered-in-private = Je vous réponds en privé 📩
private-unreachable = ⚠️ Je ne peux pas encore vous écrire en privé : ouvrez d'abord une conversation avec moi ({ $link }) et appuyez sur « Démarrer », puis renvoyez votre commande.
error-too-long = Votre message est trop long pour moi. Écrivez une commande courte, par exemple /aide.
error-internal = Un souci technique m'empêche de répondre. Réessayez dans quelques minutes ; si cela continue, prévenez les administrateur·ices de votre AMAP.
error-not-yet = Cette commande n'est pas encore disponible. Tapez /aide pour voir ce que je sais faire.
error-not-linked = Je ne sais pas encore qui vous êtes. Demandez un code aux administrateur·ices de votre AMAP, puis écrivez { $prefix }lier CODE.

## Erreurs

error-invalid-email = Cette adresse e-mail ne semble pas valable. Vérifiez-la, par exemple « prenom.nom@exemple.fr ».
error-invalid-quantity = La quantité doit être un nombre entier entre 0 et 999.
error-invalid-name = Ce nom n'est pas valable : écrivez un nom de 1 à 80 caractères.
error-invalid-date = Cette date ne correspond à aucune livraison. Tapez /livraisons pour voir vos dates.
error-invalid-value = Je n'ai pas compris cette valeur. Tapez { $help } pour un exemple.
error-absence-mode = Ce contrat ne permet pas ce choix pour une absence. Votre référent·e peut vous renseigner.
error-too-many-absences = Vous avez déjà utilisé toutes les absences prévues par ce contrat. Voyez avec votre référent·e.
error-deadline-passed = Il est trop tard pour modifier cette livraison : le délai prévu par le contrat est passé. Prévenez votre référent·e.
error-handover-self = Vous ne pouvez pas vous donner votre propre panier 🙂 Choisissez une autre personne.
error-in-the-past = Cette date est déjà passée. Choisissez une date à venir.
error-too-early = Cette distribution n'a pas encore eu lieu : vous pourrez confirmer le jour même.
error-nothing-to-collect = Vous n'avez rien à récupérer ce jour-là. Tapez /livraisons pour voir vos dates.
error-link-code = Ce code ne fonctionne pas : il est inconnu, déjà utilisé ou expiré. Demandez-en un nouveau aux administrateur·ices de votre AMAP.
error-rsvp = Répondez par oui, non ou peut-être.
error-unknown-contract = Je ne trouve pas ce contrat. Tapez /contrats pour voir la liste.
error-unknown-member = Je ne trouve pas cette personne parmi les membres de votre AMAP.
error-no-delivery = Il n'y a pas de livraison à cette date. Tapez /livraisons pour voir les dates.
error-unknown-event = Je ne trouve pas cet évènement. Tapez /evenements pour la liste.
error-not-found = Je ne trouve pas ce que vous cherchez. Tapez { $help } pour de l'aide.
error-referents-only = Cette commande est réservée aux référent·es du contrat et aux paysan·nes. Pour toute question, écrivez à votre référent·e.
error-farmers-only = Cette commande est réservée aux paysan·nes. Pour toute question, écrivez à votre référent·e.
error-admins-only = Cette commande est réservée aux administrateur·ices de l'AMAP. Écrivez-leur si vous avez besoin de quelque chose.
error-not-a-member = Cela concerne une AMAP dont vous n'êtes pas membre. Les administrateur·ices de votre AMAP peuvent vous aider.
error-shift-full = Cette permanence est déjà complète, merci ! Tapez /permanences pour voir les autres dates.
error-already-signed-up = Vous êtes déjà inscrit·e à cette permanence.
error-not-signed-up = Vous n'êtes pas inscrit·e à cette permanence.
error-already-absent = Vous avez déjà déclaré une absence pour cette livraison.
error-breaks-absence = Impossible : des amapien·nes ont déclaré une absence à cette date. Choisissez une autre date.
error-already-linked = Ce compte est déjà lié à une autre personne. Demandez de l'aide aux administrateur·ices de votre AMAP.
error-ambiguous = Plusieurs contrats portent ce nom. Précisez lequel, par exemple avec /contrats.
error-stale = Quelqu'un a modifié la même chose en même temps. Réessayez.
error-conflict = Ce n'est pas possible pour le moment. Tapez { $help } pour de l'aide.

## Lier son compte

link-how = Pour commencer, demandez un code aux administrateur·ices de votre AMAP, puis écrivez { $prefix }lier CODE.
link-done = Bienvenue { $name } ! Votre compte est maintenant lié à **{ $amap }**. Tapez /prochaine pour voir votre prochaine distribution.
privacy-notice = 🔒 { $amap } utilise Panier pour organiser les distributions. Vos données servent uniquement à cela ; vous pouvez les consulter ou demander leur effacement à tout moment (tapez { $prefix }aide).
welcome-back = Bonjour { $name } ! Tapez { $prefix }prochaine pour votre prochaine distribution, ou { $prefix }aide pour tout le reste.

## Aide

help-intro = Voici ce que je sais faire (tapez une commande, avec / ou !) :
help-intro-unlinked = Bonjour ! Je suis Panier, l'assistant de votre AMAP. Pour commencer, liez votre compte avec le code reçu de votre AMAP : { $prefix }lier CODE.
help-section-member = **Pour tous les membres**
help-section-referent = **Pour les référent·es**
help-section-farmer = **Pour les paysan·nes**
help-section-admin = **Pour les administrateur·ices**
help-cmd-aide = { $cmd } — cette aide
help-cmd-lier = { $cmd } CODE — lier votre compte
help-cmd-prochaine = { $cmd } — votre prochaine distribution
help-cmd-livraisons = { $cmd } — vos prochaines livraisons
help-cmd-confirmer = { $cmd } — confirmer que vous avez récupéré votre panier
help-cmd-absence = { $cmd } — déclarer une absence
help-cmd-donner = { $cmd } — faire récupérer votre panier par quelqu'un
help-cmd-permanences = { $cmd } — les permanences et votre inscription
help-cmd-contrats = { $cmd } — vos contrats
help-cmd-signer = { $cmd } — signer un contrat
help-cmd-evenements = { $cmd } — les évènements de l'AMAP
help-cmd-langue = { $cmd } — changer de langue
help-cmd-notifications = { $cmd } — choisir vos rappels
help-cmd-moi = { $cmd } — vos informations
help-cmd-totaux = { $cmd } — les totaux d'une livraison
help-cmd-emargement = { $cmd } [date] [pdf | csv] — la feuille d'émargement, à cocher ici ou en fichier
help-cmd-rappel = { $cmd } — envoyer un rappel
help-cmd-annuler = { $cmd } — annuler une livraison
help-cmd-deplacer = { $cmd } — déplacer une livraison
help-cmd-paiements = { $cmd } — qui a remis quels chèques
help-cmd-commandes = { $cmd } — vos commandes à livrer
help-cmd-membres = { $cmd } — chercher un membre
help-cmd-inviter = { $cmd } — inviter un membre
help-cmd-evenement = { $cmd } — créer un évènement
help-cmd-mesdonnees = { $cmd } — recevoir toutes vos données
help-cmd-oubli = { $cmd } — faire effacer vos données
help-cmd-confidentialite = { $cmd } — comment vos données sont utilisées

## Prochaine distribution

basket-item = { $quantity } × { $product }
next-when = 📅 **{ $date }**, { $hours }
next-where = 📍 { $place }, { $address }
next-collect = 🥕 Vous récupérez : **{ $items }**
next-postponed-item = 🥕 Et, reporté du { $from } : **{ $items }**
next-collect-for = 🤝 Vous récupérez aussi le panier de { $owner } : { $items }
next-given-handover = { $contract } : votre panier sera récupéré par { $to }
next-given-postponed = { $contract } : votre panier est reporté au { $to }.
next-given-donated = { $contract } : votre panier est laissé aux bénévoles.
next-nothing-to-collect = Vous n'avez rien à récupérer ce jour-là.
next-on-duty = Vous êtes de permanence ce jour-là, merci !
next-none = Vous n'avez pas de distribution prévue pour le moment. Tapez /contrats pour voir les contrats ouverts.
button-absent = Je serai absent·e
button-handover = Quelqu'un d'autre viendra
button-deliveries = Voir mes livraisons
button-next = Prochaine distribution
