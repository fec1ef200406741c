# Referent, farmer and admin commands (totaux, émargement, annuler, déplacer, paiements, commandes, membres, inviter, évènement).
#
# Variables communes : $contract (nom du contrat), $date / $from / $to (date en toutes lettres),
# $amap (nom de l'AMAP), $cmd / $example (une commande exacte à taper, avec son préfixe).

## Choisir un contrat, une date

manage-ask-contract = Pour quel contrat ?
manage-ask-date = **{ $contract }** : pour quelle livraison ? Choisissez une date, ou écrivez par exemple { $example }.
manage-no-upcoming = Le contrat **{ $contract }** n'a plus de livraison prévue.
manage-unknown-contract = Je ne trouve pas le contrat « { $input } ». Choisissez l'un des vôtres :
manage-no-delivery = Le contrat **{ $contract }** n'a pas de livraison le { $date }. Choisissez une date prévue :
manage-no-delivery-none = Le contrat **{ $contract }** n'a pas de livraison le { $date }, ni d'autre livraison prévue.
manage-or = ou
manage-forbidden-manage =
    Cette commande est réservée aux référent·es, aux paysan·nes et aux administrateur·ices du contrat { $contract }. { $count ->
        [0] Pour toute question, écrivez aux administrateur·ices de votre AMAP.
        [one] Pour toute question, écrivez à { $referents } (référent·e { $contract }).
       *[other] Pour toute question, écrivez à { $referents } (référent·es { $contract }).
    }
manage-forbidden-deliveries =
    Seul·es les référent·es et les paysan·nes du contrat { $contract } peuvent annuler ou déplacer une de ses livraisons. { $count ->
        [0] Pour toute question, écrivez aux administrateur·ices de votre AMAP.
        [one] Écrivez à { $referents } (référent·e { $contract }) si une livraison doit changer.
       *[other] Écrivez à { $referents } (référent·es { $contract }) si une livraison doit changer.
    }
manage-members-concerned =
    { $members ->
        [one] { $members } amapien·ne est concerné·e.
       *[other] { $members } amapien·nes sont concerné·es.
    }
manage-stop = D'accord, j'arrête là.
manage-nothing-to-stop = Il n'y a rien en cours à annuler. Tapez { $help } pour voir ce que je sais faire.
manage-button-no = Non, ne rien changer
manage-confirm-typed = Pour confirmer, tapez { $command }

## Totaux d'une livraison (totaux) et commandes d'un·e paysan·ne (commandes)

manage-totals-header = Commande du **{ $date }** — { $contract }, { $amap }
manage-totals-line = • { $product } : { $quantity }
manage-totals-summary-baskets =
    { $baskets ->
        [one] { $baskets } panier
       *[other] { $baskets } paniers
    } pour { $members ->
        [one] { $members } amapien·ne
       *[other] { $members } amapien·nes
    } · { $amount }
manage-totals-summary =
    { $members ->
        [one] { $members } amapien·ne
       *[other] { $members } amapien·nes
    } · { $amount }
manage-totals-nobody = Personne n'a commandé pour cette livraison.
manage-button-signin = Feuille d'émargement
manage-button-other-date = Une autre date
manage-orders-none = Vous n'avez pas de livraison prévue pour le moment.
manage-orders-none-date = Vous n'avez pas de livraison prévue le { $date }.
manage-button-contract-dates = Autres dates ({ $contract })

## Feuille d'émargement (émargement)
## $name : nom complet de l'amapien·ne ; $items : ce qu'il ou elle récupère.

manage-signin-ask-date = Quelle distribution ? Choisissez une date, ou écrivez par exemple { $example }.
manage-signin-none = Il n'y a pas de distribution prévue pour le moment.
manage-signin-no-distribution = Il n'y a pas de distribution le { $date }. Choisissez une date :
manage-signin-empty = Personne n'a de panier à récupérer le { $date }.
manage-signin-header = 📅 Émargement du **{ $date }** — { $amap }
manage-signin-row-pending = • { $name } : { $items }
manage-signin-row-collected = ✅ { $name } : { $items }
manage-signin-row-not-collected = ❌ { $name } : { $items }
manage-signin-row-donated = • { $name } : { $items }
manage-signin-part-collector = { $items } (récupéré par { $collector })
manage-signin-part-donated = { $items } (laissé aux bénévoles)
manage-signin-summary = Récupéré : { $collected } · Non récupéré : { $missing } · À cocher : { $pending }
manage-signin-hint = Touchez ✅ quand une personne repart avec son panier, ❌ si elle n'est pas venue. Pour quelqu'un d'autre, écrivez par exemple { $example }.
manage-signin-all-done = Tout le monde est coché, merci !
manage-signin-ticked-ok = ✅ C'est noté : { $name } a récupéré son panier.
manage-signin-ticked-no = ❌ C'est noté : { $name } n'a pas récupéré son panier.
manage-signin-donated = Le panier de { $name } est laissé aux bénévoles : il n'y a rien à cocher.
manage-signin-who-none = Je ne trouve personne qui corresponde à « { $input } » sur la feuille du { $date }.
manage-signin-who-many = Plusieurs personnes correspondent à « { $input } ». Laquelle ?
manage-signin-forbidden = La feuille d'émargement est réservée à l'équipe de permanence du jour, aux référent·es des contrats livrés ce jour-là et aux administrateur·ices. Pour vous inscrire à une permanence, tapez { $shifts }.
manage-signin-usage = Pour cocher quelqu'un, écrivez la date, puis « ok » ou « non », puis son nom, par exemple { $example }.
manage-button-tick-ok = ✅ { $name }
manage-button-tick-no = ❌ { $name }

## Annuler ou déplacer une livraison

manage-cancel-confirm = Annuler la livraison **{ $contract }** du **{ $date }** ?
manage-button-cancel-yes = Oui, annuler la livraison
manage-cancel-done = ✅ La livraison **{ $contract }** du **{ $date }** est annulée.
manage-move-ask-to = **{ $contract }** : à quelle date déplacer la livraison du **{ $date }** ? Choisissez une date, ou écrivez par exemple { $example }.
manage-move-confirm = Déplacer la livraison **{ $contract }** du **{ $from }** au **{ $to }** ?
manage-move-double = La ferme livre déjà le { $to } : ce sera une double livraison.
manage-button-move-yes = Oui, déplacer la livraison
manage-move-done = ✅ La livraison **{ $contract }** du **{ $from }** est déplacée au **{ $to }**.
manage-move-done-double = ✅ La livraison **{ $contract }** du **{ $from }** est déplacée au **{ $to }**, qui devient une double livraison.
manage-move-same-date = La livraison est déjà prévue le { $date }. Choisissez une autre date.
manage-move-outside = Le { $date } est en dehors de la saison du contrat { $contract } (du { $first } au { $last }). Choisissez une date entre les deux.
manage-move-breaks-absence = Impossible de déplacer la livraison au { $to } : des amapien·nes ont déclaré une absence ce jour-là. Choisissez une autre date :
manage-move-usage = Je n'ai pas compris les deux dates. Écrivez la date de la livraison puis la nouvelle date, par exemple { $example }.

## Paiements
## $payee : à l'ordre de qui sont les chèques.

manage-payments-header = Chèques du contrat **{ $contract }**, à l'ordre de { $payee }
manage-payments-line = • { $name } — { $total } : { $cheques }
manage-payments-line-state = • { $name } — { $total } : { $cheques } · { $state }
manage-payments-cheque = { $amount } ({ $month })
manage-payments-cheque-state = { $amount } ({ $month }, { $state })
manage-payments-no-cheque = aucun chèque prévu
manage-payments-state-to-provide = à remettre
manage-payments-state-received = reçu
manage-payments-state-handed = remis à la ferme
manage-payments-total = **Total : { $total }** pour { $members ->
        [one] { $members } amapien·ne
       *[other] { $members } amapien·nes
    }
manage-payments-by-state = Reçu : { $received } · À remettre : { $to_provide } · Remis à la ferme : { $handed }
manage-payments-without-cheque = Sans chèque prévu : { $amount }
manage-payments-none = Personne n'a encore souscrit au contrat **{ $contract }**.

## Membres

manage-members-ask = Qui cherchez-vous ? Écrivez un nom ou une adresse e-mail, par exemple { $example }.
manage-members-none = Personne ne correspond à « { $input } ». Vérifiez l'orthographe, ou invitez la personne avec { $invite }.
manage-members-found =
    { $total ->
        [one] 1 personne trouvée :
       *[other] { $total } personnes trouvées :
    }
manage-members-more =
    { $more ->
        [one] … et 1 autre : précisez votre recherche.
       *[other] … et { $more } autres : précisez votre recherche.
    }
manage-members-card = **{ $name }** — { $email } · { $phone }
manage-members-no-phone = pas de téléphone
manage-members-details = { $roles } · { $linked }
manage-members-linked = compte lié ({ $transports })
manage-members-not-linked = ⚠️ compte pas encore lié
manage-role-member = amapien·ne
manage-role-admin = administrateur·ice
manage-role-referent = référent·e { $contract }
manage-role-farmer = paysan·ne ({ $farm })
manage-button-invite-code = Code pour { $name }
manage-button-invite = Inviter quelqu'un

## Inviter un membre
## $email : l'adresse donnée ; $days : durée de validité du code ; $code : le code à transmettre.

manage-invite-ask-email = Quelle est l'adresse e-mail de la personne à inviter ? (Écrivez « annuler » pour arrêter.)
manage-invite-bad-email = « { $input } » ne ressemble pas à une adresse e-mail. Écrivez par exemple prenom.nom@exemple.fr, ou « annuler ».
manage-invite-ask-name = { $email } n'est pas encore dans Panier. Quels sont le prénom et le nom de cette personne ? Par exemple : Marie Durand
manage-invite-bad-name = Écrivez le prénom puis le nom, par exemple : Marie Durand (ou « annuler »).
manage-invite-done-new = ✅ C'est fait : **{ $name }** est maintenant membre de votre AMAP.
manage-invite-done-existing = **{ $name }** est déjà membre de votre AMAP : voici un nouveau code.
manage-invite-code = Son code personnel, valable { $days } jours et utilisable une seule fois : **{ $code }**
manage-invite-how = Transmettez-le : pour lier son compte, il suffit d'écrire à Panier /lier { $code } sur Telegram, ou !lier { $code } sur Matrix.
manage-button-invite-other = Inviter quelqu'un d'autre

## Créer un évènement

manage-event-ask-title = Quel est le titre de l'évènement ? Par exemple : Assemblée générale. (Écrivez « annuler » pour arrêter.)
manage-event-ask-when = Quand ? Écrivez la date et l'heure, par exemple « 12/06 18h30 ».
manage-event-bad-when = Je n'ai pas compris « { $input } ». Écrivez la date puis l'heure, par exemple « 12/06 18h30 ».
manage-event-no-time = Il me faut aussi l'heure, par exemple « { $input } 18h30 ».
manage-event-past = Ce moment est déjà passé. Choisissez une date à venir, par exemple « 12/06 18h30 ».
manage-event-ask-place = Où ? Par exemple : Salle des Capucins.
manage-event-ask-body = Quelques mots pour présenter l'évènement ? Écrivez « - » pour ne rien ajouter.
manage-event-empty = Écrivez au moins quelques lettres (ou « annuler » pour arrêter).
manage-event-too-long = C'est trop long : le titre fait au plus 120 caractères, le lieu 200 et le texte 2 000. Recommencez avec { $cmd }.
manage-event-done = ✅ L'évènement est créé. Les membres le voient avec { $events } et peuvent y répondre.
manage-event-title = **{ $title }**
manage-event-when = 📅 **{ $date }**, { $time }
manage-event-where = 📍 { $place }
manage-button-rsvp-yes = Je viens
manage-button-rsvp-maybe = Peut-être
manage-button-rsvp-no = Je ne viens pas

## Console et démo (terminal)

console-welcome = Bonjour { $name } ! Je suis Panier, l'assistant de votre AMAP. Tapez /aide pour voir ce que je sais faire.
console-prompt = vous
console-document-saved = 📎 Fichier enregistré : { $path }
demo-banner-amap = Démo de Panier : { $amap }, vous êtes { $name } ({ $email }).
demo-banner-quit = Écrivez un message par ligne, comme dans une discussion ; Ctrl-D pour quitter.
